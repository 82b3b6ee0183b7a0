package io.fitscore.lifecycle;

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
import io.fitscore.storage.ObjectStore;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.LocalResources;
import io.fitscore.failure.ValidationFailed;
import io.fitscore.health.HealthConfig;
import io.fitscore.health.RunProgress;
import io.fitscore.publish.DestinationLeases;
import io.fitscore.publish.LeaseConfig;
import io.fitscore.publish.Publisher;
import io.fitscore.report.RunArtifacts;
import io.fitscore.spark.InputReader;
import io.fitscore.spark.QuickJit;
import io.fitscore.spark.SparkConfig;
import io.fitscore.spark.RunSession;
import io.fitscore.storage.StorageUri;
import io.fitscore.validate.InputFormat;
import io.fitscore.validate.InputValidator;

/**
 * The lifecycle every staged job runs in, knowing no job: config -> credentials -> validate (Spark starting meanwhile) ->
 * Spark session -> the job's stages, writing into staging -> publish, with SIGTERM handling, the health
 * endpoint's progress and the stage clock around it. A job that fails or is interrupted publishes nothing
 * and leaves no staging behind.
 */
@ApplicationScoped
public class JobLifecycle {

    @Inject
    FitscoreConfig config;

    @Inject
    SparkConfig sparkConfig;

    @Inject
    HealthConfig health;

    @Inject
    LeaseConfig leaseConfig;

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

    /** The staging prefix of each of a job's destinations, in the order they are promoted. */
    private static final class Staging {
        private final String runId = UUID.randomUUID().toString().substring(0, 8);
        private final List<Destination> destinations;
        private final Map<StorageUri, StorageUri> prefixes = new LinkedHashMap<>();

        Staging(List<Destination> destinations) {
            this.destinations = List.copyOf(destinations);
            destinations.forEach(d -> prefixes.put(d.folder(), d.folder().stagingSibling(runId)));
        }

