package io.fitscore.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives Spark's own log4j2 backend the log levels fitscore sets for Quarkus logging. Launched by
 * spark-submit, Spark logs through the cluster's log4j2 (at INFO by default) instead of through Quarkus
 * logging, so the {@code quarkus.log.category."...".level} settings that quiet Spark, Hadoop and the SDK
 * in the fast-jar would not reach it. Does nothing when log4j2 is bridged to Quarkus logging.
 */
final class SparkSubmitLogging {

    private static final String PREFIX = "quarkus.log.category.";
    private static final String SUFFIX = ".level";

    private SparkSubmitLogging() {
    }

    static void apply() {
        try {
            // Spark loads its default log4j2 profile (root at INFO) on its first log line, which would undo levels
            // set before it: let it do so now.
            new SparkConf(false).initializeLogIfNecessary(false);
            if (!(LogManager.getContext(false) instanceof LoggerContext)) {
                return;
            }
            Config config = ConfigProvider.getConfig();
            for (String name : config.getPropertyNames()) {
                if (name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name.length() > PREFIX.length() + SUFFIX.length()) {
                    String category = name.substring(PREFIX.length(), name.length() - SUFFIX.length()).replace("\"", "");
                    Level level = config.getOptionalValue(name, String.class).map(v -> Level.toLevel(v.strip(), null)).orElse(null);
                    if (level != null) {
                        Configurator.setLevel(category, level);
                    }
                }
            }
        } catch (LinkageError e) {
            // No log4j2 core on this class path: nothing of Spark's to configure.
        }
    }
}
