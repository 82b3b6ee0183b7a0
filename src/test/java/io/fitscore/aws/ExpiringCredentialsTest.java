package io.fitscore.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fitscore.testing.ContainerCredentialsServer;
import io.fitscore.testing.FaultProxy;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.SystemProperties;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * AWS Batch's role credentials expire and rotate: the container endpoint hands out session tokens that
 * live 8 s, a proxy in front of S3Proxy refuses expired ones as S3 does, and a run several lifetimes
 * long completes because both s3a and the S3 client fetch new ones in time.
 */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class ExpiringCredentialsTest {

    private static final String BUCKET = "fitscore-rotating";
    private static final String AUTH_TOKEN = "batch-auth-token-0815";
    private static final Duration LIFETIME = Duration.ofSeconds(8);
    private final SystemProperties properties = new SystemProperties();

    @AfterEach
    void restore() {
        properties.restore();
    }

    @Test
    void aRunLongerThanTheCredentialsLifetimeCompletesWithRotatedCredentials(QuarkusMainLauncher launcher) throws Exception {
        S3ProxyExtension.uploadMovieSample(BUCKET, 1500, 31);
        try (ContainerCredentialsServer credentials = ContainerCredentialsServer.rotating(S3ProxyExtension.ACCESS_KEY,
                S3ProxyExtension.secret(), AUTH_TOKEN, LIFETIME);
                FaultProxy proxy = new FaultProxy(S3ProxyExtension.endpoint(), 3)) {
            proxy.checkTokens(credentials::verdict);
            // Latency spreads the run's S3 traffic over more than one lifetime of the credentials.
            proxy.faults(0, 0, 40);
            properties.set("fitscore.s3-endpoint", proxy.endpoint());
            properties.set("fitscore.aws.access-key-id", "");
            properties.set("fitscore.aws.secret-access-key", "");
            properties.set("fitscore.aws.session-token", "");
            credentials.offerTo(properties);

            long start = System.nanoTime();
            LaunchResult result = launcher.launch("run", "--inputs",
                    "s3://" + BUCKET + "/in/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv",
                    "--output", "s3://" + BUCKET + "/out/", "--artifacts", "s3://" + BUCKET + "/art/", "--run-date", "2026-11-22");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(0, result.exitCode(), result.getErrorOutput());

            Map<String, Instant> expiries = credentials.expiries();
            Map<String, Set<String>> used = proxy.acceptedTokens();
            Instant firstExpiry = expiries.values().stream().min(Comparator.naturalOrder()).orElseThrow();
            // Tokens handed out after the first one had expired, by who used them.
            List<String> lateS3a = used.entrySet().stream()
                    .filter(e -> e.getValue().contains("s3a") && expiries.get(e.getKey()).isAfter(firstExpiry.plus(LIFETIME))).map(Map.Entry::getKey).toList();
            List<String> lateSdk = used.entrySet().stream()
                    .filter(e -> e.getValue().contains("sdk") && expiries.get(e.getKey()).isAfter(firstExpiry.plus(LIFETIME))).map(Map.Entry::getKey).toList();
            System.out.printf("CREDENTIALS run %.1f s with %d s credentials: %d tokens handed out, %d used (%d by s3a and %d by the S3 client after the first expired), %d requests refused, %d requests%n",
                    seconds, LIFETIME.toSeconds(), expiries.size(), used.size(), lateS3a.size(), lateSdk.size(), proxy.tokenRefusals(), proxy.requests());
            assertTrue(seconds > LIFETIME.toSeconds(), "the run outlived one lifetime of its credentials: " + seconds + " s");
            assertTrue(!lateS3a.isEmpty(), "s3a fetched new credentials after the first expired: " + used);
            assertTrue(!lateSdk.isEmpty(), "the S3 client fetched new credentials after the first expired: " + used);
            assertEquals(0, proxy.tokenRefusals(), "no request went out with an expired token");
            try (TestS3 s3 = S3ProxyExtension.client()) {
                assertTrue(s3.keys(BUCKET, "out/").contains("out/_SUCCESS"));
                assertTrue(s3.keys(BUCKET, "art/2026-11-22/").contains("art/2026-11-22/metrics.json"));
            }

            // The check bites: the first token, long expired, is refused as S3 refuses it.
            String firstToken = expiries.entrySet().stream().filter(e -> e.getValue().equals(firstExpiry)).findFirst().orElseThrow().getKey();
            try (S3Client stale = S3Client.builder().endpointOverride(URI.create(proxy.endpoint())).forcePathStyle(true).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(S3ProxyExtension.ACCESS_KEY,
                            S3ProxyExtension.secret(), firstToken)))
                    .httpClient(ApacheHttpClient.builder().build()).build()) {
                S3Exception refused = assertThrows(S3Exception.class, () -> stale.headObject(b -> b.bucket(BUCKET).key("out/_SUCCESS")));
                assertEquals(400, refused.statusCode());
                assertTrue(proxy.tokenRefusals() > 0);
            }
        }
    }
}
