package io.fitscore.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.jboss.logging.Logger;

import io.fitscore.aws.AwsAccess;
import io.fitscore.storage.StorageUri;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.spark.line.RowBatchCacheSerializer;
import io.fitscore.spark.line.SparkLine;

/** Starts the run's Spark session with s3a configured from the run's AWS decision. */
public final class SparkSessions {

    private static final Logger LOG = Logger.getLogger(SparkSessions.class);
    private static final String HADOOP_PREFIX = "spark.hadoop.";

    private SparkSessions() {
    }

    /**
     * Whether a Spark context is already running in this JVM (a notebook's or a managed runtime's): a session made now
     * joins it. (SparkContext.getActive is Spark-internal, public in bytecode, on every line.)
     */
    static boolean contextRunning() {
        return org.apache.spark.SparkContext$.MODULE$.getActive().isDefined();
    }

    /** A new session for one run; {@link RunSession} stops it. Never kept in a static: dev-mode reloads would break it. */
    public static SparkSession start(SparkConfig settings, AwsAccess access, Path scratch, List<StorageUri> inputs) {
        SparkSubmitLogging.apply();
        // s3a's first filesystem costs a second or more of class loading and client set-up; it is made
        // while Spark starts, and Hadoop's filesystem cache hands the same one to Spark's reads.
        CompletableFuture<Void> s3a = CallerThreads.supply("fitscore-s3a-warm-up", () -> {
            warmS3a(settings, access, scratch, inputs);
            return null;
        });
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.app.name", "fitscore");
        conf.put("spark.master", settings.master());
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.sql.session.timeZone", "UTC");
        // Plans of wide inputs are long; Spark would warn on every run that it shortened one for its logs.
        conf.put("spark.sql.debug.maxToStringFields", "1000");
        // Results are committed by the S3A magic committer on s3a: no copy-and-delete "renames".
        conf.put("spark.sql.sources.commitProtocolClass", PathOutputCommitProtocol.class.getName());
        conf.put("spark.hadoop.fs.s3a.committer.name", "magic");
        conf.put("spark.hadoop.fs.s3a.committer.magic.enabled", "true");
        // The joined rows are cached to be read whole, twice: kept as rows, not re-encoded into columns.
        conf.put("spark.sql.cache.serializer", RowBatchCacheSerializer.class.getName());
        if (settings.master().startsWith("local")) {
            // Shuffle and spill files go to the run's own folder, removed when the run ends. (On a cluster the
            // cluster manager chooses the executors' folders and Spark warns that this setting is overridden.)
            conf.put("spark.local.dir", scratch.toString());
            conf.put("spark.driver.host", "127.0.0.1");
            conf.put("spark.driver.bindAddress", "127.0.0.1");
            // Tasks run in this JVM: a task that runs out of heap fails its job, which the run reports
            // with its exit code, instead of Spark ending the whole process with its own code 52.
            conf.put("spark.executor.killOnFatalError.depth", "0");
            // Shuffle blocks never leave this JVM's disk, so compressing them only costs CPU on both ends.
            conf.put("spark.shuffle.compress", "false");
        }
        // Explicit spark.* settings win over everything above.
        for (Map.Entry<String, String> e : settings.conf().entrySet()) {
            conf.put(e.getKey(), e.getValue());
        }
        SparkSession spark = SparkLine.getOrCreate(conf);
        // Set on the live Hadoop configuration, not as spark.hadoop.* conf, so keys never sit in SparkConf
        // (which Spark may print in its environment listing).
        access.s3aSettings().forEach(spark.sparkContext().hadoopConfiguration()::set);
        scratchSettings(settings, scratch).forEach(spark.sparkContext().hadoopConfiguration()::set);
        noChecksumFiles(spark.sparkContext().hadoopConfiguration());
        try {
            s3a.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("s3a warm-up did not finish; the reads set s3a up themselves", e);
        }
        return spark;
    }

