package io.fitscore.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fitscore.embedded.S3ProxyServer;
import io.fitscore.sample.MovieSample;
import io.fitscore.testing.TestS3Access;
import io.fitscore.testing.TestS3;

/**
 * The packaged job as AWS Batch runs it (a separate JVM; through the launcher where the container's entry point
 * matters), under faults: SIGTERM mid-run, and the S3 server going away mid-run. Either way the run exits with its
 * documented code, publishes nothing, leaves the previous results intact, and a rerun afterwards succeeds.
 */
class ProcessFaultsIT {

    private static final String BUCKET = "fitscore-faults";
    private static final String KEY = "fitscore-it";

    private static Path jar(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback));
    }

    /** A child JVM running fitscore with only environment variables, as the container does. */
    private static Process start(String endpoint, String secret, String output, Path log) throws IOException {
        return start(endpoint, secret, output, log, Map.of());
    }

    private static Process start(String endpoint, String secret, String output, Path log, Map<String, String> settings) throws IOException {
        return start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar("test.app.jar", "target/fitscore.jar").toString()), endpoint, secret, output, log, settings);
    }

    /** The same through the launcher (target/fitscore), the image's entry point: its JIT choice, signal forwarding and exit code. */
    private static Process startViaLauncher(String endpoint, String secret, String output, Path log, Map<String, String> settings)
            throws IOException {
        Map<String, String> withHeap = new java.util.HashMap<>(Map.of("FITSCORE_HEAP", "2g"));
        withHeap.putAll(settings);
        return start(List.of(jar("test.app.launcher", "target/fitscore").toAbsolutePath().toString()), endpoint, secret, output, log,
                withHeap);
    }

    private static Process start(List<String> launch, String endpoint, String secret, String output, Path log, Map<String, String> settings)
            throws IOException {
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of("run", "--run-date", "2026-11-21"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("FITSCORE_"));
        env.put("FITSCORE_S3_ENDPOINT", endpoint);
        env.put("AWS_ACCESS_KEY_ID", KEY);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_REGION", "us-east-1");
        env.put("FITSCORE_INPUTS", "s3://" + BUCKET + "/in/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv");
        env.put("FITSCORE_OUTPUT", "s3://" + BUCKET + "/" + output + "/");
        env.put("FITSCORE_ARTIFACTS", "s3://" + BUCKET + "/" + output + "-artifacts/");
        // Slow enough to be caught mid-run: many trees, 5-fold CV.
        env.put("FITSCORE_TRAINER_TREES", "150");
        env.put("FITSCORE_CV_FOLDS", "5");
        env.putAll(settings);
        return pb.start();
    }

    private static void awaitLine(Path log, String text, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + text + "' did not appear in " + seconds + " s: " + Files.readString(log));
    }

    /** Every result and artifact object under a prefix with its content (leases are bookkeeping, not results). */
    private static Map<String, String> snapshot(TestS3 s3, String prefix) {
        Map<String, String> content = new TreeMap<>();
        for (String key : s3.keys(BUCKET, prefix).stream().filter(k -> !k.endsWith(".lease")).toList()) {
            content.put(key, s3.getString(BUCKET, key));
        }
        return content;
    }

    private static void upload(TestS3 s3) {
        MovieSample.Files sample = MovieSample.generate(1500, 13);
        s3.putMovieSample(BUCKET, sample);
    }

    /** What a test does with a fresh in-memory S3 server seeded with the movie sample, and its canary secret. */
    @FunctionalInterface
    private interface Scenario {
        void run(S3ProxyServer server, TestS3 s3, String secret) throws Exception;
    }

    private static void onSeededServer(Scenario scenario) throws Exception {
        String secret = "it-" + UUID.randomUUID();
        Path s3proxy = jar("test.s3proxy.jar", "target/s3proxy/s3proxy.jar");
        try (S3ProxyServer server = S3ProxyServer.start(s3proxy, 0, KEY, secret, Optional.empty());
                TestS3 s3 = TestS3Access.client(server.endpoint(), KEY, secret)) {
            upload(s3);
            scenario.run(server, s3, secret);
        }
    }

    @Test
    void sigtermStopsTheRunWithinSecondsPublishingNothing() throws Exception {
        onSeededServer((server, s3, secret) -> {
            Path log = Files.createTempFile("fitscore-sigterm", ".log");
            Process first = start(server.endpoint(), secret, "out", log);
            assertEquals(0, first.waitFor(), Files.readString(log));
            Map<String, String> before = snapshot(s3, "out");

            Path log2 = Files.createTempFile("fitscore-sigterm", ".log");
            Process run = startViaLauncher(server.endpoint(), secret, "out", log2, Map.of());
            awaitLine(log2, "Stage cross-validate: started", 120);
            long sent = System.nanoTime();
            run.destroy(); // SIGTERM to the launcher (the container's PID 1), as AWS Batch sends on timeout or cancel
            assertTrue(run.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
            // AWS Batch follows SIGTERM with SIGKILL after 30 s; stopping at a fold boundary takes one fold.
            double seconds = (System.nanoTime() - sent) / 1e9;
            String output = Files.readString(log2);
            assertEquals(8, run.exitValue(), output);
            assertTrue(output.contains("fitscore: error: interrupted by SIGTERM"), output);
            assertTrue(seconds < 20, "stopped at a fold boundary, not by the watchdog: " + seconds + " s");
            System.out.printf("SIGTERM to exit: %.1f s%n", seconds);
            assertEquals(before, snapshot(s3, "out"), "the previous results and artifacts are untouched");
            assertEquals(List.of(), s3.keys(BUCKET, "").stream().filter(k -> k.contains(".staging-")).toList(), "staging discarded");

            Process rerun = start(server.endpoint(), secret, "out", log2);
            assertEquals(0, rerun.waitFor(), Files.readString(log2));
        });
    }

    @Test
    void theS3ServerGoingAwayMidRunLeavesThePreviousResultsIntact() throws Exception {
        String secret = "it-" + UUID.randomUUID();
        Path s3proxy = jar("test.s3proxy.jar", "target/s3proxy/s3proxy.jar");
        Path data = Files.createTempDirectory("fitscore-s3data");
        Map<String, String> before;
        int port;
        try (S3ProxyServer server = S3ProxyServer.start(s3proxy, 0, KEY, secret, Optional.of(data));
                TestS3 s3 = TestS3Access.client(server.endpoint(), KEY, secret)) {
            port = server.port();
            upload(s3);
            Path log = Files.createTempFile("fitscore-fault", ".log");
            Process first = start(server.endpoint(), secret, "out", log);
            assertEquals(0, first.waitFor(), Files.readString(log));
            before = snapshot(s3, "out");

            // A short lease time to live, so the rerun below need not wait minutes for the dead run's lease.
            Process run = start(server.endpoint(), secret, "out", log, Map.of("FITSCORE_LEASE_TTL_SECONDS", "15"));
            awaitLine(log, "Stage score-write-results: started", 180);
            server.close(); // the S3 server dies as the results are being written (to staging)
            assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the run hangs without its S3 server");
            String output = Files.readString(log);
            assertEquals(7, run.exitValue(), output);
            assertTrue(output.contains("fitscore: error: "), output);
        }
        try (S3ProxyServer again = S3ProxyServer.start(s3proxy, port, KEY, secret, Optional.of(data));
                TestS3 s3 = TestS3Access.client(again.endpoint(), KEY, secret)) {
            assertEquals(before, snapshot(s3, "out"), "yesterday's results survive the failed run");
            // The dead run could not delete its lease; the rerun (as an AWS Batch retry) waits for it to expire and takes it over.
            Path log = Files.createTempFile("fitscore-fault", ".log");
            Process rerun = start(again.endpoint(), secret, "out", log, Map.of("FITSCORE_LEASE_WAIT_SECONDS", "60"));
            int exit = rerun.waitFor();
            String rerunOutput = Files.readString(log);
            assertEquals(0, exit, rerunOutput);
            assertTrue(rerunOutput.contains("Took over s3://" + BUCKET + "/"), "the rerun took over the dead run's lease: " + rerunOutput);
            assertEquals(List.of(), s3.keys(BUCKET, "").stream().filter(k -> k.endsWith(".lease")).toList(), "no lease left behind");
        }
    }

    @Test
    void twoRunsOfTheSameDateAtOnceLeaveOneCompleteRunsResultsAndTheLoserExitsNine() throws Exception {
        onSeededServer((server, s3, secret) -> {
            // A double submit (or an AWS Batch retry while the first attempt still runs): same run date, same folders.
            Path logA = Files.createTempFile("fitscore-twice-a", ".log");
            Path logB = Files.createTempFile("fitscore-twice-b", ".log");
            Map<String, String> failFast = Map.of("FITSCORE_LEASE_WAIT_SECONDS", "0");
            Process a = start(server.endpoint(), secret, "out", logA, failFast);
            Process b = start(server.endpoint(), secret, "out", logB, failFast);
            assertTrue(a.waitFor(300, TimeUnit.SECONDS) && b.waitFor(300, TimeUnit.SECONDS), "both runs end");
            String outA = Files.readString(logA);
            String outB = Files.readString(logB);
            assertEquals(List.of(0, 9), java.util.stream.Stream.of(a.exitValue(), b.exitValue()).sorted().toList(), outA + "\n----\n" + outB);
            String loser = a.exitValue() == 9 ? outA : outB;
            String provenance = s3.getString(BUCKET, "out-artifacts/2026-11-21/provenance.json");
            String winnerId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(provenance).path("run_id").asText();
            assertTrue(loser.contains("fitscore: error: s3://" + BUCKET + "/") && loser.contains(".lease: another run (" + winnerId + ", "),
                    "the loser names the lease and the run that published (" + winnerId + "): " + loser);
            // One run's results: every part of one Spark write, beside that run's artifacts.
            List<String> parts = s3.keys(BUCKET, "out/").stream().filter(k -> k.contains("/part-")).toList();
            assertTrue(!parts.isEmpty(), "results published");
            assertEquals(1, parts.stream().map(k -> k.replaceAll(".*/part-\\d+-", "").replaceAll("-c\\d+.*", "")).distinct().count(),
                    "all parts from one write: " + parts);
            assertTrue(s3.keys(BUCKET, "out/").contains("out/_SUCCESS"));
            assertEquals(List.of(), s3.keys(BUCKET, "").stream().filter(k -> k.contains(".staging-") || k.endsWith(".lease")).toList(),
                    "no staging or lease left behind");
        });
    }

    @Test
    void theLauncherRunsAgainWithBothCompilersWhenTheInputsAreNotSmall() throws Exception {
        onSeededServer((server, s3, secret) -> {
            Path small = Files.createTempFile("fitscore-jit-small", ".log");
            Process quick = startViaLauncher(server.endpoint(), secret, "small", small, Map.of("FITSCORE_CV_FOLDS", "3"));
            assertEquals(0, quick.waitFor(), Files.readString(small));
            assertTrue(!Files.readString(small).contains("restarting"), "small inputs run in the first JVM: " + Files.readString(small));

            // Inputs "not small" by setting: the first JVM stops after validation, the second one does the run.
            Path large = Files.createTempFile("fitscore-jit-large", ".log");
            Process restarted = startViaLauncher(server.endpoint(), secret, "large", large,
                    Map.of("FITSCORE_CV_FOLDS", "3", "FITSCORE_SPARK_SMALL_INPUT_BYTES", "1000"));
            int exit = restarted.waitFor();
            String output = Files.readString(large);
            assertEquals(0, exit, output);
            assertEquals(1, output.split("restarting in a JVM with the optimising compiler", -1).length - 1, output);
            assertEquals(2, output.split("Stage validate: started", -1).length - 1, "validated once per JVM: " + output);
            assertEquals(1, output.split("Stage publish: started", -1).length - 1, "published once: " + output);
            assertEquals(snapshot(s3, "small-artifacts/").keySet().stream().map(k -> k.replace("small", "")).toList(),
                    snapshot(s3, "large-artifacts/").keySet().stream().map(k -> k.replace("large", "")).toList(), "the same artifacts");
            assertEquals(List.of(), s3.keys(BUCKET, "").stream().filter(k -> k.contains(".staging-") || k.endsWith(".lease")).toList(),
                    "no staging or lease left behind");
        });
    }
}
