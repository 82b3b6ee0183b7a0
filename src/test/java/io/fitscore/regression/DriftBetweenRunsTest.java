package io.fitscore.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.sample.CsvText;
import io.fitscore.sample.MovieSample;
import io.fitscore.testing.CsvFixture;
import io.fitscore.testing.Results;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * Daily runs under one artifacts prefix: each compares its rows with the latest earlier run's profile. A fresh sample of
 * the same generator shows no drift; budgets in another currency and a new country are named, the budget first; with
 * fitscore.drift.fail-above the same run is refused with exit 11 and publishes nothing.
 */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class DriftBetweenRunsTest {

    private static final String BUCKET = "fitscore-drift";
    private static final String NEW_COUNTRY = "Atlantis";

    @BeforeAll
    static void upload() {
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.putMovieSample(BUCKET, MovieSample.generate(5000, 11));
            MovieSample.Files fresh = MovieSample.generate(5000, 12);
            s3.put(BUCKET, "fresh/pre_release.csv", fresh.preRelease());
            s3.put(BUCKET, "fresh/after_release.csv", fresh.afterRelease());
            MovieSample.Files shifted = MovieSample.generate(5000, 13);
            s3.put(BUCKET, "shifted/pre_release.csv", shifted(shifted.preRelease()));
            s3.put(BUCKET, "shifted/after_release.csv", shifted.afterRelease());
        }
    }

    @Test
    void aShiftedColumnIsNamedFirstAndFailAboveRefusesTheRun(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult first = run(launcher, "in", "2026-11-01");
        assertEquals(0, first.exitCode(), first.getErrorOutput());
        LaunchResult fresh = run(launcher, "fresh", "2026-11-02");
        assertEquals(0, fresh.exitCode(), fresh.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            assertTrue(metrics(s3, "2026-11-01").path("drift").isNull(), "the first run has nothing to compare with");
            JsonNode drift = metrics(s3, "2026-11-02").path("drift");
            assertEquals("2026-11-01", drift.path("against").asText());
            assertTrue(drift.path("columns").size() >= 5, drift.toString());
            for (JsonNode column : drift.path("columns")) {
                assertTrue(column.path("psi").asDouble() < 0.1, "a fresh sample of the same generator: " + column);
                assertTrue(column.path("new_levels").isEmpty(), column.toString());
            }
            assertTrue(drift.path("target_psi").asDouble() < 0.1, drift.toString());
        }

        System.setProperty("fitscore.drift.fail-above", "0.25");
        try {
            LaunchResult refused = run(launcher, "shifted", "2026-11-03");
            assertEquals(11, refused.exitCode(), refused.getErrorOutput());
            assertTrue(refused.getErrorOutput().contains("column 'budget': population stability index"), refused.getErrorOutput());
            assertTrue(refused.getErrorOutput().contains("against the run of 2026-11-02"), refused.getErrorOutput());
        } finally {
            System.clearProperty("fitscore.drift.fail-above");
        }
        try (TestS3 s3 = S3ProxyExtension.client()) {
            assertTrue(s3.keys(BUCKET, "out/2026-11-03").isEmpty(), "no results published");
            assertTrue(s3.keys(BUCKET, "art/2026-11-03").isEmpty(), "no artifacts published");
        }

        LaunchResult shifted = run(launcher, "shifted", "2026-11-04");
        assertEquals(0, shifted.exitCode(), shifted.getErrorOutput());
        assertTrue(shifted.getOutput().contains("drift     against the run of 2026-11-02: most drifted budget, PSI"), shifted.getOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            JsonNode drift = metrics(s3, "2026-11-04").path("drift");
            assertEquals("2026-11-02", drift.path("against").asText(), "the refused run stored no profile");
            assertEquals("budget", drift.at("/columns/0/column").asText(), drift.toString());
            assertTrue(drift.at("/columns/0/psi").asDouble() > 1, drift.toString());
            JsonNode country = null;
            for (JsonNode column : drift.path("columns")) {
                if (column.path("column").asText().equals("country")) {
                    country = column;
                }
            }
            assertTrue(country != null && country.path("new_levels").toString().contains(NEW_COUNTRY), drift.toString());
            assertTrue(country.path("psi").asDouble() > 0.1, country.toString());
            assertTrue(drift.path("holdout_rmse_before").isNumber() && drift.path("holdout_rmse_now").isNumber(), drift.toString());
            String report = new String(s3.get(BUCKET, "art/2026-11-04/report.html"), StandardCharsets.UTF_8);
            assertTrue(report.contains("Drift against the run of 2026-11-02"), "the report's drift table");
            assertTrue(s3.keys(BUCKET, "art/2026-11-04/").contains("art/2026-11-04/profile.json"));
        }
    }

    private static LaunchResult run(QuarkusMainLauncher launcher, String folder, String date) {
        return launcher.launch("run", "--trainer", "elastic-net",
                "--inputs", "s3://" + BUCKET + "/" + folder + "/pre_release.csv,s3://" + BUCKET + "/" + folder + "/after_release.csv",
                "--output", "s3://" + BUCKET + "/out/" + date + "/", "--artifacts", "s3://" + BUCKET + "/art/", "--run-date", date);
    }

    private static JsonNode metrics(TestS3 s3, String date) {
        return Results.json(s3.get(BUCKET, "art/" + date + "/metrics.json"));
    }

    /** Budgets a thousand times larger (another currency) and a tenth of the movies from a country never seen before. */
    private static String shifted(String csv) {
        CsvFixture parsed = CsvFixture.parse(csv);
        int budget = parsed.column("budget");
        int country = parsed.column("country");
        Random rnd = new Random(5);
        StringBuilder out = new StringBuilder(csv.substring(0, csv.indexOf('\n') + 1));
        for (List<String> row : parsed.rows()) {
            List<String> fields = new ArrayList<>(row);
            if (!fields.get(budget).isEmpty()) {
                fields.set(budget, Double.toString(Double.parseDouble(fields.get(budget)) * 1000));
            }
            if (rnd.nextDouble() < 0.1) {
                fields.set(country, NEW_COUNTRY);
            }
            out.append(CsvText.line(fields));
        }
        return out.toString();
    }
}
