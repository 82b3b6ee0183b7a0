package io.fitscore.lifecycle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.fitscore.health.RunProgress;

/** Times the stages of a run and logs one line as each starts and ends. */
public final class StageClock {

    private static final Logger LOG = Logger.getLogger(StageClock.class);

    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final Runnable beforeEachStage;
    private final RunProgress progress;
    private final int heartbeatSeconds;
    private volatile java.util.function.Consumer<String> label = stage -> {
    };

    public StageClock() {
        this(() -> {
        }, new RunProgress(), 0);
    }

    /**
     * @param beforeEachStage runs before every stage, e.g. to end an interrupted run
     * @param heartbeatSeconds a "still running" log line this often during a stage; 0 for none
     */
    public StageClock(Runnable beforeEachStage, RunProgress progress, int heartbeatSeconds) {
        this.beforeEachStage = beforeEachStage;
        this.progress = progress;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    /**
     * Tells {@code label} each stage's name as it starts, in the thread that runs it: the Spark session names the jobs
     * the stage submits, so Spark's UI and event log say which stage of the run each job belongs to.
     */
    public void labelStages(java.util.function.Consumer<String> label) {
        this.label = label;
    }

    public <T> T time(String stage, Supplier<T> work) {
        beforeEachStage.run();
        label.accept(stage);
        LOG.infof("Stage %s: started", stage);
        progress.stageStarted(stage);
        long start = System.nanoTime();
        Thread heartbeat = heartbeat(stage, start);
        try {
            return work.get();
        } finally {
            if (heartbeat != null) {
                heartbeat.interrupt();
            }
            double took = (System.nanoTime() - start) / 1e9;
            seconds.put(stage, Math.round(took * 1000) / 1000.0);
            LOG.infof("Stage %s: ended after %.2f s%s", stage, took, rowsSoFar());
        }
    }

    /** Records a row count for the log, metrics and the health endpoint. */
    public void rows(String what, long count) {
        progress.rows(what, count);
    }

    private String progressNow() {
        RunProgress.Snapshot now = progress.snapshot();
        return now.tasks().map(t -> "; Spark tasks " + t.done() + "/" + t.total() + " done, " + t.running() + " running").orElse("")
                + now.step().map(s -> "; fitting " + s.what() + " (" + s.done() + "/" + s.total() + " fits done)").orElse("");
    }

    private String rowsSoFar() {
        Map<String, Long> rows = progress.snapshot().rows();
        return rows.isEmpty() ? "" : " (rows: " + rows + ")";
    }

    private Thread heartbeat(String stage, long start) {
        if (heartbeatSeconds <= 0) {
            return null;
        }
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(heartbeatSeconds * 1000L);
                    LOG.infof("Stage %s: still running after %.0f s%s%s", stage, (System.nanoTime() - start) / 1e9, progressNow(), rowsSoFar());
                }
            } catch (InterruptedException stageEnded) {
                Thread.currentThread().interrupt();
            }
        }, "fitscore-heartbeat");
        t.setDaemon(true);
        t.start();
        return t;
    }

    public void time(String stage, Runnable work) {
        time(stage, () -> {
            work.run();
            return null;
        });
    }

    public Map<String, Double> seconds() {
        return Collections.unmodifiableMap(seconds);
    }
}
