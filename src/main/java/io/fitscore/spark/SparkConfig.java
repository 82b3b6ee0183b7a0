package io.fitscore.spark;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Spark session settings. */
@ConfigMapping(prefix = "fitscore.spark")
public interface SparkConfig {
    /** The master: spark-submit's (its {@code spark.master} system property) when launched by it, else local[*]. */
    @WithDefault("${spark.master:local[*]}")
    String master();

    /**
     * Partitions of every shuffle (the dedup/join and what follows). Unset: one per
     * {@link #bytesPerShufflePartition()} of input, at least one per core.
     */
    OptionalInt shufflePartitions();

    /** Input bytes per shuffle partition when {@link #shufflePartitions()} is unset (128 MiB, as an HDFS block). */
    @WithDefault("134217728")
    long bytesPerShufflePartition();

    /**
     * Inputs smaller than this in all (bytes) run with small-data settings: no adaptive re-planning and
     * interpreted instead of generated code, which cost more than they save on a few MB. 0 turns it off.
     */
    @WithDefault("67108864")
    long smallInputBytes();

    /**
     * On small inputs (see {@link #smallInputBytes()}), turn the JVM's optimising compiler off for the rest
     * of the run: its compilations cost a small run more CPU than they save.
     */
    @WithDefault("true")
    boolean quickJit();

    /**
     * Where each run makes its scratch folder (Spark's shuffle and spill files, s3a's upload buffers),
     * removed when the run ends. Unset: the JVM's temporary folder. Give it room for a few times the input.
     */
    Optional<String> scratchDir();

    /** Any further spark.* settings, passed through as they are. */
    @WithName("conf")
    Map<String, String> conf();
}
