package io.fitscore.run;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.fitscore.aws.AwsAccess;
import io.fitscore.aws.ObjectStore;
import io.fitscore.storage.StorageUri;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.health.RunProgress;
import io.fitscore.spark.InputReader;
import io.fitscore.spark.JoinedInputs;
import io.fitscore.spark.RowCollector;
import io.fitscore.spark.SparkJob;
import io.fitscore.validate.InputValidator;
import io.fitscore.failure.ValidationFailed;

/** The stages a training run and a scoring run share: lifecycle, credentials, validation, reading rows. */
@ApplicationScoped
public class SharedStages {

    @Inject
    FitscoreConfig config;

    @Inject
    Instance<AwsAccess> awsAccess;

    @Inject
    InputValidator validator;

    @Inject
    ObjectStore store;

    @Inject
    RunProgress progress;

    /** Runs a pipeline with progress reporting and SIGTERM handling around it. */
    <T> T watched(Function<Interruption, T> pipeline) {
        progress.runStarted();
        boolean ok = false;
        try (Interruption interruption = Interruption.watch()) {
            T result = pipeline.apply(interruption);
            ok = true;
            return result;
        } finally {
            progress.runEnded(ok ? "finished" : "failed");
        }
    }

    /** A stage clock that stops an interrupted run and reports to the health endpoint. */
    StageClock clock(Interruption interruption) {
        return new StageClock(interruption::check, progress, config.health().heartbeatSeconds());
    }

    AwsAccess credentials(StageClock clock) {
        return clock.time("credentials", () -> {
            AwsAccess a = awsAccess.get();
            a.logChoice();
            return a;
        });
    }

    void validate(StageClock clock, RunSettings run, boolean targetRequired, List<StorageUri> writableFolders) {
        clock.time("validate", () -> ValidationFailed.throwIfAny(validator.check(run, config.csv().delimiter().charAt(0),
                targetRequired, writableFolders)));
    }

    /** Each input's URI, ETag and size, from one HEAD each (they were validated, so they exist). */
    List<ObjectStore.ObjectInfo> describeInputs(RunSettings run) {
        return run.inputs().stream().map(store::head).toList();
    }

    /** The total size of described inputs, which picks Spark's small-data settings. */
    static long totalBytes(List<ObjectStore.ObjectInfo> inputs) {
        return inputs.stream().mapToLong(ObjectStore.ObjectInfo::size).sum();
    }

    /** read-join: the inputs read and joined in Spark; nothing comes to the driver but counts. */
    JoinedInputs readJoin(StageClock clock, SparkJob job, RunSettings run, String target, boolean targetRequired) {
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