        List<StorageUri> folders() {
            return destinations.stream().map(Destination::folder).toList();
        }
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
        Thread.setDefaultUncaughtExceptionHandler(outOfHeapEndsTheRun(before, job));
        try (Interruption interruption = Interruption.watch()) {
            R result = execute(overrides, job, interruption);
            ok = true;
            return result;
        } catch (RuntimeException | OutOfMemoryError e) {
            memoryReserve = null; // room to say what happened when the heap ran out
            // A full disk or heap arrives wrapped as a failed read, write or Spark job; SIGTERM's outcome stands as it is.
            boolean interrupted = e instanceof FitscoreException f && f.exitCode() == ExitCode.INTERRUPTED;
            Optional<FitscoreException> exhausted = interrupted ? Optional.empty() : LocalResources.exhausted(e,
                    RunSession.scratchBase(sparkConfig), progress.snapshot().stage(), job.description(), job::heapAdvice);
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
    /** Whether a thread's running out of heap is being reported; the process then halts, so this is set once. */
    private static final java.util.concurrent.atomic.AtomicBoolean OUT_OF_HEAP_REPORTED = new java.util.concurrent.atomic.AtomicBoolean();

    private Thread.UncaughtExceptionHandler outOfHeapEndsTheRun(Thread.UncaughtExceptionHandler before, StagedJob<?> job) {
        return (thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                if (!OUT_OF_HEAP_REPORTED.compareAndSet(false, true)) {
                    return; // another thread ran out at the same time and is ending the run: one line, not one a thread
                }
                memoryReserve = null;
                Failures.report(LocalResources.heap(error, progress.snapshot().stage(), job.description(), job::heapAdvice,
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
        StageClock clock = new StageClock(interruption::check, progress, health.heartbeatSeconds());
        RunSettings run = clock.time("config", () -> resolve(overrides, job.joinsInputs(), job::configure));
        Staging staging = new Staging(job.destinations(run));
        AwsAccess access = clock.time("credentials", this::chooseCredentials);
        // Spark starts while the inputs are validated; a job that stops before it needs Spark stops it again.
        try (RunSession.Starting starting = RunSession.startInBackground(sparkConfig, access, run.inputs())) {
            InputValidator.Checked validated = clock.time("validate",
                    () -> validate(run, job.inputFormat(), job.targetRequired(), staging.folders()));
            long inputBytes = validated.inputs().stream().mapToLong(ObjectStore.ObjectInfo::size).sum();
            QuickJit.checkLauncherMode(inputBytes, sparkConfig);
            clock.time("check-destinations", () -> checkNoOtherJobsArtifacts(job, staging.folders()));
            // Before anything is spent: a second run of the same destinations stops here (or waits).
            try (DestinationLeases.Held lease = clock.time("lease", () -> leases.acquire(staging.folders(), staging.runId,
                    job.description(), new DestinationLeases.Terms(Duration.ofSeconds(leaseConfig.ttlSeconds()),
                            Duration.ofSeconds(leaseConfig.waitSeconds()))))) {
                job.beforeSpark(run, clock);
                // From the lines validation read, on the driver, while Spark is still starting.
                Map<StorageUri, StructType> schemas = clock.time("infer-schema",
                        () -> InputReader.schemasOf(validated.headLines(), config.csv().delimiter(), config.csv().types()));
                return runStages(job, run, access, clock, interruption, starting, validated, schemas, inputBytes, staging, lease);
            }
        }
    }

    private <R> R runStages(StagedJob<R> job, RunSettings run, AwsAccess access, StageClock clock, Interruption interruption,
            RunSession.Starting starting, InputValidator.Checked validated, Map<StorageUri, StructType> schemas, long inputBytes,
            Staging staging, DestinationLeases.Held lease) {
        List<ObjectStore.ObjectInfo> inputObjects = validated.inputs();
        boolean published = false;
        try (RunSession spark = clock.time("spark-session", () -> starting.await(inputBytes))) {
            interruption.attach(spark);
            clock.labelStages(stage -> spark.spark().sparkContext().setJobDescription("fitscore " + stage));
            List<StorageUri> touched = new ArrayList<>(run.inputs());
            touched.addAll(staging.folders());
            spark.countRequestsTo(touched);
            progress.trackTasks(() -> {
                RunSession.TaskCounts t = spark.activeTasks();
                return new RunProgress.Tasks(t.done(), t.running(), t.total());
            });
            R result = job.stages(new JobFrame(run, config, sparkConfig, leaseConfig, access.kind().configName(), version, staging.runId, clock, interruption,
                    progress, spark, inputObjects, validated.headLines(), schemas, staging.prefixes));
            clock.time("check-inputs", () -> checkUnchanged(inputObjects, validator.currentVersions(run.inputs(), job.inputFormat())));
            lease.checkHeld();
            // Only a complete job replaces anything, destination by destination in the order staged.
            clock.time("publish", () -> interruption.publishing(() -> staging.destinations
                    .forEach(d -> publisher.promote(staging.prefixes.get(d.folder()), d.folder(), d.marker()))));
            published = true;
            return result;
        } catch (RuntimeException e) {
            throw interruption.interrupted() ? new FitscoreException(ExitCode.INTERRUPTED,
                    "interrupted by SIGTERM during " + job.description() + "; nothing was published", e) : e;
        } finally {
            clock.labelStages(stage -> {
            });
            if (!published) {
                try {
                    staging.prefixes.values().forEach(publisher::discard);
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

    /** config (the run's and the job's settings) -> credentials -> validate, and nothing else: what {@code fitscore validate} does. */
    public RunSettings validateOnly(RunSettings.Overrides overrides, RunSettings.JobSettings jobSettings) {
        RunSettings run = resolve(overrides, true, jobSettings);
        chooseCredentials();
        validate(run, InputFormat.CSV_TABLES, true, List.of(run.output(), run.runArtifacts()));
        return run;
    }

    /** The run's settings with the lease terms every job has and the job's own, all problems in one list. */
    private RunSettings resolve(RunSettings.Overrides overrides, boolean joinsInputs, RunSettings.JobSettings jobSettings) {
        return RunSettings.resolve(config, overrides, joinsInputs, (key, problems) -> {
            DestinationLeases.checkTerms(leaseConfig, problems);
            jobSettings.resolve(key, problems);
        });
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
