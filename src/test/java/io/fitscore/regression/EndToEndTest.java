package io.fitscore.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fitscore.ml.RegressionScores;
import io.fitscore.sample.MovieSample;
import io.fitscore.testing.CsvFixture;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import org.junit.jupiter.api.extension.ExtendWith;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** The whole job against a real S3 server: upload generated inputs, run, read the results back and check them. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
class EndToEndTest {

    private static final String BUCKET = "fitscore-e2e";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MovieSample.Files sample;

    @BeforeAll
    static void upload() {
        sample = MovieSample.generate(700, 11);
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.putMovieSample(BUCKET, sample);
        }
    }

    @Test
    void runWritesTypedResultsAndMatchingMetrics(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch("run",
                "--inputs", "s3://" + BUCKET + "/in/pre_release.csv,s3a://" + BUCKET + "/in/after_release.csv",
                "--output", "s3://" + BUCKET + "/out/", "--artifacts", "s3://" + BUCKET + "/artifacts/", "--run-date", "2026-11-20");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getOutput().contains("s3://" + BUCKET + "/out/"), "summary names where results went");

        try (TestS3 s3 = S3ProxyExtension.client()) {
            List<String> keys = s3.keys(BUCKET, "out/");
            assertTrue(keys.contains("out/_SUCCESS"), keys.toString());
            List<String> parts = keys.stream().filter(k -> !k.equals("out/_SUCCESS")).toList();
            assertFalse(parts.isEmpty());
            for (String part : parts) {
                assertTrue(part.matches("out/part-\\d+-.*\\.json"), "only result files under the output prefix: " + part);
            }
            List<JsonNode> rows = new ArrayList<>();
            for (String part : parts) {
                for (String line : s3.getString(BUCKET, part).split("\n")) {
                    if (!line.isBlank()) {
                        rows.add(JSON.readTree(line));
                    }
                }
            }

            long expectedRows = CsvFixture.innerJoinCount(CsvFixture.parse(sample.preRelease()),
                    CsvFixture.parse(sample.afterRelease()), "movie_title");
            assertEquals(expectedRows, rows.size(), "one result per row of the cleaned inner join");

            double minTarget = Double.MAX_VALUE;
            double maxTarget = -Double.MAX_VALUE;
            Set<String> titles = new HashSet<>();
            for (JsonNode row : rows) {
                assertEquals(Set.of("movie_title", "imdb_score", "prediction", "lower", "upper", "base_value", "contributions",
                        "other_contributions", "split"), fieldNames(row));
                assertExplained(row);
                assertTrue(row.get("movie_title").isTextual());
                assertEquals(CsvFixture.normaliseKey(row.get("movie_title").asText()), row.get("movie_title").asText(),
                        "keys are trimmed, U+00A0 included");
                assertTrue(row.get("imdb_score").isNumber());
                assertTrue(row.get("prediction").isNumber());
                assertTrue(Set.of("train", "test").contains(row.get("split").asText()));
                minTarget = Math.min(minTarget, row.get("imdb_score").asDouble());
                maxTarget = Math.max(maxTarget, row.get("imdb_score").asDouble());
                titles.add(row.get("movie_title").asText());
            }
            JsonNode metrics0 = JSON.readTree(s3.get(BUCKET, "artifacts/2026-11-20/metrics.json"));
            assertEquals(0.9, metrics0.at("/interval/coverage").asDouble());
            assertTrue(metrics0.at("/interval/half_width").asDouble() > 0, metrics0.at("/interval").toString());
            for (JsonNode row : rows) {
                double p = row.get("prediction").asDouble();
                assertTrue(p >= minTarget && p <= maxTarget, "prediction " + p + " outside the target range");
                assertEquals(p - metrics0.at("/interval/half_width").asDouble(), row.get("lower").asDouble(), 1e-9);
                assertEquals(p + metrics0.at("/interval/half_width").asDouble(), row.get("upper").asDouble(), 1e-9);
            }

            JsonNode metrics = JSON.readTree(s3.get(BUCKET, "artifacts/2026-11-20/metrics.json"));
            boolean boosted = Set.of("xgboost", "blend").contains(metrics.at("/trainer/type").asText());
            assertEquals(boosted, s3.keys(BUCKET, "artifacts/2026-11-20/").stream().anyMatch(k -> k.matches(".*/model(\\.\\d)?\\.ubj")),
                    "XGBoost's boosters are stored as UBJSON beside model.tribuo: " + s3.keys(BUCKET, "artifacts/2026-11-20/"));
            List<String> portable = new java.util.ArrayList<>();
            metrics.at("/trainer/portable_files").forEach(f -> portable.add(f.asText()));
            assertEquals("model.onnx", portable.get(0), "every trainer of auto's has an ONNX form: " + portable);
            for (String file : portable) {
                assertTrue(s3.keys(BUCKET, "artifacts/2026-11-20/").contains("artifacts/2026-11-20/" + file), file);
            }
            JsonNode explained = metrics.at("/explanations");
            assertTrue(explained.at("/in_results").asBoolean(), explained.toString());
            assertTrue(explained.at("/columns").size() >= 3, explained.toString());
            for (JsonNode column : explained.at("/columns")) {
                assertFalse(column.at("/column").asText().matches(".*[=:@#].*"), "reported under its input column: " + column);
            }
            assertTrue(explained.at("/columns/0/mean_abs_contribution").asDouble() >= explained.at("/columns/1/mean_abs_contribution").asDouble());
            assertTrue(result.getOutput().contains("explain   top 3 columns per row"), result.getOutput());
            List<JsonNode> test = rows.stream().filter(r -> r.get("split").asText().equals("test")).toList();
            assertEquals(rows.size(), metrics.at("/rows/scored").asLong());
            assertEquals(expectedRows, metrics.at("/rows/joined").asLong());
            assertEquals(test.size(), metrics.at("/rows/test").asInt());
            assertEquals(rows.size() - test.size(), metrics.at("/rows/train").asInt());
            // A small table: once the holdout has measured the model, the model stored and scored learns from every labelled row,
            // so the holdout rows' predictions in the results are no longer out of sample.
            assertEquals(metrics.at("/rows/train").asInt() + metrics.at("/rows/test").asInt(), metrics.at("/rows/trained").asInt());
            assertTrue(metrics.at("/seconds").has("refit"), metrics.at("/seconds").toString());
            assertTrue(result.getOutput().contains("trained again on all " + metrics.at("/rows/trained").asInt() + " labelled rows"),
                    result.getOutput());
            RegressionScores inSample = scoresOf(test);
            assertTrue(inSample.rmse() < metrics.at("/evaluation/rmse").asDouble(), "the stored model has seen the holdout rows: "
                    + inSample + " vs " + metrics.at("/evaluation"));
            // The headline fitscore runs lists: the model, the joined rows, R2 and RMSE.
            assertEquals(metrics.at("/trainer/name").asText(), metrics.at("/headline/model").asText());
            assertEquals(expectedRows, metrics.at("/headline/rows").asLong());
            assertEquals("R2", metrics.at("/headline/figures/0/name").asText());
            assertEquals(metrics.at("/evaluation/r2").asDouble(), metrics.at("/headline/figures/0/value").asDouble(), 1e-12);
            assertEquals(metrics.at("/evaluation/rmse").asDouble(), metrics.at("/headline/figures/1/value").asDouble(), 1e-12);
            assertTrue(metrics.at("/evaluation/rmse").asDouble() < metrics.at("/baseline/rmse").asDouble(),
                    "the model beats the mean predictor on the generated signal");
            for (String stage : List.of("read-join", "collect", "train-evaluate", "score-write-results")) {
                assertTrue(metrics.at("/seconds").has(stage), "seconds for stage " + stage);
            }
            assertFalse(metrics.toString().contains(S3ProxyExtension.secret()), "no secret in metrics.json");
            assertEquals("static", metrics.at("/config/credentials").asText());

            Model<?> model = Model.deserialize(ModelProto.parseFrom(s3.get(BUCKET, "artifacts/2026-11-20/model.tribuo")));
            assertTrue(model.getFeatureIDMap().size() > 10);
            String trainerClass = Map.of("xgboost", "XGBoostRegressionTrainer", "random-forest", "ParallelForestTrainer",
                    "linear-sgd", "LinearSGDTrainer", "cart", "CARTRegressionTrainer", "elastic-net", "ElasticNetTrainer",
                    "elastic-net-pairs", "ElasticNetTrainer", "blend", "XGBoostRegressionTrainer").get(metrics.at("/trainer/type").asText());
            assertTrue(model.getProvenance().toString().contains(trainerClass), "model carries its trainer provenance: " + trainerClass);
            assertEquals("auto", metrics.at("/config/trainer/type").asText(), "the default trainer type");
            assertTrue(metrics.at("/model_selection/candidates").size() >= 2, "auto reports the candidates it compared");
            assertEquals(metrics.at("/trainer/name").asText(), metrics.at("/model_selection/winner").asText());
            for (String leaked : List.of("gross", "num_voted_users", "num_user_for_reviews", "num_critic_for_reviews", "movie_facebook_likes")) {
                assertTrue(model.getFeatureIDMap().get(leaked) == null, "after-release column used as a feature: " + leaked);
            }
        }
    }

    @Test
    void withoutRefitTheResultsHoldoutRowsReproduceTheEvaluation(QuarkusMainLauncher launcher) throws Exception {
        System.setProperty("fitscore.evaluation.refit-below-rows", "0");
        try {
            LaunchResult result = launcher.launch("run", "--trainer", "elastic-net",
                    "--inputs", "s3://" + BUCKET + "/in/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv",
                    "--output", "s3://" + BUCKET + "/measured/", "--artifacts", "s3://" + BUCKET + "/measured-artifacts/", "--run-date", "2026-11-20");
            assertEquals(0, result.exitCode(), result.getErrorOutput());
            try (TestS3 s3 = S3ProxyExtension.client()) {
                List<JsonNode> rows = new ArrayList<>();
                for (String part : s3.keys(BUCKET, "measured/").stream().filter(k -> k.endsWith(".json")).toList()) {
                    for (String line : s3.getString(BUCKET, part).split("\n")) {
                        if (!line.isBlank()) {
                            rows.add(JSON.readTree(line));
                        }
                    }
                }
                JsonNode metrics = JSON.readTree(s3.get(BUCKET, "measured-artifacts/2026-11-20/metrics.json"));
                assertEquals(metrics.at("/rows/train").asInt(), metrics.at("/rows/trained").asInt());
                assertFalse(metrics.at("/seconds").has("refit"), metrics.at("/seconds").toString());
                List<JsonNode> test = rows.stream().filter(r -> r.get("split").asText().equals("test")).toList();
                RegressionScores recomputed = scoresOf(test);
                // The interval's holdout coverage is of the measured model's predictions: those the results hold here.
                double halfWidth = metrics.at("/interval/half_width").asDouble();
                double inside = test.stream().filter(r -> Math.abs(r.get("imdb_score").asDouble() - r.get("prediction").asDouble()) <= halfWidth)
                        .count() / (double) test.size();
                assertEquals(inside, metrics.at("/interval/holdout_coverage").asDouble(), 1e-12);
                assertEquals(test.size(), metrics.at("/interval/holdout_rows").asInt());
                assertEquals(recomputed.rmse(), metrics.at("/evaluation/rmse").asDouble(), 1e-9);
                assertEquals(recomputed.mae(), metrics.at("/evaluation/mae").asDouble(), 1e-9);
                assertEquals(recomputed.r2(), metrics.at("/evaluation/r2").asDouble(), 1e-9);
            }
        } finally {
            System.clearProperty("fitscore.evaluation.refit-below-rows");
        }
    }

    private static RegressionScores scoresOf(List<JsonNode> rows) {
        return RegressionScores.of(rows.stream().mapToDouble(r -> r.get("imdb_score").asDouble()).toArray(),
                rows.stream().mapToDouble(r -> r.get("prediction").asDouble()).toArray());
    }

    private static Set<String> fieldNames(JsonNode row) {
        Set<String> names = new HashSet<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A row's explanation: three input columns, largest first, that with the base and the rest add up to its prediction. */
    private static void assertExplained(JsonNode row) {
        JsonNode shown = row.get("contributions");
        assertEquals(3, shown.size(), row.toString());
        double sum = row.get("base_value").asDouble() + row.get("other_contributions").asDouble();
        double previous = Double.MAX_VALUE;
        for (JsonNode c : shown) {
            assertFalse(c.get("feature").asText().matches(".*[=:@#].*"), "reported under its input column: " + c);
            assertTrue(Math.abs(c.get("contribution").asDouble()) <= previous, "largest first: " + shown);
            previous = Math.abs(c.get("contribution").asDouble());
            sum += c.get("contribution").asDouble();
        }
        assertEquals(row.get("prediction").asDouble(), sum, 1e-4, "base + shown + others is the prediction: " + row);
    }
}
