package io.fitscore.spark;

import java.nio.file.Path;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.jboss.logging.Logger;

import io.fitscore.aws.AwsAccess;
import io.fitscore.config.FitscoreConfig;

/** Starts the run's Spark session with s3a configured from the run's AWS decision. */
public final class SparkSessions {

    private static final Logger LOG = Logger.getLogger(SparkSessions.class);

    private SparkSessions() {
    }

    /** A new session for one run; {@link SparkJob} stops it. Never kept in a static: dev-mode reloads would break it. */
    public static SparkSession start(FitscoreConfig.Spark settings, AwsAccess access, Path scratch, long inputBytes) {
        boolean small = inputBytes < settings.smallInputBytes();
        SparkSession.Builder builder = SparkSession.builder()
                .appName("fitscore")
                .master(settings.master())
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", Integer.toString(small ? Math.min(2, settings.shufflePartitions())
                        : settings.shufflePartitions()))
                .config("spark.sql.adaptive.enabled", Boolean.toString(!small))
                .config("spark.sql.session.timeZone", "UTC")
                // Shuffle and spill files go to the run's own folder, removed when the run ends.
                .config("spark.local.dir", scratch.toString());
        if (settings.master().startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        if (small) {
            LOG.debugf("Inputs of %d bytes: small-data Spark settings (2 shuffle partitions, no adaptive planning)", inputBytes);
        }
        // Explicit spark.* settings win over everything above.
        for (Map.Entry<String, String> e : settings.conf().entrySet()) {
            builder.config(e.getKey(), e.getValue());
        }
        SparkSession spark = builder.getOrCreate();
        // Set on the live Hadoop configuration, not as spark.hadoop.* conf, so keys never sit in SparkConf
        // (which Spark may print in its environment listing).
        access.s3aSettings().forEach(spark.sparkContext().hadoopConfiguration()::set);
        return spark;
    }
}
