package io.fitscore.testing;

import java.util.HashMap;
import java.util.Map;

import io.fitscore.config.FitscoreConfig;
import io.fitscore.embedded.EmbeddedS3Config;
import io.fitscore.health.HealthConfig;
import io.fitscore.publish.LeaseConfig;
import io.fitscore.spark.SparkConfig;
import io.fitscore.ml.TrainerSettings;
import io.fitscore.recommend.RecommendConfig;
import io.fitscore.reduce.ReduceConfig;
import io.fitscore.regression.RegressionConfig;
import io.fitscore.regression.RegressionSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Builds the real configuration mappings from a few properties, for tests that need no application. */
public final class TestConfig {

    private TestConfig() {
    }

    public static FitscoreConfig of(Map<String, String> overrides) {
        return config(overrides).getConfigMapping(FitscoreConfig.class);
    }

    public static SparkConfig spark(Map<String, String> overrides) {
        return config(overrides).getConfigMapping(SparkConfig.class);
    }

    public static RegressionConfig regression(Map<String, String> overrides) {
        return config(overrides).getConfigMapping(RegressionConfig.class);
    }

    public static ReduceConfig reduce(Map<String, String> overrides) {
        return config(overrides).getConfigMapping(ReduceConfig.class);
    }

    public static RecommendConfig recommend(Map<String, String> overrides) {
        return config(overrides).getConfigMapping(RecommendConfig.class);
    }

    /** The trainer settings ml takes, as a run would make them from these properties. */
    public static TrainerSettings trainer(Map<String, String> overrides) {
        return RegressionSettings.trainerSettings(regression(overrides).trainer());
    }

    private static SmallRyeConfig config(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("fitscore.inputs", "s3://bucket-a/in/a.csv,s3://bucket-a/in/b.csv");
        props.put("fitscore.join-key", "id");
        props.put("fitscore.target", "y");
        props.put("fitscore.output", "s3://bucket-a/out/");
        props.put("fitscore.artifacts", "s3://bucket-a/artifacts/");
        props.putAll(overrides);
        return new SmallRyeConfigBuilder()
                .withMapping(FitscoreConfig.class)
                .withMapping(RegressionConfig.class)
                .withMapping(ReduceConfig.class)
                .withMapping(RecommendConfig.class)
                .withMapping(SparkConfig.class)
                .withMapping(HealthConfig.class)
                .withMapping(LeaseConfig.class)
                .withMapping(EmbeddedS3Config.class)
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .build();
    }
}
