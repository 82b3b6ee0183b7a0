package io.fitscore.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.jboss.logging.Logger;

import io.fitscore.aws.AwsAccess;
import io.fitscore.storage.StorageUri;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

/**
 * The Spark side of one run: a session whose scratch space is a temporary folder of this run's own,
 * and a close that stops Spark, closes the cached s3a filesystems and deletes that folder, also
 * when the run failed. A Spark context that was running before the run (a notebook's, or a managed
 * runtime's shared one) is used as it is and left running, its filesystems open: the run stops only
 * what it started.
 */
public final class RunSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunSession.class);
    public static final String SCRATCH_PREFIX = "fitscore-run-";

    private final SparkSession spark;
    private final Path scratch;
    private final SparkWork work;
    /** Whether the Spark context was running before this run: then it is not this run's to stop. */
    private final boolean shared;

    private RunSession(SparkSession spark, Path scratch, boolean shared) {
        this.spark = spark;
        this.scratch = scratch;
        this.shared = shared;
        this.work = SparkWork.attach(spark.sparkContext());
    }

    /** Starts Spark for the given inputs of the given total size (small inputs get small-data settings). */
    public static RunSession start(SparkConfig settings, AwsAccess access, List<StorageUri> inputs, long inputBytes) {
        RunSession job = start(settings, access, inputs);
        SparkSessions.fitToInputs(job.spark, settings, inputBytes);
        return job;
    }

    private static RunSession start(SparkConfig settings, AwsAccess access, List<StorageUri> inputs) {
        Path scratch;
        try {
            Path base = scratchBase(settings);
            Files.createDirectories(base);
            scratch = Files.createTempDirectory(base, SCRATCH_PREFIX);
        } catch (IOException e) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.spark.scratch-dir: cannot make the run's scratch folder ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        try {
            boolean shared = SparkSessions.contextRunning();
            if (shared) {
                LOG.info("Using the Spark context that was already running in this JVM; it stays running after the run");
            }
            return new RunSession(SparkSessions.start(settings, access, scratch, inputs), scratch, shared);
        } catch (RuntimeException e) {
            delete(scratch);
            throw e;
        }
    }

    /** The folder each run makes its scratch folder in: fitscore.spark.scratch-dir, else the JVM's temporary folder. */
    public static Path scratchBase(SparkConfig settings) {
        return settings.scratchDir().filter(s -> !s.isBlank()).map(Path::of).orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Starts Spark on a thread of its own, so that the session (about 2 s) comes up while the inputs are
     * validated. {@link Starting#await} hands the job over; closing an unclaimed start stops Spark again.
     */
    public static Starting startInBackground(SparkConfig settings, AwsAccess access, List<StorageUri> inputs) {
        return new Starting(settings, access, inputs);
    }

    /** A Spark session on its way up. */
    public static final class Starting implements AutoCloseable {

        private final SparkConfig settings;
        private final CompletableFuture<RunSession> job;
        private boolean claimed;

        private Starting(SparkConfig settings, AwsAccess access, List<StorageUri> inputs) {
            this.settings = settings;
            this.job = CallerThreads.supply("fitscore-spark-start", () -> RunSession.start(settings, access, inputs));
        }

        /** Waits for the session, sizes it for the inputs and hands it over; the caller closes it. */
        public RunSession await(long inputBytes) {
            RunSession started = CallerThreads.join(job);
            claimed = true;
            SparkSession.setActiveSession(started.spark());
            SparkSessions.fitToInputs(started.spark, settings, inputBytes);
            return started;
        }

        /** Stops a session that was never handed over (the run failed before it needed Spark). */
        @Override
        public void close() {
            if (!claimed) {
                try {
                    job.join().close();
                } catch (RuntimeException e) {
                    LOG.debug("Spark had not started", e);
                }
            }
        }
    }

    public SparkSession spark() {
        return spark;
    }

    /** Tasks of the Spark stages running now: done, running, and in all. */
    public record TaskCounts(long done, long running, long total) {
    }

    /** The tasks of the stages running now, from Spark's status tracker (cheap: no job is started). */
    public TaskCounts activeTasks() {
        org.apache.spark.SparkStatusTracker tracker = spark.sparkContext().statusTracker();
        long done = 0;
        long running = 0;
        long total = 0;
        for (int id : tracker.getActiveStageIds()) {
            scala.Option<org.apache.spark.SparkStageInfo> info = tracker.getStageInfo(id);
            if (info.isDefined()) {
                done += info.get().numCompletedTasks();
                running += info.get().numActiveTasks();
                total += info.get().numTasks();
            }
        }
        return new TaskCounts(done, running, total);
    }

    /** What Spark has done in this run so far: jobs, tasks, bytes read, shuffled and written, S3 requests. */
    public SparkWork.Figures work() {
        return work.figures(spark.sparkContext());
    }

    /** The locations whose s3a requests (and retries) this run's figures count. */
    public void countRequestsTo(List<StorageUri> locations) {
        work.countRequestsTo(locations.stream().filter(StorageUri::isS3).map(StorageUri::bucket).distinct().toList());
    }

    /**
     * Gives iterative algorithms (ALS) a folder to checkpoint to, so that their lineage, which grows with
     * every iteration, stays short enough to serialise (without it ALS overflowed the stack at 10
     * iterations): {@code configured} when set (on a cluster it must be shared storage, e.g. s3://),
     * else the run's scratch folder when Spark runs in this JVM; on a cluster without one, none.
     */
    public void enableCheckpoints(java.util.Optional<StorageUri> configured) {
        if (configured.isPresent()) {
            spark.sparkContext().setCheckpointDir(configured.get().hadoopPath());
        } else if (spark.sparkContext().isLocal()) {
            spark.sparkContext().setCheckpointDir(scratch.resolve("checkpoints").toUri().toString());
        } else {
            LOG.infof("No checkpoint folder on this cluster (fitscore.recommend.checkpoint-dir): ALS runs without checkpoints");
        }
    }

    /** The run's scratch folder, for a caller that must remove it without stopping Spark (a halt). */
    public Path scratch() {
        return scratch;
    }

    /** Deletes a scratch folder; safe to call from any thread. */
    public static void deleteScratch(Path folder) {
        delete(folder);
    }

    /**
     * Hadoop caches one s3a filesystem (with its credential providers) per bucket for the whole JVM;
     * closing them after each run keeps a dev-mode rerun or the next test from inheriting this run's
     * endpoint and credentials, while within a run they are shared.
     */
    @Override
    public void close() {
        if (shared) {
            delete(scratch);
            return;
        }
        try {
            spark.stop();
            // Spark caches its local root dirs JVM-wide on first use; without clearing them, every later
            // run in this JVM (dev-mode reruns, tests) would write into the first run's deleted folder.
            // An internal Spark call (public in bytecode), the same one Spark's own test suites use.
            org.apache.spark.util.Utils$.MODULE$.clearLocalRootDirs();
            FileSystem.closeAll();
        } catch (Exception e) {
            LOG.debug("Spark shutdown was not clean", e);
        } finally {
            delete(scratch);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf(e, "Could not delete %s", folder);
        }
    }
}
