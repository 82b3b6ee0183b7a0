package io.fitscore.lifecycle;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.testing.FaultProxy;
import io.fitscore.testing.Results;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * S3 that throttles and drops connections, injected for real by a proxy in front of S3Proxy: moderate
 * faults cost retries (counted in metrics.json) but not results; faults that do not end stop the run with
 * its documented exit code in bounded time, the earlier results intact.
 */
// The SDK client's request counters are JVM-wide (a run reports the difference over its span): the clean
// baseline runs first, so no earlier throttled run of this class can still be finishing a request inside it
// (seen in CI: a clean run then counted 7 extra requests and 1 retry).
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3FaultsTest {

    private static final String BUCKET = "fitscore-flaky";
    private static final String INPUTS = "s3://" + BUCKET + "/in/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv";

    @AfterEach
    void pointBackAtS3Proxy() {
        System.setProperty("fitscore.s3-endpoint", S3ProxyExtension.endpoint());
        System.clearProperty("fitscore.health.enabled");
        System.clearProperty("fitscore.health.port");
    }

    private static void upload() {
        S3ProxyExtension.uploadMovieSample(BUCKET, 1500, 29);
    }

    private static LaunchResult run(QuarkusMainLauncher launcher, String name) {
        return launcher.launch("run", "--inputs", INPUTS, "--output", "s3://" + BUCKET + "/" + name + "/",
                "--artifacts", "s3://" + BUCKET + "/" + name + "-art/", "--run-date", "2026-11-21");
    }

    /** Every published row, keyed by its whole content: equal maps mean identical results. */
    private static Map<String, Integer> rows(String name) {
        Map<String, Integer> rows = new TreeMap<>();
        try (TestS3 s3 = S3ProxyExtension.client()) {
            for (JsonNode row : Results.read(s3, BUCKET, name + "/")) {
                rows.merge(row.toString(), 1, Integer::sum);
            }
        }
        return rows;
    }

    private static JsonNode metrics(String name) {
        try (TestS3 s3 = S3ProxyExtension.client()) {
            return Results.json(s3.get(BUCKET, name + "-art/2026-11-21/metrics.json"));
        }
    }

    @Test
    @Order(1)
    void throttlingAndDroppedConnectionsCostRetriesNotResults(QuarkusMainLauncher launcher) throws Exception {
        upload();
        try (FaultProxy proxy = new FaultProxy(S3ProxyExtension.endpoint(), 7)) {
            System.setProperty("fitscore.s3-endpoint", proxy.endpoint());
            LaunchResult clean = run(launcher, "clean");
            assertEquals(0, clean.exitCode(), clean.getErrorOutput());
            int cleanRequests = proxy.requests();

            // 5% of requests answered 503 SlowDown, 2% of connections reset, 5 ms added to every request.
            proxy.faults(0.05, 0.02, 5);
            LaunchResult flaky = run(launcher, "flaky");
            assertEquals(0, flaky.exitCode(), flaky.getErrorOutput());
            System.out.printf("FAULTS moderate: %d requests through the proxy (clean run %d), %d answered 503, %d reset%n",
                    proxy.requests() - cleanRequests, cleanRequests, proxy.slowDowns(), proxy.resets());
            assertTrue(proxy.slowDowns() > 0 && proxy.resets() > 0, "faults were injected");

            Map<String, Integer> expected = rows("clean");
            assertTrue(expected.size() > 500, "results read back: " + expected.size());
            assertEquals(expected, rows("flaky"), "identical results despite the faults");

            JsonNode s3Clean = metrics("clean").at("/spark/s3");
            JsonNode s3Flaky = metrics("flaky").at("/spark/s3");
            System.out.println("FAULTS metrics clean " + s3Clean + " flaky " + s3Flaky);
            assertEquals(0, s3Clean.at("/client/retries").asLong(-1) + s3Clean.at("/s3a/retries").asLong(-1), "a clean run retries nothing: " + s3Clean);
            assertTrue(s3Clean.at("/client/requests").asLong() > 0 && s3Clean.at("/s3a/requests").asLong() > 0, "requests counted: " + s3Clean);
            assertTrue(s3Flaky.at("/client/retries").asLong() + s3Flaky.at("/s3a/retries").asLong() > 0,
                    "the retries are counted in metrics.json: " + s3Flaky);
        }
    }

    @Test
    @Order(2)
    void anS3ThatKeepsThrottlingStopsTheRunInBoundedTimeWithTheEarlierResultsIntact(QuarkusMainLauncher launcher) throws Exception {
        upload();
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (FaultProxy proxy = new FaultProxy(S3ProxyExtension.endpoint(), 11)) {
            System.setProperty("fitscore.s3-endpoint", proxy.endpoint());
            LaunchResult first = run(launcher, "kept");
            assertEquals(0, first.exitCode(), first.getErrorOutput());
            Map<String, Integer> before = rows("kept");

            System.setProperty("fitscore.health.enabled", "true");
            System.setProperty("fitscore.health.port", Integer.toString(port));
            Future<LaunchResult> second = background.submit(() -> run(launcher, "kept"));
            // Once the inputs are read, S3 answers every request with 503 SlowDown and never recovers.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            boolean throttling = false;
            while (!throttling && !second.isDone() && System.nanoTime() < deadline) {
                try {
                    String stage = given().baseUri("http://127.0.0.1:" + port).get("/q/health/ready").then().extract().jsonPath()
                            .getString("checks[0].data.stage");
                    if (Set.of("collect", "drift", "choose-model", "train-evaluate", "refit", "calibrate-interval", "cross-validate")
                            .contains(stage)) {
                        proxy.faults(1.0, 0, 0);
                        throttling = true;
                    }
                } catch (Exception | AssertionError notListeningYet) {
                    // the server starts with the application
                }
                Thread.sleep(50);
            }
            long from = System.nanoTime();
            LaunchResult result = second.get(600, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - from) / 1e9;
            proxy.faults(0, 0, 0);
            assertTrue(throttling, "S3 started throttling during the run");
            System.out.printf("FAULTS persistent 503: exit %d %.1f s after S3 began throttling; %d answered 503%n", result.exitCode(),
                    seconds, proxy.slowDowns());
            assertEquals(7, result.exitCode(), result.getErrorOutput());
            String error = result.getErrorOutput();
            assertTrue(error.contains("fitscore: error: s3://" + BUCKET + "/") && error.contains("Slow Down") && error.contains("503"), error);
            assertTrue(seconds < 240, "bounded: " + seconds + " s");
            assertEquals(before, rows("kept"), "the earlier results are intact");
        } finally {
            background.shutdownNow();
        }
    }
}
