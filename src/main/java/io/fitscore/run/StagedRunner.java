package io.fitscore.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.spark.sql.types.StructType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fitscore.aws.AwsAccess;
import io.fitscore.aws.ObjectStore;
import io.fitscore.config.EffectiveConfig;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.ValidationFailed;
import io.fitscore.health.RunProgress;
import io.fitscore.publish.DestinationLeases;
import io.fitscore.publish.Publisher;
import io.fitscore.report.RunArtifacts;
import io.fitscore.spark.InputReader;
import io.fitscore.spark.JoinedInputs;
import io.fitscore.spark.QuickJit;
import io.fitscore.spark.RowCollector;
import io.fitscore.spark.SparkJob;
import io.fitscore.storage.StorageUri;
import io.fitscore.validate.InputFormat;
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
    RunProgress progress;

    @Inject
    Publisher publisher;

    @Inject
    DestinationLeases leases;

    @Inject
    RunArtifacts artifacts;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    /** What a job's stages work with: the settings, the clock, Spark, the validated inputs, staging, shared stages. */
    public final class Frame {
        private final RunSettings run;
        private final AwsAccess access;
        private final StageClock clock;
        private final Interruption interruption;
        private final SparkJob spark;
        private final List<ObjectStore.ObjectInfo> inputObjects;
        private final Map<StorageUri, List<String>> inputLines;
        private final Map<StorageUri, StructType> inputSchemas;
        private final Staging staging;

        private Frame(RunSettings run, AwsAccess access, StageClock clock, Interruption interruption, SparkJob spark,
                InputValidator.Checked validated, Map<StorageUri, StructType> inputSchemas, Staging staging) {
            this.run = run;
            this.access = access;
            this.clock = clock;
            this.interruption = interruption;
            this.spark = spark;
            this.inputObjects = validated.inputs();
            this.inputLines = validated.headLines();
            this.inputSchemas = inputSchemas;
            this.staging = staging;
        }

        public RunSettings run() {
            return run;
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

        /** The settings this job ran with, for metrics.json and provenance.json (credentials by kind only). */
        public Map<String, Object> effectiveConfig() {
            return EffectiveConfig.describe(run, access.kind().configName());
        }

        /** The version of fitscore running this job. */
        public String fitscoreVersion() {
            return version;
        }

        /** What provenance.json records of every job: version, run date, inputs as validated, output, config. */
        public Map<String, Object> provenance(Map<String, Object> effectiveConfig) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("fitscore_version", version);
            // The id this run's staging folders and leases carry: another run's "held by" line names it.
            p.put("run_id", staging.runId);
            p.put("run_date", run.runDate().toString());
            p.put("inputs", inputObjects);
            p.put("output", run.output().toString());
            p.put("config", effectiveConfig);
            return p;
        }

        /** Stops the job between steps when SIGTERM came. */
        public void checkInterrupted() {
            interruption.check();
        }

        /** Before each fit of a training stage: stops an interrupted run there, and reports the step. */
        public void trainingStep(String step, int done, int total) {
            interruption.check();
            progress.step(step, done, total);
        }

        /**
         * A fresh staging prefix beside {@code destination}; after the job's stages it is promoted there,
         * in the order staged, and only once {@code marker} (written last) proves a staging complete.
         */
        public StorageUri stage(StorageUri destination, String marker) {
            return staging.add(destination, marker);
        }

        /** read-join: the inputs read and joined in Spark; nothing comes to the driver but counts. */
        public JoinedInputs readJoin(String target, boolean targetRequired) {
            JoinedInputs joined = clock.time("read-join", () -> new InputReader(spark.spark(), config.csv().delimiter(),
                    config.csv().types(), inputLines, inputSchemas, config.csv().encoding()).readAndJoin(run.inputs(), run.joinKey(), target, targetRequired));
            clock.rows("joined", joined.rowCount());
            return joined;
        }

        /** read-union: the inputs read and stacked by column name in Spark (logs over many files); nothing comes to the driver but counts. */
        public JoinedInputs readUnion() {
            JoinedInputs read = clock.time("read-union", () -> new InputReader(spark.spark(), config.csv().delimiter(),
                    config.csv().types(), inputLines, inputSchemas, config.csv().encoding()).readUnion(run.inputs()));
            clock.rows("read", read.rowCount());
            return read;
        }

        /** read-join then collect: at most fitscore.train.max-rows of the joined rows on the driver, to train on. */
        public RowCollector.Collected readRows(String target) {
            JoinedInputs joined = readJoin(target, true);
            RowCollector.Collected collected = clock.time("collect",
                    () -> RowCollector.collect(joined, config.train().maxRows(), config.evaluation().seed()));
            clock.rows("collected", collected.table().size());
            return collected;
        }
    }

    /** The staging prefixes of one job, in the order they are promoted. */
    private static final class Staging {
        private final String runId = UUID.randomUUID().toString().substring(0, 8);
        private final List<Promotion> promotions = new ArrayList<>();

        StorageUri add(StorageUri destination, String marker) {
            StorageUri staging = destination.stagingSibling(runId);
            promotions.add(new Promotion(staging, destination, marker));
            return staging;
        }
    }

    private record Promotion(StorageUri staging, StorageUri destination, String marker) {
    }

    /** Freed when the heap runs out, so that the failure can still be reported; a few MiB of a heap of hundreds. */
    private static final int MEMORY_RESERVE_BYTES = 4 << 20;
    private volatile byte[] memoryReserve;

    /** Runs one job in the frame and returns what its stages returned. */
    public <R> R execute(RunSettings.Overrides overrides, StagedJob<R> job) {
        progress.runStarted();
        memoryReserve = new byte[MEMORY_RESERVE_BYTES];
        boolean ok = false;
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(outOfHeapEndsTheRun(before, job.description()));
        try (Interruption interruption = Interruption.watch()) {
            R result = execute(overrides, job, interruption);
            ok = true;
            return result;
        } catch (RuntimeException | OutOfMemoryError e) {
            memoryReserve = null; // room to say what happened when the heap ran out
            // A full disk or heap arrives wrapped as a failed read, write or Spark job; SIGTERM's outcome stands as it is.
            boolean interrupted = e instanceof FitscoreException f && f.exitCode() == ExitCode.INTERRUPTED;
            Optional<FitscoreException> exhausted = interrupted ? Optional.empty() : LocalResources.exhausted(e,
                    SparkJob.scratchBase(config.spark()), progress.snapshot().stage(), job.description(), config.train().maxRows());
            if (exhausted.isPresent()) {
                throw exhausted.get();
            }
            throw e;
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
            progress.runEnded(ok ? "finished" : "failed");
        }
    }

    /**
     * A thread of Spark's or the libraries' that runs out of heap dies silently and can leave the run waiting
     * on it: the run ends at once with its heap line and exit code instead (as -XX:+ExitOnOutOfMemoryError
     * would, but with fitscore's code, which AWS Batch retry rules key on). Nothing half-published is read:
     * the completion marker is written last.
     */
    private Thread.UncaughtExceptionHandler outOfHeapEndsTheRun(Thread.UncaughtExceptionHandler before, String job) {
        return (thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                memoryReserve = null;
                Failures.report(LocalResources.heap(error, progress.snapshot().stage(), job, config.train().maxRows(),
                        error.getMessage() + " in thread " + thread.getName()), System.err);
                System.err.flush();
                Runtime.getRuntime().halt(ExitCode.RESOURCES.code());
            } else if (before != null) {
                before.uncaughtException(thread, error);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace();
            }
        };
    }

    private <R> R execute(RunSettings.Overrides overrides, StagedJob<R> job, Interruption interruption) {
        StageClock clock = new StageClock(interruption::check, progress, config.health().heartbeatSeconds());
        RunSettings run = clock.time("config", () -> {
            RunSettings resolved = RunSettings.resolve(config, overrides, job.joinsInputs());
            job.configure(resolved);
            return resolved;
        });
        AwsAccess access = clock.time("credentials", this::chooseCredentials);
        // Spark starts while the inputs are validated; a job that stops before it needs Spark stops it again.
        try (SparkJob.Starting starting = SparkJob.startInBackground(config.spark(), access, run.inputs())) {
            InputValidator.Checked validated = clock.time("validate",
                    () -> validate(run, job.inputFormat(), job.targetRequired(), job.writableFolders(run)));
            long inputBytes = validated.inputs().stream().mapToLong(ObjectStore.ObjectInfo::size).sum();
            QuickJit.checkLauncherMode(inputBytes, config.spark());
            clock.time("check-destinations", () -> checkNoOtherJobsArtifacts(job, job.writableFolders(run)));
            Staging staging = new Staging();
            // Before anything is spent: a second run of the same destinations stops here (or waits).
            try (DestinationLeases.Held lease = clock.time("lease", () -> leases.acquire(job.writableFolders(run), staging.runId,
                    job.description(), new DestinationLeases.Terms(Duration.ofSeconds(config.lease().ttlSeconds()),
                            Duration.ofSeconds(config.lease().waitSeconds()))))) {
                job.beforeSpark(run, clock);
                // From the lines validation read, on the driver, while Spark is still starting.
                Map<StorageUri, StructType> schemas = clock.time("infer-schema",
                        () -> InputReader.schemasOf(validated.headLines(), config.csv().delimiter(), config.csv().types()));
                return runStages(job, run, access, clock, interruption, starting, validated, schemas, inputBytes, staging, lease);
            }
        }
    }

    private <R> R runStages(StagedJob<R> job, RunSettings run, AwsAccess access, StageClock clock, Interruption interruption,
            SparkJob.Starting starting, InputValidator.Checked validated, Map<StorageUri, StructType> schemas, long inputBytes,
            Staging staging, DestinationLeases.Held lease) {
        List<ObjectStore.ObjectInfo> inputObjects = validated.inputs();
        boolean published = false;
        try (SparkJob spark = clock.time("spark-session", () -> starting.await(inputBytes))) {
            interruption.attach(spark);
            List<StorageUri> touched = new ArrayList<>(run.inputs());
            touched.addAll(job.writableFolders(run));
            spark.countRequestsTo(touched);
            progress.trackTasks(() -> {
                SparkJob.TaskCounts t = spark.activeTasks();
                return new RunProgress.Tasks(t.done(), t.running(), t.total());
            });
            R result = job.stages(new Frame(run, access, clock, interruption, spark, validated, schemas, staging));
            clock.time("check-inputs", () -> checkUnchanged(inputObjects, validator.currentVersions(run.inputs(), job.inputFormat())));
            lease.checkHeld();
            // Only a complete job replaces anything, destination by destination in the order staged.
            clock.time("publish", () -> interruption.publishing(() -> staging.promotions
                    .forEach(p -> publisher.promote(p.staging(), p.destination(), p.marker()))));
            published = true;
            return result;
        } catch (RuntimeException e) {
            throw interruption.interrupted() ? new FitscoreException(ExitCode.INTERRUPTED,
                    "interrupted by SIGTERM during " + job.description() + "; nothing was published", e) : e;
        } finally {
            if (!published) {
                try {
                    staging.promotions.forEach(p -> publisher.discard(p.staging()));
                } catch (OutOfMemoryError stillFull) {
                    // The failure on its way out says what happened; staging prefixes are never read, so one left behind is harmless.
                }
            }
        }
    }

    /**
     * Rerunning a date replaces that date's results and artifacts, but only a run of the same job: a reduce or
     * recommend pointed at a run's artifacts folder (the same prefix and date, e.g. dev mode's defaults) would
     * replace that run's model and report, so it stops here, before a lease or a write (exit 3).
     */
    void checkNoOtherJobsArtifacts(StagedJob<?> job, List<StorageUri> destinations) {
        for (StorageUri folder : destinations) {
            artifacts.jobOf(folder).filter(other -> !other.equals(job.jobName())).ifPresent(other -> {
                throw new FitscoreException(ExitCode.CONFIG, folder + ": holds the artifacts of a " + other + " job for this date; "
                        + job.jobName() + " would replace them: give it its own artifacts prefix (--artifacts) or run date");
            });
        }
    }

    /**
     * The documented rule for inputs that change during a run: results read from an input that changed
     * after validation may mix its versions (Spark reads lazily and may read again), so the run publishes
     * nothing and stops with exit 5, naming the input; a rerun reads the new version whole.
     */
    static void checkUnchanged(List<ObjectStore.ObjectInfo> validated, List<ObjectStore.ObjectInfo> now) {
        Map<String, ObjectStore.ObjectInfo> current = new LinkedHashMap<>();
        now.forEach(o -> current.put(o.uri(), o));
        for (ObjectStore.ObjectInfo before : validated) {
            ObjectStore.ObjectInfo after = current.remove(before.uri());
            if (after == null) {
                throw changed(before.uri() + ": removed while the run read it");
            }
            if (!java.util.Objects.equals(before.etag(), after.etag()) || before.size() != after.size()) {
                throw changed(before.uri() + ": changed while the run read it (ETag " + before.etag() + ", " + before.size()
                        + " bytes at validation; " + after.etag() + ", " + after.size() + " bytes now)");
            }
        }
        if (!current.isEmpty()) {
            throw changed(current.keySet().iterator().next() + ": appeared while the run read its folder or pattern"
                    + (current.size() > 1 ? " (and " + (current.size() - 1) + " more files)" : ""));
        }
    }

    private static FitscoreException changed(String what) {
        return new FitscoreException(ExitCode.INPUT_MISSING, what + "; nothing was published, rerun to read the new version whole");
    }

    /** config -> credentials -> validate, and nothing else: what {@code fitscore validate} does. */
    public RunSettings validateOnly(RunSettings.Overrides overrides) {
        RunSettings run = RunSettings.resolve(config, overrides);
        chooseCredentials();
        validate(run, InputFormat.CSV_TABLES, true, List.of(run.output(), run.runArtifacts()));
        return run;
    }

    private AwsAccess chooseCredentials() {
        AwsAccess a = awsAccess.get();
        a.logChoice();
        return a;
    }

    /**
     * Every problem in the inputs and the folders to write, or (none found) each input's URI, ETag and size, and
     * the first lines of each single-file input (its schema's sample, so Spark need not read them again).
     */
    private InputValidator.Checked validate(RunSettings run, InputFormat format, boolean targetRequired,
            List<StorageUri> writableFolders) {
        InputValidator.Checked checked = format == InputFormat.IMAGE_FOLDERS ? validator.checkImageFolders(run.inputs(), writableFolders)
                : validator.check(run, config.csv().delimiter().charAt(0), java.nio.charset.Charset.forName(config.csv().encoding()),
                        targetRequired, writableFolders);
        ValidationFailed.throwIfAny(checked.problems());
        return checked;
    }
}
