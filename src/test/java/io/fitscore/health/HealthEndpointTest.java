package io.fitscore.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fitscore.testing.S3ProxyExtension;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.restassured.path.json.JsonPath;

/** The optional health endpoint, read with REST Assured while a run is in progress. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class HealthEndpointTest {

    private static final String BUCKET = "fitscore-health";

    @Test
    void readinessReportsTheCurrentStageRowsAndElapsedTimeDuringARun(QuarkusMainLauncher launcher) throws Exception {
        S3ProxyExtension.uploadMovieSample(BUCKET, 1200, 17);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        System.setProperty("fitscore.health.enabled", "true");
        System.setProperty("fitscore.health.port", Integer.toString(port));
        System.setProperty("fitscore.cv.folds", "4");
        // Boosting's folds take a fraction of a second: repeats make the stage long enough to be polled.
        System.setProperty("fitscore.cv.repeats", "8");
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Future<LaunchResult> run = background.submit(() -> launcher.launch("run",
                    "--inputs", "s3://" + BUCKET + "/in/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv",
                    "--output", "s3://" + BUCKET + "/out/", "--artifacts", "s3://" + BUCKET + "/art/"));
            List<String> stagesSeen = new ArrayList<>();
            JsonPath during = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!run.isDone() && System.nanoTime() < deadline) {
                try {
                    JsonPath ready = given().baseUri("http://127.0.0.1:" + port).get("/q/health/ready").then().statusCode(200)
                            .extract().jsonPath();
                    String stage = ready.getString("checks[0].data.stage");
                    if (!stagesSeen.contains(stage)) {
                        stagesSeen.add(stage);
                    }
                    if ("cross-validate".equals(stage)) {
                        during = ready;
                        given().baseUri("http://127.0.0.1:" + port).get("/q/health/live").then().statusCode(200)
                                .body("status", equalTo("UP"));
                    }
                } catch (Exception | AssertionError notListeningYet) {
                    // the server starts with the application
                }
                Thread.sleep(200);
            }
            LaunchResult result = run.get(120, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.getErrorOutput());
            assertTrue(during != null, "readiness was read during cross-validation; stages seen: " + stagesSeen);
            assertEquals("UP", during.getString("status"));
            assertEquals(Boolean.TRUE, during.getBoolean("checks[0].data.running"));
            assertTrue(during.getLong("checks[0].data.rows_joined") > 500, during.prettify());
            assertTrue(during.getLong("checks[0].data.elapsed_seconds") >= 0);
            assertTrue(!during.prettify().contains(S3ProxyExtension.secret()), "no secret in the health output");
            assertTrue(stagesSeen.indexOf("read-join") < stagesSeen.indexOf("cross-validate") || !stagesSeen.contains("read-join"),
                    stagesSeen.toString());
        } finally {
            background.shutdownNow();
            System.clearProperty("fitscore.health.enabled");
            System.clearProperty("fitscore.health.port");
            System.clearProperty("fitscore.cv.folds");
            System.clearProperty("fitscore.cv.repeats");
        }
    }
}