    /**
     * A file:// output holds what an s3:// one does: Hadoop's local file system would write a .crc checksum file
     * beside every part file and _SUCCESS. Set on the JVM's cached local file system, which Spark's writes use.
     */
    private static void noChecksumFiles(Configuration conf) {
        try {
            FileSystem.getLocal(conf).setWriteChecksum(false);
        } catch (java.io.IOException e) {
            LOG.debug("the local file system keeps its checksum files", e);
        }
    }

    /**
     * The settings that depend on the size of the inputs, known only once they are validated (the session
     * starts meanwhile); all of them are SQL settings a live session takes. Explicit spark.* settings win.
     */
    public static void fitToInputs(SparkSession spark, SparkConfig settings, long inputBytes) {
        boolean small = inputBytes < settings.smallInputBytes();
        int partitions = shufflePartitions(settings, inputBytes, Runtime.getRuntime().availableProcessors());
        Map<String, String> sized = new java.util.LinkedHashMap<>();
        sized.put("spark.sql.shuffle.partitions", Integer.toString(partitions));
        sized.put("spark.sql.adaptive.enabled", Boolean.toString(!small));
        // Compiling generated code (Janino) for each stage costs more than it saves on a few MB
        // (bench/run.sh course measures it).
        sized.put("spark.sql.codegen.wholeStage", Boolean.toString(!small));
        sized.put("spark.sql.codegen.factoryMode", small ? "NO_CODEGEN" : "FALLBACK");
        if (QuickJit.appliesTo(inputBytes, settings)) {
            QuickJit.apply();
        }
        sized.forEach((key, value) -> {
            if (!settings.conf().containsKey(key)) {
                spark.conf().set(key, value);
            }
        });
        LOG.debugf("Inputs of %d bytes: %d shuffle partitions%s", inputBytes, partitions, small ? ", small-data settings" : "");
    }

    /**
     * One shuffle partition per {@code bytesPerShufflePartition} of input and at least one per core, unless
     * set: a fixed count is too coarse for gigabytes and too fine for kilobytes, and adaptive execution
     * can merge partitions but never split them.
     */
    static int shufflePartitions(SparkConfig settings, long inputBytes, int cores) {
        if (settings.shufflePartitions().isPresent()) {
            return settings.shufflePartitions().getAsInt();
        }
        long bySize = (inputBytes + settings.bytesPerShufflePartition() - 1) / Math.max(1, settings.bytesPerShufflePartition());
        return (int) Math.max(cores, Math.min(bySize, 10_000));
    }

    /**
     * s3a buffers the parts it uploads on local disk: in this JVM, in the run's scratch folder beside Spark's
     * files (one place to size, removed with the run); a cluster's executors keep their own default.
     */
    private static Map<String, String> scratchSettings(SparkConfig settings, Path scratch) {
        return settings.master().startsWith("local") ? Map.of("fs.s3a.buffer.dir", scratch.resolve("s3a").toString()) : Map.of();
    }

    private static void warmS3a(SparkConfig settings, AwsAccess access, Path scratch, List<StorageUri> inputs) {
        Configuration conf = new Configuration();
        settings.conf().forEach((k, v) -> {
            if (k.startsWith(HADOOP_PREFIX)) {
                conf.set(k.substring(HADOOP_PREFIX.length()), v);
            }
        });
        access.s3aSettings().forEach(conf::set);
        // Hadoop caches filesystems by URI, not by configuration: the one made here is the one Spark uses.
        scratchSettings(settings, scratch).forEach(conf::set);
        inputs.stream().filter(StorageUri::isS3).map(StorageUri::bucket).distinct().forEach(bucket -> {
            try {
                FileSystem.get(URI.create("s3a://" + bucket + "/"), conf);
            } catch (Exception e) {
                LOG.debugf(e, "s3a warm-up for bucket %s failed; the read will report any real problem", bucket);
            }
        });
    }
}
