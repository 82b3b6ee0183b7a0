package io.fitscore.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fitscore.testing.ContainerCredentialsServer;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.SystemProperties;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The AWS Batch path: no keys in the environment, credentials from the container credentials
 * endpoint, for both s3a (Spark) and the Quarkus S3 client; and keys never appear in anything a run produces.
 */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CredentialsTest {

    private static final String BUCKET = "fitscore-credentials";
    private static final String AUTH_TOKEN = "batch-auth-token-4711";
    private final SystemProperties properties = new SystemProperties();

    @BeforeAll
    static void upload() {
        S3ProxyExtension.uploadMovieSample(BUCKET, 150, 5);
    }

    private void set(String key, String value) {
        properties.set(key, value);
    }

    /** Log levels outlive a launch in the JVM's log manager, so they are set back rather than cleared. */
    private void setLogLevel(String category, String level, String restoreTo) {
        properties.set("quarkus.log.category.\"" + category + "\".level", level, restoreTo);
    }

    @AfterEach
    void restore() {
        properties.restore();
    }

    private void withoutKeys() {
        set("fitscore.aws.access-key-id", "");
        set("fitscore.aws.secret-access-key", "");
        set("fitscore.aws.session-token", "");
    }

    private static LaunchResult run(QuarkusMainLauncher launcher, String name) {
        return launcher.launch("run", "--inputs", "s3://" + BUCKET + "/in/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv",
                "--output", "s3://" + BUCKET + "/" + name + "/out/", "--artifacts", "s3://" + BUCKET + "/" + name + "/artifacts/");
    }

    private static List<String> written(String name) {
        try (TestS3 s3 = S3ProxyExtension.client()) {
            return s3.keys(BUCKET, name + "/");
        }
    }

    @Test
    void autoWithoutKeysUsesTheContainerEndpointForSparkAndTheS3Client(QuarkusMainLauncher launcher) throws Exception {
        try (ContainerCredentialsServer server = new ContainerCredentialsServer(S3ProxyExtension.ACCESS_KEY,
                S3ProxyExtension.secret(), "session-token-from-batch", AUTH_TOKEN)) {
            withoutKeys();
            server.offerTo(properties);
            LaunchResult result = run(launcher, "auto");
            assertEquals(0, result.exitCode(), result.getErrorOutput());
            assertTrue(result.getOutput().contains("Credentials: default (auto: no explicit keys"), result.getOutput());
            assertTrue(server.served() >= 2, "both s3a and the S3 client fetched container credentials: " + server.served());
            assertEquals(0, server.refused());
            List<String> keys = written("auto");
            assertTrue(keys.contains("auto/out/_SUCCESS"), "s3a wrote the results: " + keys);
            assertTrue(keys.stream().anyMatch(k -> k.startsWith("auto/artifacts/") && k.endsWith("/metrics.json")), "the S3 client wrote the artifacts: " + keys);
        }
    }

    @Test
    void containerChosenExplicitly(QuarkusMainLauncher launcher) throws Exception {
        try (ContainerCredentialsServer server = new ContainerCredentialsServer(S3ProxyExtension.ACCESS_KEY,
                S3ProxyExtension.secret(), "tok", AUTH_TOKEN)) {
            withoutKeys();
            server.offerTo(properties);
            set("fitscore.credentials", "container");
            LaunchResult result = run(launcher, "explicit-container");
            assertEquals(0, result.exitCode(), result.getErrorOutput());
            assertTrue(result.getOutput().contains("Credentials: container (fitscore.credentials=container)"));
            assertTrue(server.served() >= 2);
        }
    }

    @Test
    void wrongContainerCredentialsFailWithTheCredentialsExitCode(QuarkusMainLauncher launcher) throws Exception {
        try (ContainerCredentialsServer server = new ContainerCredentialsServer(S3ProxyExtension.ACCESS_KEY,
                "not-the-right-secret", "tok", AUTH_TOKEN)) {
            withoutKeys();
            server.offerTo(properties);
            LaunchResult result = run(launcher, "wrong");
            assertEquals(4, result.exitCode(), result.getErrorOutput());
            assertTrue(result.getErrorOutput().contains("fitscore: error: s3://" + BUCKET + "/in/pre_release.csv: access denied"),
                    result.getErrorOutput());
            assertEquals(List.of(), written("wrong"));
        }
    }

    @Test
    void explicitKeysWinOverTheContainerEndpoint(QuarkusMainLauncher launcher) throws Exception {
        try (ContainerCredentialsServer server = new ContainerCredentialsServer("someone-else", "wrong-secret", "tok", AUTH_TOKEN)) {
            server.offerTo(properties);
            LaunchResult result = run(launcher, "keys-win");
            assertEquals(0, result.exitCode(), result.getErrorOutput());
            assertTrue(result.getOutput().contains("Credentials: static (auto: explicit keys are set)"));
            assertEquals(0, server.served() + server.refused(), "the container endpoint was never asked");
        }
    }

    @Test
    void explicitTemporaryKeysWithASessionToken(QuarkusMainLauncher launcher) {
        set("fitscore.aws.session-token", "explicit-session-token");
        LaunchResult result = run(launcher, "session");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getOutput().contains("(with a session token)"));
        assertTrue(written("session").stream().anyMatch(k -> k.endsWith("/model.tribuo")));
    }

    /** Last: the DEBUG levels it turns on stay in the JVM's log manager for later launches. */
    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretInLogsOutputsOrArtifacts(QuarkusMainLauncher launcher) {
        String secret = S3ProxyExtension.secret();
        String token = "canary-session-token-" + secret.hashCode();
        set("fitscore.aws.session-token", token);
        // The most verbose fitscore and s3a logging a user could turn on.
        setLogLevel("io.fitscore", "DEBUG", "INFO");
        setLogLevel("org.apache.hadoop.fs.s3a", "DEBUG", "WARN");
        LaunchResult result = run(launcher, "canary");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getOutput().contains("Stage read-join: started"), "logs are captured, so the search below means something");
        for (String leaked : List.of(secret, token)) {
            assertFalse(result.getOutput().contains(leaked), "secret in stdout");
            assertFalse(result.getErrorOutput().contains(leaked), "secret in stderr");
        }
        try (TestS3 s3 = S3ProxyExtension.client()) {
            List<String> keys = s3.keys(BUCKET, "canary/");
            assertTrue(keys.size() >= 4, keys.toString());
            for (String key : keys) {
                String content = new String(s3.get(BUCKET, key), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(secret) || content.contains(token), "secret in " + key);
            }
        }
    }
}
