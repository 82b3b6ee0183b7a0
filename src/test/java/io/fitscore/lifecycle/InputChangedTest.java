package io.fitscore.lifecycle;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fitscore.storage.ObjectStore;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.sample.MovieSample;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** An input overwritten while the run works on it: detected before publishing, exit 5, nothing published. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class InputChangedTest {

    private static final String BUCKET = "fitscore-changed";

    @Test
    void anInputOverwrittenDuringTheRunStopsItBeforeAnythingIsPublished(QuarkusMainLauncher launcher) throws Exception {
        MovieSample.Files sample = MovieSample.generate(1200, 23);
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.putMovieSample(BUCKET, sample);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        System.setProperty("fitscore.health.enabled", "true");
        System.setProperty("fitscore.health.port", Integer.toString(port));
        // A long cross-validation: the window in which the test, watching the stage, overwrites an input.
        System.setProperty("fitscore.cv.folds", "4");
        System.setProperty("fitscore.cv.repeats", "8");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<LaunchResult> run = background.submit(() -> launcher.launch("run",
                    "--inputs", "s3://" + BUCKET + "/in/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv",
                    "--output", "s3://" + BUCKET + "/out/", "--artifacts", "s3://" + BUCKET + "/art/"));
            boolean overwritten = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!overwritten && !run.isDone() && System.nanoTime() < deadline) {
                try {
                    String stage = given().baseUri("http://127.0.0.1:" + port).get("/q/health/ready").then().extract().jsonPath()
                            .getString("checks[0].data.stage");
                    if ("cross-validate".equals(stage)) {
                        try (TestS3 s3 = S3ProxyExtension.client()) {
                            s3.put(BUCKET, "in/after_release.csv", sample.afterRelease() + "A late movie,7.1\n");
                        }
                        overwritten = true;
                    }
                } catch (Exception | AssertionError notListeningYet) {
                    // the server starts with the application
                }
                Thread.sleep(100);
            }
            LaunchResult result = run.get(120, TimeUnit.SECONDS);
            assertTrue(overwritten, "the input was overwritten during cross-validation");
            assertEquals(5, result.exitCode(), result.getErrorOutput());
            assertTrue(result.getErrorOutput().contains("s3://" + BUCKET + "/in/after_release.csv: changed while the run read it (ETag "),
                    result.getErrorOutput());
            try (TestS3 s3 = S3ProxyExtension.client()) {
                assertEquals(List.of(), s3.keys(BUCKET, "out"), "no results published or left in staging");
                assertEquals(List.of(), s3.keys(BUCKET, "art"), "no artifacts published or left in staging");
            }
        } finally {
            background.shutdownNow();
            System.clearProperty("fitscore.health.enabled");
            System.clearProperty("fitscore.health.port");
            System.clearProperty("fitscore.cv.folds");
            System.clearProperty("fitscore.cv.repeats");
        }
    }

    @Test
    void theRuleComparesEveryValidatedFileWithItsVersionNow() {
        List<ObjectStore.ObjectInfo> validated = List.of(new ObjectStore.ObjectInfo("s3://b/a.csv", "e1", 10),
                new ObjectStore.ObjectInfo("s3://b/b.csv", "e2", 20));
        JobLifecycle.checkUnchanged(validated, List.of(validated.get(1), validated.get(0)));
        FitscoreException removed = assertThrows(FitscoreException.class, () -> JobLifecycle.checkUnchanged(validated, validated.subList(0, 1)));
        assertEquals(ExitCode.INPUT_MISSING, removed.exitCode());
        assertTrue(removed.getMessage().startsWith("s3://b/b.csv: removed while the run read it"), removed.getMessage());
        FitscoreException added = assertThrows(FitscoreException.class, () -> JobLifecycle.checkUnchanged(validated,
                List.of(validated.get(0), validated.get(1), new ObjectStore.ObjectInfo("s3://b/c.csv", "e3", 5))));
        assertTrue(added.getMessage().startsWith("s3://b/c.csv: appeared while the run read its folder or pattern"), added.getMessage());
    }
}
