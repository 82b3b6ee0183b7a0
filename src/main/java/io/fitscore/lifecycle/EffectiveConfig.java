package io.fitscore.lifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fitscore.config.FitscoreConfig;
import io.fitscore.config.RunSettings;
import io.fitscore.publish.LeaseConfig;
import io.fitscore.spark.SparkConfig;
import io.fitscore.storage.StorageUri;

/** The run's effective configuration as plain data for metrics.json, with every secret left out. */
public final class EffectiveConfig {

    private EffectiveConfig() {
    }

    /**
     * The settings every job has, with the job's own ({@code jobSettings}, e.g. its trainer or its PCA) after the
     * input format: what metrics.json and provenance.json record as "config".
     */
    public static Map<String, Object> describe(RunSettings run, FitscoreConfig c, SparkConfig sparkConfig, LeaseConfig lease, String credentialsKind,
            Map<String, Object> jobSettings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", run.inputs().stream().map(StorageUri::toString).toList());
        m.put("join_key", run.joinKey().orElse(null));
        m.put("target", run.target());
        m.put("output", run.output().toString());
        m.put("output_layout", run.outputLayout().configName());
        m.put("artifacts", run.artifacts().toString());
        m.put("run_date", run.runDate().toString());
        m.put("s3_endpoint", c.s3Endpoint().orElse(null));
        m.put("region", c.aws().region());
        // Only the kind of credentials: keys, secrets and tokens never leave the process.
        m.put("credentials", credentialsKind);
        m.put("csv", Map.of("delimiter", c.csv().delimiter(), "types", c.csv().types(), "encoding", c.csv().encoding()));
        m.putAll(jobSettings);
        m.put("lease", Map.of("ttl_seconds", lease.ttlSeconds(), "wait_seconds", lease.waitSeconds()));
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("master", sparkConfig.master());
        spark.put("shuffle_partitions", sparkConfig.shufflePartitions().isPresent() ? sparkConfig.shufflePartitions().getAsInt() : "auto");
        spark.put("bytes_per_shuffle_partition", sparkConfig.bytesPerShufflePartition());
        spark.put("small_input_bytes", sparkConfig.smallInputBytes());
        spark.put("quick_jit", sparkConfig.quickJit());
        spark.put("scratch_dir", sparkConfig.scratchDir().filter(d -> !d.isBlank()).orElse("java.io.tmpdir"));
        // Extra Spark settings by name only: their values may hold endpoints or secrets.
        spark.put("conf", List.copyOf(new java.util.TreeSet<>(sparkConfig.conf().keySet())));
        m.put("spark", spark);
        return m;
    }
}
