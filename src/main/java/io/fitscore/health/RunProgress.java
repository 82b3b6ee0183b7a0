package io.fitscore.health;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/** What the current run is doing: stage, when it started, and the row counts known so far. */
@ApplicationScoped
public class RunProgress {

    /** A consistent copy for readers on other threads; tasks are those of the Spark stages running now (none: empty). */
    public record Snapshot(String stage, long runSeconds, long stageSeconds, Map<String, Long> rows, boolean running,
            java.util.Optional<Tasks> tasks, java.util.Optional<Step> step) {
    }

    /** The step a training stage is on (a fold of a candidate or of cross-validation) and how many of its fits are done. */
    public record Step(String what, long done, long total) {
    }

    /** Spark tasks of the stages running now: done, running, in all. */
    public record Tasks(long done, long running, long total) {
    }

    private java.util.function.Supplier<Tasks> tasks = () -> null;

    private String stage = "starting";
    private Instant runStarted = Instant.now();
    private Instant stageStarted = Instant.now();
    private final Map<String, Long> rows = new LinkedHashMap<>();
    private boolean running;
    private Step step;

    public synchronized void runStarted() {
        runStarted = Instant.now();
        stageStarted = runStarted;
        stage = "starting";
        step = null;
        rows.clear();
        running = true;
    }

    public synchronized void stageStarted(String name) {
        stage = name;
        stageStarted = Instant.now();
        step = null;
    }

    /** The current stage's step, until the next stage starts. */
    public synchronized void step(String what, long done, long total) {
        step = new Step(what, done, total);
    }

    public synchronized void rows(String what, long count) {
        rows.put(what, count);
    }

    public synchronized void runEnded(String outcome) {
        stage = outcome;
        step = null;
        running = false;
        tasks = () -> null;
    }

    /** Where the Spark task counts come from while Spark runs (asked on every snapshot, so always current). */
    public synchronized void trackTasks(java.util.function.Supplier<Tasks> source) {
        tasks = source;
    }

    public synchronized Snapshot snapshot() {
        Instant now = Instant.now();
        java.util.Optional<Tasks> current;
        try {
            current = java.util.Optional.ofNullable(tasks.get()).filter(t -> t.total() > 0);
        } catch (RuntimeException sparkStopping) {
            current = java.util.Optional.empty();
        }
        return new Snapshot(stage, Duration.between(runStarted, now).toSeconds(), Duration.between(stageStarted, now).toSeconds(),
                new LinkedHashMap<>(rows), running, current, java.util.Optional.ofNullable(step));
    }
}
