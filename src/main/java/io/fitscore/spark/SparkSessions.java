package io.fitscore.spark;

import java.util.Map;

import org.apache.spark.sql.SparkSession;

import io.fitscore.aws.AwsAccess;
import io.fitscore.config.FitscoreConfig;

/** Starts the run's Spark session with s3a configured from the run's AWS decision. */
public final class SparkSessions {

    private SparkSessions() {
    }

    /** A new session for one run; the caller stops it. Never kept in a static: dev-mode reloads would break it. */
    public static SparkSession start(FitscoreConfig.Spark settings, AwsAccess access) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName("fitscore")
                .master(settings.master())
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", Integer.toString(settings.shufflePartitions()))
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.sql.session.timeZone", "UTC");
        if (settings.master().startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
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
