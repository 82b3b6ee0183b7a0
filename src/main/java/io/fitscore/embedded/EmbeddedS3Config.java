package io.fitscore.embedded;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** A local S3Proxy server seeded with generated sample data (dev mode's default). */
@ConfigMapping(prefix = "fitscore.embedded-s3")
public interface EmbeddedS3Config {
    /** Start the embedded S3 server (dev mode and the quick start turn it on). */
    @WithDefault("false")
    boolean enabled();

    /** Its port on 127.0.0.1. */
    @WithDefault("9755")
    int port();

    /** Where the server keeps its objects; empty means in memory. */
    Optional<String> dataDir();

    /** Path of the S3Proxy jar-with-dependencies. */
    @WithDefault("target/s3proxy/s3proxy.jar")
    String jar();

    /** Movies generated for the sample inputs. */
    @WithDefault("2000")
    int sampleMovies();
}
