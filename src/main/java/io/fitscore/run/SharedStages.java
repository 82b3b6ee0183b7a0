package io.fitscore.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.spark.InputReader;
import io.fitscore.spark.JoinedInputs;
import io.fitscore.spark.RowCollector;
import io.fitscore.spark.SparkJob;

/** The stages several jobs share inside the {@link StagedRunner} frame: reading and joining inputs, collecting rows. */
@ApplicationScoped
public class SharedStages {

    @Inject
    FitscoreConfig config;

    /** read-join: the inputs read and joined in Spark; nothing comes to the driver but counts. */
    public JoinedInputs readJoin(StageClock clock, SparkJob job, RunSettings run, String target, boolean targetRequired) {
        JoinedInputs joined = clock.time("read-join", () -> new InputReader(job.spark(), config.csv().delimiter(), config.csv().types())
                .readAndJoin(run.inputs(), run.joinKey(), target, targetRequired));
        clock.rows("joined", joined.rowCount());
        return joined;
    }

    /** read-join then collect: at most fitscore.train.max-rows of the joined rows on the driver, to train on. */
    RowCollector.Collected readRows(StageClock clock, SparkJob job, RunSettings run, String target) {
        JoinedInputs joined = readJoin(clock, job, run, target, true);
        RowCollector.Collected collected = clock.time("collect",
                () -> RowCollector.collect(joined, config.train().maxRows(), config.evaluation().seed()));
        clock.rows("collected", collected.table().size());
        return collected;
    }
}
