package io.fitscore.run;

import java.util.List;

import io.fitscore.config.RunSettings;
import io.fitscore.storage.StorageUri;
import io.fitscore.validate.InputFormat;

/**
 * One kind of job in the {@link StagedRunner} frame: what it needs checked, what it does before and
 * with Spark, and what it stages for publishing. Adding a job means writing these, not the frame.
 */
public interface StagedJob<R> {

    /** How the job is named in the interruption message, e.g. "the run" or "scoring". */
    String description();

    /** The job's name as its metrics.json records it ("job"; run's has none): run, score, reduce or recommend. */
    default String jobName() {
        return "run";
    }

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

    /** The prefixes the job will publish to, checked as writable before any work. */
    List<StorageUri> writableFolders(RunSettings run);

    /** Checks the job's own settings, in the config stage: a wrong one stops the job before any I/O. */
    default void configure(RunSettings run) {
    }

    /** Work that needs the settings but not Spark (e.g. reading a saved model), while Spark starts. */
    default void beforeSpark(RunSettings run, StageClock clock) {
    }

    /** The job's own stages; everything to publish goes through {@link StagedRunner.Frame#stage}. */
    R stages(StagedRunner.Frame frame);
}
