package io.fitscore.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.fitscore.embedded.S3ProxyServer;
import io.fitscore.sample.MovieSample;

/**
 * Starts a real S3Proxy (child JVM on 127.0.0.1, authentication on) before a test class and points
 * fitscore at it through system properties, which the in-JVM launches of the app read as config.
 */
public class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {

    public static final String ACCESS_KEY = "fitscore-test";
    private static volatile S3ProxyServer server;
    private static volatile String secret;
    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        secret = "test-secret-" + UUID.randomUUID();
        server = S3ProxyServer.start(Path.of(System.getProperty("test.s3proxy.jar", "target/s3proxy/s3proxy.jar")), 0,
                ACCESS_KEY, secret, Optional.empty());
        PROPERTIES.put("fitscore.s3-endpoint", server.endpoint());
        PROPERTIES.put("fitscore.aws.access-key-id", ACCESS_KEY);
        PROPERTIES.put("fitscore.aws.secret-access-key", secret);
        PROPERTIES.put("fitscore.aws.region", "us-east-1");
        PROPERTIES.forEach(System::setProperty);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PROPERTIES.keySet().forEach(System::clearProperty);
        PROPERTIES.clear();
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public static String endpoint() {
        return server.endpoint();
    }

    public static String secret() {
        return secret;
    }

    /** A generated movie sample of {@code movies} movies in {@code s3://bucket/in/}. */
    public static void uploadMovieSample(String bucket, int movies, long seed) {
        try (TestS3 s3 = client()) {
            s3.putMovieSample(bucket, MovieSample.generate(movies, seed));
        }
    }

    public static TestS3 client() {
        return new TestS3(server.endpoint(), ACCESS_KEY, secret);
    }
}
