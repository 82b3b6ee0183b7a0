package io.fitscore.lifecycle;

import java.util.List;
import java.util.Optional;

import io.fitscore.config.RunSettings;
import io.fitscore.failure.Problem;
import io.fitscore.validate.InputFormat;

/**
 * One named kind of job in the {@link JobLifecycle}: what it needs checked, where it publishes, what it does
 * before and with Spark. Adding a job means writing one of these, not touching the lifecycle.
 */
public interface StagedJob<R> {

    /** How the job is named in messages, e.g. "the run" or "scoring". */
    String description();

    /** The job's name as its metrics.json records it ("job"): run, score, reduce or recommend. */
    String jobName();

    /** What the inputs are, which decides how they are validated. */
    default InputFormat inputFormat() {
        return InputFormat.CSV_TABLES;
    }

    /** Whether the inputs are joined on the key (run, score, reduce) or stacked (recommend's logs): no key then. */
    default boolean joinsInputs() {
        return true;
    }

    /** Whether the inputs must hold the target column. */
    boolean targetRequired();

    /**
     * Checks and keeps the job's own settings, in the config stage, adding every problem to {@code problems}: they
     * are reported with the run's own (exit 3) before any I/O. Only the settings the job uses are checked.
     */
    default void configure(Optional<String> joinKey, List<Problem> problems) {
    }

    /**
     * Where the job publishes, in the order the destinations are promoted: each is checked writable before any work,
     * leased, staged, and replaced only once its marker proves the staging complete.
     */
    List<Destination> destinations(RunSettings run);

    /** Work that needs the settings but not Spark (e.g. reading a saved model), while Spark starts. */
    default void beforeSpark(RunSettings run, StageClock clock) {
    }

    /** What the job's user can change when the heap ran out in one of its own stages; empty: the lifecycle's advice. */
    default Optional<String> heapAdvice(String stage) {
        return Optional.empty();
    }

    /** The job's own stages; everything to publish is written under {@link JobFrame#staging}. */
    R stages(JobFrame frame);
}
