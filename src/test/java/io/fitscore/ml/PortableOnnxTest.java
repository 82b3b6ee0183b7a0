package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;

import ai.onnx.proto.OnnxMl;
import io.fitscore.json.JsonDocuments;
import io.fitscore.testing.CsvFixture;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

/**
 * model.onnx for every trainer, auto's candidates that are more than a trainer (the blend, XGBoost's forest) and the
 * course data's default model: here its graph is checked for what it must hold, and each case is written to
 * target/onnx-check (the model, 1,000 or more encoded rows, fitscore's predictions) for .ci/onnx-check.sh, which loads
 * the model in onnxruntime and compares.
 */
public class PortableOnnxTest {

    /** Where the cases go for the onnxruntime check. */
    static final Path CASES = Path.of("target", "onnx-check");
    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of("tags"), "|", 3);
    private static final Path COURSE = Path.of("..", "shared", "data", "vlerick");

    @Test
    void everyTrainerTypeExportsItsWholeModel() throws IOException {
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.boosting.rounds", "80", "fitscore.trainer.trees", "20"));
        Table training = CompiledModelTest.mixed(800, 31);
        List<List<Object>> scored = CompiledModelTest.scoringRows(CompiledModelTest.mixed(1000, 32));
        Map<String, String> expectedOps = new LinkedHashMap<>();
        for (TrainerType type : TrainerType.values()) {
            if (type == TrainerType.AUTO) {
                continue;
            }
            boolean trees = type == TrainerType.XGBOOST || type == TrainerType.RANDOM_FOREST || type == TrainerType.CART;
            expectedOps.put(type.configName(), trees ? "TreeEnsembleRegressor" : "MatMul");
            ModelTrainer.Fitted fitted = ModelTrainer.fit(training, training.rows(), TrainerFactory.featureSpec(type.configName(), SPEC),
                    p -> TestTrainers.create(type.configName(), cfg, Set.of()), 1, "test");
            writeCase(type.configName(), fitted, training.columns(), scored, expectedOps.get(type.configName()));
        }
        for (String name : List.of(Candidate.BLEND, "xgboost-forest")) {
            Candidate candidate = Candidate.autoCandidates(TestConfig.trainer(Map.of("fitscore.trainer.auto-candidates", name,
                    "fitscore.trainer.boosting.rounds", "80", "fitscore.trainer.trees", "20"))).get(0);
            ModelTrainer.Fitted fitted = ModelTrainer.fit(training, training.rows(), candidate.featureSpec(SPEC), candidate.trainers(), 1, "test");
            writeCase(name, fitted, training.columns(), scored, "TreeEnsembleRegressor");
        }
    }

    @Test
    void theCourseDefaultModelExports() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(COURSE.resolve("pre_release.csv")),
                "../shared/data/vlerick is absent: the course case is skipped");
        Table table = course();
        Map<String, String> shipped = shippedSettings();
        TrainerSettings cfg = TestConfig.trainer(shipped);
        FeatureSpec spec = io.fitscore.regression.RegressionSettings.resolve(TestConfig.regression(shipped), null, new ArrayList<>())
                .orElseThrow().featureSpec("imdb_score", Optional.of("movie_title"));
        ModelTrainer.Split split = ModelTrainer.split(table, "imdb_score", 0.25, 42);
        List<Candidate> candidates = Candidate.autoCandidates(cfg);
        AutoSelection.Selection selection = AutoSelection.choose(table, split.train(), spec, candidates, cfg.autoFolds(),
                cfg.autoRepeatBelowRows(), cfg.autoMaxRows(), 3600, 42, "course", TrainingSteps.NONE, System::nanoTime);
        Candidate winner = candidates.stream().filter(c -> c.name().equals(selection.winner())).findFirst().orElseThrow();
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, split.train(), winner.featureSpec(spec), winner.trainers(), 42, "course");
        writeCase("course-" + winner.name(), fitted, table.columns(), table.rows(), null);
    }

    /** The feature and trainer settings of application.properties, as shipped (no profile's). */
    private static Map<String, String> shippedSettings() throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var in = Files.newBufferedReader(Path.of("src", "main", "resources", "application.properties"), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> shipped = new HashMap<>();
        properties.stringPropertyNames().stream().filter(k -> k.startsWith("fitscore.features.") || k.startsWith("fitscore.trainer.")).forEach(k -> shipped.put(k, properties.getProperty(k)));
        return shipped;
    }

    /** Checks the graph, then writes model.onnx, the encoded rows (absent: NaN) and fitscore's predictions. */
    private static void writeCase(String name, ModelTrainer.Fitted fitted, List<Table.Column> columns, List<List<Object>> rows,
            String expectedOp) throws IOException {
        byte[] bytes = PortableOnnx.of(fitted.model(), fitted.pipeline(), "test");
        assertNotNull(bytes, name + " has an ONNX form");
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(bytes);
        int width = fitted.model().getFeatureIDMap().size();
        Map<String, String> metadata = model.getMetadataPropsList().stream()
                .collect(Collectors.toMap(OnnxMl.StringStringEntryProto::getKey, OnnxMl.StringStringEntryProto::getValue));
        List<String> names = JsonDocuments.MAPPER.readValue(metadata.get(PortableBoosters.FEATURES), new TypeReference<List<String>>() { });
        assertEquals(width, names.size(), name);
        assertEquals(PortableOnnx.INPUT, model.getGraph().getInput(0).getName());
        assertEquals(width, model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue(), name);
        assertEquals(PortableOnnx.OUTPUT, model.getGraph().getOutput(0).getName());
        List<String> ops = model.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
        if (expectedOp != null) {
            assertTrue(ops.contains(expectedOp), name + ": " + ops);
        }
        // Encoded by the names the model carries, as a user outside fitscore would.
        FeatureVectors vectors = FeatureVectors.inModelSpace(fitted.pipeline(), columns, names::indexOf, width);
        ByteBuffer features = ByteBuffer.allocate(rows.size() * width * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        double[] row = new double[width];
        for (List<Object> r : rows) {
            vectors.encode(r, row, 0, Double.NaN);
            for (double v : row) {
                features.putDouble(v);
            }
        }
        double[] predicted = CompiledModel.of(fitted.model(), fitted.pipeline(), columns).predict(rows);
        ByteBuffer expected = ByteBuffer.allocate(predicted.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double p : predicted) {
            expected.putDouble(p);
        }
        Path dir = CASES.resolve(name);
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), bytes);
        Files.write(dir.resolve("features.f64"), features.array());
        Files.write(dir.resolve("expected.f64"), expected.array());
        Map<String, Object> meta = Map.of("rows", rows.size(), "width", width, "model", fitted.model().getClass().getSimpleName());
        Files.writeString(dir.resolve("case.json"), JsonDocuments.MAPPER.writeValueAsString(meta), StandardCharsets.UTF_8);
    }

    /** The course's two files joined on the title as the job joins them, numbers where every value of a column is one. */
    private static Table course() throws IOException {
        CsvFixture pre = CsvFixture.parse(Files.readString(COURSE.resolve("pre_release.csv"), StandardCharsets.UTF_8));
        CsvFixture after = CsvFixture.parse(Files.readString(COURSE.resolve("after_release.csv"), StandardCharsets.UTF_8));
        String key = "movie_title";
        Map<String, List<List<String>>> byKey = new HashMap<>();
        for (List<String> r : after.cleanRows(key)) {
            byKey.computeIfAbsent(r.get(after.column(key)), k -> new ArrayList<>()).add(r);
        }
        List<String> header = new ArrayList<>(pre.header());
        List<Integer> afterColumns = new ArrayList<>();
        for (int c = 0; c < after.header().size(); c++) {
            if (c != after.column(key)) {
                header.add(after.header().get(c));
                afterColumns.add(c);
            }
        }
        List<List<String>> joined = new ArrayList<>();
        for (List<String> left : pre.cleanRows(key)) {
            for (List<String> right : byKey.getOrDefault(left.get(pre.column(key)), List.of())) {
                List<String> r = new ArrayList<>(left);
                afterColumns.forEach(c -> r.add(right.get(c)));
                joined.add(r);
            }
        }
        List<Table.Column> columns = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            int col = c;
            boolean numeric = !header.get(c).equals(key) && joined.stream().map(r -> r.get(col)).filter(v -> !v.isBlank())
                    .allMatch(PortableOnnxTest::isNumber);
            columns.add(new Table.Column(header.get(c), numeric));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> r : joined) {
            List<Object> typed = new ArrayList<>();
            for (int c = 0; c < r.size(); c++) {
                String v = r.get(c);
                typed.add(v.isBlank() ? null : columns.get(c).numeric() ? (Object) Double.parseDouble(v) : v);
            }
            rows.add(typed);
        }
        assertTrue(rows.size() > 1000, "the course's joined rows: " + rows.size());
        return new Table(columns, rows);
    }

    private static boolean isNumber(String v) {
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
