package io.fitscore.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fitscore.report.RunReportPage;
import io.fitscore.sample.MovieSample;
import io.fitscore.spark.RunSession;
import io.fitscore.testing.Results;
import io.fitscore.testing.S3ProxyExtension;
import io.fitscore.testing.TestS3;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** A dated run's artifacts, an idempotent rerun of the same date, and scoring with the saved model. */
@QuarkusMainTest
@ExtendWith(S3ProxyExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArtifactsAndScoreTest {

    private static final String BUCKET = "fitscore-artifacts";
    private static final String DATE = "2026-11-01";
    private static final String INPUTS = "s3://" + BUCKET + "/in/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv";
    private static MovieSample.Files sample;

    @BeforeAll
    static void upload() {
        sample = MovieSample.generate(400, 21);
        try (TestS3 s3 = S3ProxyExtension.client()) {
            s3.putMovieSample(BUCKET, sample);
            // The same pre-release data without its duration column.
            StringBuilder noDuration = new StringBuilder();
            for (String line : sample.preRelease().split("\n", -1)) {
                if (!line.isEmpty()) {
                    int first = line.indexOf(',');
                    int second = line.indexOf(',', first + 1);
                    noDuration.append(line, 0, first).append(line.substring(second)).append('\n');
                }
            }
            s3.put(BUCKET, "in-no-duration/pre_release.csv", noDuration.toString());
        }
    }

    private Set<String> scratchBefore;

    /** Other processes on the machine may have their own folders: only this test's runs are judged. */
    @BeforeEach
    void rememberScratch() {
        scratchBefore = scratchFolders();
    }

    @AfterEach
    void noScratchLeft() {
        Set<String> left = new HashSet<>(scratchFolders());
        left.removeAll(scratchBefore);
        assertEquals(Set.of(), left, "Spark's per-run temporary folders are removed");
    }

    private static Set<String> scratchFolders() {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(RunSession.SCRATCH_PREFIX)).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LaunchResult train(QuarkusMainLauncher launcher, String trainer) {
        return launcher.launch("run", "--inputs", INPUTS, "--output", "s3://" + BUCKET + "/results/",
                "--artifacts", "s3://" + BUCKET + "/runs/", "--run-date", DATE, "--trainer", trainer);
    }

    @Test
    @Order(1)
    void aDatedRunWritesModelFeaturesProvenanceAndMetricsWithCrossValidation(QuarkusMainLauncher launcher) throws Exception {
        System.setProperty("fitscore.cv.folds", "3");
        LaunchResult result;
        try {
            result = train(launcher, "random-forest");
        } finally {
            System.clearProperty("fitscore.cv.folds");
        }
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getOutput().contains("3-fold CV R2"));
        try (TestS3 s3 = S3ProxyExtension.client()) {
            String folder = "runs/" + DATE + "/";
            assertEquals(Set.of(folder + "model.tribuo", folder + "model.onnx", folder + "features.json", folder + "provenance.json",
                    folder + "metrics.json", folder + "profile.json", folder + "report.html"), Set.copyOf(s3.keys(BUCKET, "runs/")));
            ai.onnx.proto.OnnxMl.ModelProto onnx = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(s3.get(BUCKET, folder + "model.onnx"));
            assertEquals(List.of("TreeEnsembleRegressor"), onnx.getGraph().getNodeList().stream().map(n -> n.getOpType())
                    .filter(op -> op.startsWith("Tree")).toList(), "the forest as one tree ensemble");

            JsonNode metrics = Results.json(s3.get(BUCKET, folder + "metrics.json"));
            assertEquals(DATE, metrics.at("/run_date").asText());
            assertEquals("[\"model.onnx\"]", metrics.at("/trainer/portable_files").toString(), "a forest has no booster to write as UBJSON");
            assertEquals(3, metrics.at("/cv/folds").asInt());
            assertEquals(3, metrics.at("/cv/per_fold").size());
            double meanR2 = 0;
            for (JsonNode fold : metrics.at("/cv/per_fold")) {
                meanR2 += fold.get("r2").asDouble() / 3;
            }
            assertEquals(meanR2, metrics.at("/cv/r2_mean").asDouble(), 1e-12);
            assertTrue(metrics.at("/cv/rmse_mean").asDouble() > 0);

            checkReport(s3.getString(BUCKET, folder + "report.html"), metrics);

            JsonNode provenance = Results.json(s3.get(BUCKET, folder + "provenance.json"));
            JsonNode input = provenance.at("/inputs/0");
            assertEquals("s3://" + BUCKET + "/in/pre_release.csv", input.get("uri").asText());
            assertEquals(sample.preRelease().getBytes(StandardCharsets.UTF_8).length, input.get("size").asLong());
            assertFalse(input.get("etag").asText().isBlank());
            assertTrue(provenance.at("/model").toString().contains("ParallelForestTrainer") && provenance.at("/model").toString().contains("CARTRegressionTrainer"), "Tribuo's model provenance is kept: the forest's trainer and each tree's");
            assertFalse(provenance.toString().contains(S3ProxyExtension.secret()));

            JsonNode features = Results.json(s3.get(BUCKET, folder + "features.json"));
            assertEquals("imdb_score", features.at("/target").asText());
            Set<String> kinds = new HashSet<>();
            for (JsonNode e : features.at("/pipeline/encodings")) {
                kinds.add(e.get("kind").asText());
                assertFalse(Set.of("gross", "num_voted_users", "movie_title").contains(e.get("column").asText()));
            }
            assertEquals(Set.of("numeric", "categorical", "multi_label"), kinds);
        }
    }

    @Test
    @Order(2)
    void rerunningTheSameDateReplacesThatRunsResultsAndArtifacts(QuarkusMainLauncher launcher) {
        List<String> firstParts;
        try (TestS3 s3 = S3ProxyExtension.client()) {
            firstParts = s3.keys(BUCKET, "results/");
        }
        LaunchResult result = train(launcher, "cart");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            List<String> parts = s3.keys(BUCKET, "results/");
            for (String old : firstParts) {
                assertTrue(old.endsWith("_SUCCESS") || !parts.contains(old), "a part file of the first run survived: " + old);
            }
            JsonNode metrics = Results.json(s3.get(BUCKET, "runs/" + DATE + "/metrics.json"));
            assertEquals("cart", metrics.at("/trainer/type").asText());
            assertTrue(metrics.at("/cv").isNull(), "this run had no cross-validation");
            assertEquals(metrics.at("/rows/scored").asLong(), Results.read(s3, BUCKET, "results/").size());
        }
    }

    @Test
    @Order(3)
    void scoringWithTheSavedModelReproducesTheRunsPredictions(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("score", "--model", "s3://" + BUCKET + "/runs/" + DATE + "/", "--inputs", INPUTS,
                "--output", "s3://" + BUCKET + "/scored/");
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            List<String> trained = Results.read(s3, BUCKET, "results/").stream().map(ArtifactsAndScoreTest::identity).sorted().toList();
            List<String> scored = Results.read(s3, BUCKET, "scored/").stream().map(ArtifactsAndScoreTest::identity).sorted().toList();
            assertEquals(trained.size(), scored.size());
            assertEquals(trained, scored, "the same rows get the identical predictions from the saved model");
        }
    }

    @Test
    @Order(4)
    void aColumnTheModelNeedsIsAnErrorOrMissingByRule(QuarkusMainLauncher launcher) {
        String inputs = "s3://" + BUCKET + "/in-no-duration/pre_release.csv,s3://" + BUCKET + "/in/after_release.csv";
        LaunchResult refused = launcher.launch("score", "--model", "s3://" + BUCKET + "/runs/" + DATE + "/", "--inputs", inputs,
                "--output", "s3://" + BUCKET + "/scored-missing/");
        assertEquals(6, refused.exitCode(), refused.getErrorOutput());
        assertTrue(refused.getErrorOutput().contains("lack column(s) [duration]"), refused.getErrorOutput());
        System.setProperty("fitscore.score.missing-columns", "missing");
        try {
            LaunchResult scored = launcher.launch("score", "--model", "s3://" + BUCKET + "/runs/" + DATE + "/", "--inputs", inputs,
                    "--output", "s3://" + BUCKET + "/scored-missing/");
            assertEquals(0, scored.exitCode(), scored.getErrorOutput());
        } finally {
            System.clearProperty("fitscore.score.missing-columns");
        }
        try (TestS3 s3 = S3ProxyExtension.client()) {
            assertFalse(Results.read(s3, BUCKET, "scored-missing/").isEmpty());
        }
    }

    @Test
    @Order(5)
    void aModelFolderThatDoesNotExistIsNamed(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("score", "--model", "s3://" + BUCKET + "/runs/1999-01-01/", "--inputs", INPUTS,
                "--output", "s3://" + BUCKET + "/scored-none/");
        assertEquals(5, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("s3://" + BUCKET + "/runs/1999-01-01/model.tribuo: does not exist"), result.getErrorOutput());
    }

    @Test
    @Order(6)
    void scoringWithASavedLinearModelExplainsEachRowAsTheRunDid(QuarkusMainLauncher launcher) throws Exception {
        String date = "2026-11-22";
        LaunchResult run = launcher.launch("run", "--inputs", INPUTS, "--output", "s3://" + BUCKET + "/linear-results/",
                "--artifacts", "s3://" + BUCKET + "/runs/", "--run-date", date, "--trainer", "elastic-net");
        assertEquals(0, run.exitCode(), run.getErrorOutput());
        LaunchResult scored = launcher.launch("score", "--model", "s3://" + BUCKET + "/runs/" + date + "/", "--inputs", INPUTS,
                "--output", "s3://" + BUCKET + "/linear-scored/");
        assertEquals(0, scored.exitCode(), scored.getErrorOutput());
        try (TestS3 s3 = S3ProxyExtension.client()) {
            // The CART run of the earlier tests: Tribuo's trees are not explained, and the run says why.
            JsonNode cart = new ObjectMapper().readTree(s3.get(BUCKET, "runs/" + DATE + "/metrics.json"));
            assertFalse(cart.at("/explanations/in_results").asBoolean(), cart.at("/explanations").toString());
            assertTrue(cart.at("/explanations/left_out").asText().contains("Tribuo's own trees"), cart.at("/explanations").toString());
            assertFalse(Results.read(s3, BUCKET, "results/").get(0).has("contributions"));

            Map<String, JsonNode> byRow = new java.util.HashMap<>();
            for (JsonNode row : Results.read(s3, BUCKET, "linear-results/")) {
                byRow.put(identity(row), row);
            }
            List<JsonNode> rescored = Results.read(s3, BUCKET, "linear-scored/");
            assertEquals(byRow.size(), rescored.size());
            for (JsonNode row : rescored) {
                JsonNode original = byRow.get(identity(row));
                assertEquals(original.get("base_value").asDouble(), row.get("base_value").asDouble(), 1e-9, row.toString());
                assertEquals(original.get("contributions"), row.get("contributions"), "the same explanation from the saved model and means");
                double sum = row.get("base_value").asDouble() + row.get("other_contributions").asDouble();
                for (JsonNode c : row.get("contributions")) {
                    sum += c.get("contribution").asDouble();
                }
                assertEquals(row.get("prediction").asDouble(), sum, 1e-6, row.toString());
            }
        }
    }

    private static String identity(JsonNode row) {
        return row.get("movie_title").asText() + "|" + row.get("imdb_score").asText() + "|" + row.get("prediction").asText();
    }

    /** The report's numbers are metrics.json's, its holdout chart holds the rows the evaluation scored, and it needs no network. */
    private static void checkReport(String html, JsonNode metrics) {
        assertTrue(html.contains("<dt>holdout R2</dt><dd>" + RunReportPage.number(metrics.at("/evaluation/r2").asDouble()) + "</dd>"), html);
        assertTrue(html.contains("<dt>holdout RMSE</dt><dd>" + RunReportPage.number(metrics.at("/evaluation/rmse").asDouble()) + "</dd>"));
        assertFalse(html.contains("<script src") || html.contains("<link"), "self-contained: nothing fetched");
        assertTrue(html.contains("uPlot"), "the charting library is inlined");
        int start = html.indexOf("<script type=\"application/json\" id=\"fitscore-charts\">");
        String json = html.substring(html.indexOf('>', start) + 1, html.indexOf("</script>", start));
        JsonNode charts = Results.json(json.getBytes(StandardCharsets.UTF_8));
        JsonNode scatter = charts.get(0);
        assertEquals("scatter", scatter.get("kind").asText());
        double[] actual = doubles(scatter.get("x"));
        double[] predicted = doubles(scatter.get("y"));
        assertEquals(metrics.at("/rows/test").asInt(), actual.length);
        assertEquals(metrics.at("/evaluation/rmse").asDouble(), io.fitscore.ml.RegressionScores.of(actual, predicted).rmse(), 1e-9,
                "the chart's points are the evaluated holdout");
        JsonNode folds = null;
        for (JsonNode chart : charts) {
            if (chart.get("title").asText().startsWith("Cross-validation")) {
                folds = chart.at("/series/R2");
            }
        }
        assertEquals(metrics.at("/cv/per_fold").size(), folds.size());
        for (int i = 0; i < folds.size(); i++) {
            assertEquals(metrics.at("/cv/per_fold/" + i + "/r2").asDouble(), folds.get(i).asDouble(), 1e-12);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
