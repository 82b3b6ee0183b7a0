package io.fitscore.testing;

import java.util.HashMap;
import java.util.Map;

import io.fitscore.config.FitscoreConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Builds a real {@link FitscoreConfig} mapping from a few properties, for tests that need no application. */
public final class TestConfig {

    private TestConfig() {
    }

    public static FitscoreConfig of(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("fitscore.inputs", "s3://bucket-a/in/a.csv,s3://bucket-a/in/b.csv");
        props.put("fitscore.join-key", "id");
        props.put("fitscore.target", "y");
        props.put("fitscore.output", "s3://bucket-a/out/");
        props.put("fitscore.artifacts", "s3://bucket-a/artifacts/");
        props.putAll(overrides);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(FitscoreConfig.class)
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .build();
        return config.getConfigMapping(FitscoreConfig.class);
    }
}
