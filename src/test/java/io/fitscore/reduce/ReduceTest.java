package io.fitscore.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.sample.LowRankSample;
import io.fitscore.testing.Results;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** {@code fitscore reduce} on a table whose variance shares are known, against a real S3 server. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class ReduceTest {

    private static final String BUCKET = "fitscore-reduce";
    private static final int ROWS = 4000;

    @BeforeAll
    static void upload() {
        StringWriter csv = new StringWriter();
        LowRankSample.generate(ROWS, 3, csv);
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.createBucket(BUCKET);
            s3.put(BUCKET, "lowrank.csv", csv.toString());
        }
    }

    private static LaunchResult reduce(QuarkusMainLauncher launcher, String out, Map<String, String> settings) {
        settings.forEach(System::setProperty);
        try {
            return launcher.launch("reduce", "--inputs", "s3://" + BUCKET + "/lowrank.csv", "--join-key", "id",
                    "--output", "s3://" + BUCKET + "/" + out + "/", "--artifacts", "s3://" + BUCKET + "/" + out + "-artifacts/",
                    "--run-date", "2026-12-01");
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void aJobOfAnotherKindStopsBeforeReplacingADatesArtifacts(QuarkusMainLauncher launcher) {
        LaunchResult first = reduce(launcher, "shared", Map.of());
        assertEquals(0, first.exitCode(), first.getErrorOutput());
        String metrics = "shared-artifacts/2026-12-01/metrics.json";
        String before;
        java.util.List<String> keys;
        try (TestS3 s3 = S3ProxyExtension.client()) {
            before = s3.getString(BUCKET, metrics);
            keys = s3.keys(BUCKET, "shared");
        }
        // A training run pointed at the same artifacts prefix and date, as dev mode's defaults once did.
        LaunchResult run = launcher.launch("run", "--inputs", "s3://" + BUCKET + "/lowrank.csv", "--join-key", "id", "--target", "x1",
                "--output", "s3://" + BUCKET + "/shared-run/", "--artifacts", "s3://" + BUCKET + "/shared-artifacts/", "--run-date", "2026-12-01");
        assertEquals(3, run.exitCode(), run.getErrorOutput());
        assertTrue(run.getErrorOutput().contains("s3://" + BUCKET + "/shared-artifacts/2026-12-01/: holds the artifacts of a reduce job"),
                run.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            assertEquals(before, s3.getString(BUCKET, metrics), "the reduce's artifacts are untouched");
            assertEquals(keys, s3.keys(BUCKET, "shared"), "nothing written, no lease or staging left");
        }
        // The same job may replace its own date; the regression's settings are not its own, not even ones a run refuses.
        LaunchResult again = reduce(launcher, "shared", Map.of("fitscore.cv.folds", "1", "fitscore.train.max-rows", "0"));
        assertEquals(0, again.exitCode(), again.getErrorOutput());
    }

    @Test
    void recoversTheKnownVarianceSharesAndKeepsTheFewestComponentsForTheShare(QuarkusMainLauncher launcher) {
        LaunchResult result = reduce(launcher, "shares", Map.of("fitscore.reduce.standardise", "false"));
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        double[] truth = LowRankSample.varianceShares();
        try (TestS3 s3 = S3ProxyExtension.client()) {
            JsonNode metrics = Results.json(s3.get(BUCKET, "shares-artifacts/2026-12-01/metrics.json"));
            assertEquals("variance kept", metrics.at("/headline/figures/0/name").asText());
            assertEquals(metrics.at("/variance_kept").asDouble(), metrics.at("/headline/figures/0/value").asDouble(), 0);
            assertEquals(metrics.at("/components").asInt() + " components", metrics.at("/headline/model").asText());
            // Stated tolerance: each of the first three shares within 0.02 of the truth on 4,000 rows.
            for (int i = 0; i < 3; i++) {
                double share = metrics.at("/explained_variance/" + i + "/share").asDouble();
                assertEquals(truth[i], share, 0.02, "share of pc_" + (i + 1) + ": " + metrics.at("/explained_variance"));
            }
            // 0.95 of the variance needs exactly the three hidden factors (cumulative truth: 0.64, 0.92, 0.99).
            assertEquals(3, metrics.at("/components").asInt(), metrics.toString());
            assertEquals(ROWS, metrics.at("/rows").asLong());
            assertEquals(10, metrics.at("/columns").size(), "x1..x10, not the id: " + metrics.at("/columns"));
            assertTrue(metrics.at("/values_imputed/x10").asLong() > 0, "x10 has empty cells, filled with its mean");

            List<JsonNode> rows = Results.read(s3, BUCKET, "shares/");
            assertEquals(ROWS, rows.size());
            JsonNode first = rows.get(0);
            assertEquals(List.of("id", "pc_1", "pc_2", "pc_3"), fieldNames(first));
            assertTrue(first.get("pc_1").isDouble() && first.get("id").isTextual(), first.toString());
            // Centred: the first component's scores average to about zero, and their variance is the first eigenvalue.
            double mean = rows.stream().mapToDouble(r -> r.get("pc_1").asDouble()).average().orElseThrow();
            assertEquals(0, mean, 0.05);

            List<String> artifacts = s3.keys(BUCKET, "shares-artifacts/2026-12-01/");
            for (String name : List.of("metrics.json", "provenance.json", "components.csv", "explained_variance.csv", "model/metadata/")) {
                assertTrue(artifacts.stream().anyMatch(k -> k.contains("/2026-12-01/" + name)), name + " in " + artifacts);
            }
            String components = s3.getString(BUCKET, "shares-artifacts/2026-12-01/components.csv");
            assertEquals(11, components.strip().split("\n").length, "a header and one row per column: " + components);
        }
    }

    @Test
    void aRerunOfTheSameDateReplacesTheResultsAndTooManyComponentsPublishNothing(QuarkusMainLauncher launcher) {
        assertEquals(0, reduce(launcher, "rerun", Map.of()).exitCode());
        LaunchResult csv = reduce(launcher, "rerun", Map.of("fitscore.reduce.components", "2", "fitscore.reduce.format", "csv"));
        assertEquals(0, csv.exitCode(), csv.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            List<String> keys = s3.keys(BUCKET, "rerun/");
            assertTrue(keys.stream().noneMatch(k -> k.endsWith(".json")), "no part of the first run is left: " + keys);
            String part = keys.stream().filter(k -> k.endsWith(".csv")).findFirst().orElseThrow();
            assertEquals("id,pc_1,pc_2", s3.getString(BUCKET, part).lines().findFirst().orElseThrow());
            JsonNode metrics = Results.json(s3.get(BUCKET, "rerun-artifacts/2026-12-01/metrics.json"));
            assertEquals(2, metrics.at("/components").asInt());
        }

        LaunchResult tooMany = reduce(launcher, "too-many", Map.of("fitscore.reduce.components", "12"));
        assertEquals(6, tooMany.exitCode(), tooMany.getErrorOutput());
        assertTrue(tooMany.getErrorOutput().contains("fitscore.reduce.components is 12 but the inputs have only 10 feature(s) to reduce"),
                tooMany.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            assertEquals(List.of(), s3.keys(BUCKET, "too-many"), "nothing published or left in staging");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aCategoricalColumnIsOneHotEncodedIntoTheReduction(QuarkusMainLauncher launcher) {
        LaunchResult result = reduce(launcher, "one-hot", Map.of("fitscore.reduce.categorical", "group", "fitscore.reduce.components", "2"));
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            JsonNode metrics = Results.json(s3.get(BUCKET, "one-hot-artifacts/2026-12-01/metrics.json"));
            List<String> features = new java.util.ArrayList<>();
            metrics.at("/columns").forEach(c -> features.add(c.asText()));
            // x1..x10, then one feature per level of group (most frequent first) and one for missing or unseen values.
            assertEquals(13, features.size(), features.toString());
            assertTrue(features.containsAll(List.of("group=high", "group=low", "group=(missing or unseen)")), features.toString());
            assertEquals(14, s3.getString(BUCKET, "one-hot-artifacts/2026-12-01/components.csv").strip().split("\n").length);
            // group is the sign of the first hidden factor: it loads on pc_1 with opposite signs for its two levels.
            String components = s3.getString(BUCKET, "one-hot-artifacts/2026-12-01/components.csv");
            double high = loading(components, "group=high");
            double low = loading(components, "group=low");
            assertTrue(high * low < 0 && Math.abs(high) > 0.1, "pc_1 loadings of group: high " + high + ", low " + low);
            List<JsonNode> rows = Results.read(s3, BUCKET, "one-hot/");
            assertEquals(ROWS, rows.size());
            assertEquals(List.of("id", "pc_1", "pc_2"), fieldNames(rows.get(0)));
        }
    }

    private static double loading(String componentsCsv, String feature) {
        return componentsCsv.lines().filter(l -> l.startsWith("\"" + feature + "\","))
                .map(l -> Double.parseDouble(l.split(",")[1])).findFirst().orElseThrow(() -> new AssertionError(feature + " in " + componentsCsv));
    }
}
