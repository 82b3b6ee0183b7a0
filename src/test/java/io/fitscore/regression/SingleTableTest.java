package io.fitscore.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.sample.PetrolSample;
import io.fitscore.testing.Results;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * One input table with the target among its columns (no join), whose true function is known:
 * the model must recover it within the noise that was added.
 */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class SingleTableTest {

    private static final String BUCKET = "fitscore-petrol";

    @BeforeAll
    static void upload() {
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.createBucket(BUCKET);
            s3.put(BUCKET, "petrol.csv", PetrolSample.generate(1600, 9));
        }
    }

    private static LaunchResult run(QuarkusMainLauncher launcher, String trainer, String out) {
        System.setProperty("fitscore.features.keep-in-output", "petrol_tax,average_income,paved_highways,population_driver_licence_share");
        try {
            return launcher.launch("run", "--inputs", "s3://" + BUCKET + "/petrol.csv", "--join-key", "", "--target", "petrol_consumption",
                    "--output", "s3://" + BUCKET + "/" + out + "/", "--artifacts", "s3://" + BUCKET + "/" + out + "-artifacts/",
                    "--trainer", trainer, "--run-date", "2026-11-21");
        } finally {
            System.clearProperty("fitscore.features.keep-in-output");
        }
    }

    /** Mean absolute distance of the predictions from the noise-free truth, over the test rows. */
    private static double distanceFromTruth(List<JsonNode> rows) {
        return rows.stream().filter(r -> r.get("split").asText().equals("test")).mapToDouble(r -> Math.abs(r.get("prediction").asDouble()
                - PetrolSample.truth(r.get("petrol_tax").asDouble(), r.get("average_income").asDouble(), r.get("paved_highways").asDouble(),
                        r.get("population_driver_licence_share").asDouble()))).average().orElseThrow();
    }

    @Test
    void linearModelRecoversTheKnownFunction(QuarkusMainLauncher launcher) {
        LaunchResult result = run(launcher, "linear-sgd", "linear");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            List<JsonNode> rows = Results.read(s3, BUCKET, "linear/");
            assertEquals(1600, rows.size());
            JsonNode metrics = Results.json(s3.get(BUCKET, "linear-artifacts/2026-11-21/metrics.json"));
            // Stated tolerance: holdout RMSE within 20% of the noise, predictions within half the noise of the truth.
            assertTrue(metrics.at("/evaluation/rmse").asDouble() < 1.2 * PetrolSample.NOISE_SD, metrics.at("/evaluation").toString());
            assertTrue(distanceFromTruth(rows) < 0.5 * PetrolSample.NOISE_SD, "mean distance from truth " + distanceFromTruth(rows));
            JsonNode features = Results.json(s3.get(BUCKET, "linear-artifacts/2026-11-21/features.json"));
            assertTrue(features.at("/pipeline/encodings").toString().contains("petrol_tax"));
            assertTrue(!features.at("/pipeline/encodings").toString().contains("\"state\""), "an id-like text column is left out");
        }
    }

    @Test
    void forestApproximatesTheKnownFunction(QuarkusMainLauncher launcher) {
        LaunchResult result = run(launcher, "random-forest", "forest");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            JsonNode metrics = Results.json(s3.get(BUCKET, "forest-artifacts/2026-11-21/metrics.json"));
            // A forest approximates a linear truth by steps: stated tolerance R2 above 0.85, RMSE under 3 noise SDs.
            assertTrue(metrics.at("/evaluation/r2").asDouble() > 0.85, metrics.at("/evaluation").toString());
            assertTrue(metrics.at("/evaluation/rmse").asDouble() < 3 * PetrolSample.NOISE_SD, metrics.at("/evaluation").toString());
        }
    }

    @Test
    void aLocalOutputHoldsOnlyThePartFilesAndSuccessNoChecksumFiles(QuarkusMainLauncher launcher, @org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws java.io.IOException {
        LaunchResult result = launcher.launch("run", "--inputs", "s3://" + BUCKET + "/petrol.csv", "--join-key", "", "--target",
                "petrol_consumption", "--output", dir.resolve("out").toUri().toString(), "--artifacts", dir.resolve("art").toUri().toString(),
                "--trainer", "linear-sgd", "--run-date", "2026-11-21");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        List<String> results;
        try (var files = java.nio.file.Files.list(dir.resolve("out"))) {
            results = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(results.contains("_SUCCESS") && results.stream().anyMatch(n -> n.startsWith("part-") && n.endsWith(".json")), results.toString());
        assertTrue(results.stream().allMatch(n -> n.equals("_SUCCESS") || n.startsWith("part-") && n.endsWith(".json")), results.toString());
        try (var all = java.nio.file.Files.walk(dir)) {
            assertEquals(List.of(), all.map(java.nio.file.Path::toString).filter(n -> n.endsWith(".crc")).toList(), "no checksum files");
        }
    }
}
