package io.fitscore.run;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.fitscore.aws.AwsAccess;
import io.fitscore.aws.ObjectStore;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.ValidationFailed;
import io.fitscore.health.RunProgress;
import io.fitscore.publish.Publisher;
import io.fitscore.spark.SparkJob;
import io.fitscore.storage.StorageUri;
import io.fitscore.validate.InputValidator;

/**
 * The frame every staged job runs in: config -> credentials -> validate (Spark starting meanwhile) ->
 * Spark session -> the job's stages, writing into staging -> publish, with SIGTERM handling, the health
 * endpoint's progress and the stage clock around it. A job that fails or is interrupted publishes nothing
 * and leaves no staging behind.
 */
@ApplicationScoped
public class StagedRunner {

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

    @Inject
    Publisher publisher;

    /** What a job's stages work with: the settings, the clock, Spark, the described inputs, and staging. */
    public final class Frame {
        private final RunSettings run;
        private final AwsAccess access;
        private final StageClock clock;
        private final Interruption interruption;
        private final SparkJob spark;
        private final List<ObjectStore.ObjectInfo> inputObjects;
        private final String runId = UUID.randomUUID().toString().substring(0, 8);
        private final List<Promotion> promotions = new ArrayList<>();

        private Frame(RunSettings run, AwsAccess access, StageClock clock, Interruption interruption, SparkJob spark,
                List<ObjectStore.ObjectInfo> inputObjects) {
            this.run = run;
            this.access = access;
            this.clock = clock;
            this.interruption = interruption;
            this.spark = spark;
            this.inputObjects = inputObjects;
        }

        public RunSettings run() {
            return run;
        }

        /** The credentials chosen for this job. */
        public AwsAccess access() {
            return access;
        }

        public StageClock clock() {
            return clock;
        }

        public SparkJob spark() {
            return spark;
        }

        /** Each input's URI, ETag and size, as validated. */
        public List<ObjectStore.ObjectInfo> inputObjects() {
            return inputObjects;
        }

        /** Stops the job between steps when SIGTERM came. */
        public void checkInterrupted() {
            interruption.check();
        }

        /**
         * A fresh staging prefix beside {@code destination}; after the job's stages it is promoted there,
         * in the order staged, and only once {@code marker} (written last) proves a staging complete.
         */
        public StorageUri stage(StorageUri destination, String marker) {
            StorageUri staging = destination.stagingSibling(runId);
            promotions.add(new Promotion(staging, destination, marker));
            return staging;
        }
    }

    private record Promotion(StorageUri staging, StorageUri destination, String marker) {
    }

    /** Runs one job in the frame and returns what its stages returned. */
    public <R> R execute(RunSettings.Overrides overrides, StagedJob<R> job) {
        progress.runStarted();
        boolean ok = false;
        try (Interruption interruption = Interruption.watch()) {
            R result = execute(overrides, job, interruption);
            ok = true;
            return result;
        } finally {
            progress.runEnded(ok ? "finished" : "failed");
        }
    }

    private <R> R execute(RunSettings.Overrides overrides, StagedJob<R> job, Interruption interruption) {
        StageClock clock = new StageClock(interruption::check, progress, config.health().heartbeatSeconds());
        RunSettings run = clock.time("config", () -> RunSettings.resolve(config, overrides));
        AwsAccess access = credentials(clock);
        // Spark starts while the inputs are validated; a job that stops before it needs Spark stops it again.
        try (SparkJob.Starting starting = SparkJob.startInBackground(config.spark(), access, run.inputs())) {
            clock.time("validate", () -> validate(run, job.targetRequired(), job.writableFolders(run)));
            job.beforeSpark(run, clock);
            List<ObjectStore.ObjectInfo> inputObjects = run.inputs().stream().map(store::head).toList();
            long inputBytes = inputObjects.stream().mapToLong(ObjectStore.ObjectInfo::size).sum();
            Frame frame = null;
            boolean published = false;
            try (SparkJob spark = clock.time("spark-session", () -> starting.await(inputBytes))) {
                interruption.attach(spark);
                frame = new Frame(run, access, clock, interruption, spark, inputObjects);
                R result = job.stages(frame);
                Frame staged = frame;
                // Only a complete job replaces anything, destination by destination in the order staged.
                clock.time("publish", () -> interruption.publishing(() -> staged.promotions
                        .forEach(p -> publisher.promote(p.staging(), p.destination(), p.marker()))));
                published = true;
                return result;
            } catch (RuntimeException e) {
                throw interruption.interrupted() ? new FitscoreException(ExitCode.INTERRUPTED,
                        "interrupted by SIGTERM during " + job.description() + "; nothing was published", e) : e;
            } finally {
                if (!published && frame != null) {
                    frame.promotions.forEach(p -> publisher.discard(p.staging()));
                }
            }
        }
    }

    /** config -> credentials -> validate, and nothing else: what {@code fitscore validate} does. */
    public RunSettings validateOnly(RunSettings.Overrides overrides) {
        RunSettings run = RunSettings.resolve(config, overrides);
        awsAccess.get().logChoice();
        validate(run, true, List.of(run.output(), run.runArtifacts()));
        return run;
    }

    private AwsAccess credentials(StageClock clock) {
        return clock.time("credentials", () -> {
            AwsAccess a = awsAccess.get();
            a.logChoice();
            return a;
        });
    }

    private void validate(RunSettings run, boolean targetRequired, List<StorageUri> writableFolders) {
        ValidationFailed.throwIfAny(validator.check(run, config.csv().delimiter().charAt(0), targetRequired, writableFolders));
    }
}
