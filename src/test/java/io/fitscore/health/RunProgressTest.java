package io.fitscore.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The run's progress as the health endpoint and the heartbeat read it. */
class RunProgressTest {

    @Test
    void sparkTaskCountsAreReadFreshOnEverySnapshotAndForgottenWhenTheRunEnds() {
        RunProgress progress = new RunProgress();
        progress.runStarted();
        assertEquals(Optional.empty(), progress.snapshot().tasks(), "no Spark yet");
        AtomicLong done = new AtomicLong(3);
        progress.trackTasks(() -> new RunProgress.Tasks(done.get(), 2, 40));
        assertEquals(new RunProgress.Tasks(3, 2, 40), progress.snapshot().tasks().orElseThrow());
        done.set(39);
        assertEquals(39, progress.snapshot().tasks().orElseThrow().done(), "asked again, not cached");
        progress.trackTasks(() -> new RunProgress.Tasks(0, 0, 0));
        assertTrue(progress.snapshot().tasks().isEmpty(), "between Spark stages there is nothing to report");
        progress.trackTasks(() -> {
            throw new IllegalStateException("SparkContext stopped");
        });
        assertTrue(progress.snapshot().tasks().isEmpty(), "a stopping Spark does not break the health endpoint");
        progress.trackTasks(() -> new RunProgress.Tasks(1, 1, 2));
        progress.runEnded("finished");
        assertTrue(progress.snapshot().tasks().isEmpty());
    }

    @Test
    void aTrainingStepIsReportedUntilTheNextStageStarts() {
        RunProgress progress = new RunProgress();
        progress.runStarted();
        progress.stageStarted("choose-model");
        assertTrue(progress.snapshot().step().isEmpty());
        progress.step("xgboost fold 2 of 3", 1, 9);
        assertEquals(new RunProgress.Step("xgboost fold 2 of 3", 1, 9), progress.snapshot().step().orElseThrow());
        progress.stageStarted("train-evaluate");
        assertTrue(progress.snapshot().step().isEmpty(), "a new stage has no step yet");
        progress.step("repeat 1 of 1, fold 1 of 5", 0, 5);
        progress.runEnded("failed");
        assertTrue(progress.snapshot().step().isEmpty());
    }
}
