package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

import io.fitscore.ml.scoring.BatchPredictor;
import io.fitscore.ml.scoring.XGBoostBatch;
import io.fitscore.ml.scoring.XGBoostTrees;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

/** Batch scoring from primitive arrays gives Tribuo's own predictions for every kind of model. */
public class CompiledModelTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of("tags"), "|", 3);

    /** Numbers with missing values, a categorical with rare and unseen levels, multi-valued labels. */
    public static Table mixed(int n, long seed) {
        Random rnd = new Random(seed);
        String[] groups = {"A", "B", "C", "rare"};
        String[] tags = {"x", "y", "z"};
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Double x1 = rnd.nextInt(10) == 0 ? null : rnd.nextDouble() * 10;
            double x2 = Math.floor(rnd.nextDouble() * 5); // ties: many rows sit exactly on split thresholds
            String group = rnd.nextInt(50) == 0 ? groups[3] : groups[rnd.nextInt(3)];
            String tag = tags[rnd.nextInt(3)] + (rnd.nextBoolean() ? "|" + tags[rnd.nextInt(3)] : "");
            double y = (x1 == null ? 5 : x1) * 0.5 + x2 * x2 - (group.equals("B") ? 2 : 0) + (tag.contains("z") ? 1 : 0)
                    + rnd.nextGaussian() * 0.3;
            rows.add(Arrays.asList(x1, x2, group, rnd.nextInt(20) == 0 ? null : tag, y));
        }
        return new Table(List.of(new Table.Column("x1", true), new Table.Column("x2", true), new Table.Column("group", false),
                new Table.Column("tags", false), new Table.Column("y", true)), rows);
    }

    /** Rows the training never saw: an unseen level, empty labels, a missing number. */
    static List<List<Object>> scoringRows(Table training) {
        List<List<Object>> rows = new ArrayList<>(training.rows());
        rows.add(Arrays.asList(null, 2.0, "never-seen", null, null));
        rows.add(Arrays.asList(3.0, 0.0, null, "|", null));
        rows.add(Arrays.asList(0.0, 4.0, "A", "q|x", null));
        return rows;
    }

    private static void assertSamePredictions(Trainer<Regressor> trainer, String expectedKind, double tolerance) {
        assertSamePredictions(trainer, expectedKind, tolerance, true);
    }

    private static void assertSamePredictions(Trainer<Regressor> trainer, String expectedKind, double tolerance, boolean bulk) {
        assertSamePredictions(p -> trainer, expectedKind, tolerance, bulk);
    }

    /** With trainers made for the fitted pipeline (the blend's forest sizes its feature share by the pipeline's features). */
    private static void assertSamePredictions(ModelTrainer.TrainerSource trainers, String expectedKind, double tolerance, boolean bulk) {
        Table table = mixed(600, 5);
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows().subList(0, 450), SPEC, trainers, 1, "test");
        List<List<Object>> rows = scoringRows(table);
        CompiledModel compiled = bulk && ("XGBoostTrees".equals(expectedKind) || "AveragedModels".equals(expectedKind))
                ? CompiledModel.forBulkScoring(fitted.model(), fitted.pipeline(), table.columns())
                : CompiledModel.of(fitted.model(), fitted.pipeline(), table.columns());
        assertEquals(expectedKind, compiled.predictorKind());
        double[] batch = compiled.predict(rows);
        FeaturePipeline.RowEncoder encoder = fitted.pipeline().bind(table);
        Model<Regressor> model = fitted.model();
        int differing = 0;
        for (int i = 0; i < rows.size(); i++) {
            double tribuo = fitted.pipeline().unscale(model.predict(encoder.encode(rows.get(i))).getOutput().getValues()[0]);
            assertEquals(tribuo, batch[i], tolerance, "row " + i + " " + rows.get(i));
            differing += i > 0 && batch[i] != batch[0] ? 1 : 0;
        }
        assertNotEquals(0, differing, "the model predicts more than a constant");
    }

    @Test
    void flatForestMatchesTribuosForestToTheBit() {
        CARTRegressionTrainer tree = new CARTRegressionTrainer(8, 2f, 0f, 0.5f, false, new MeanSquaredError(), 3);
        assertSamePredictions(new RandomForestTrainer<>(tree, new AveragingCombiner(), 25, 3), "FlatTrees", 1e-12);
    }

    @Test
    void flatParallelForestMatchesTribuo() {
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.trees", "30", "fitscore.trainer.threads", "2"));
        assertSamePredictions(TestTrainers.create("random-forest", cfg, Set.of()), "FlatTrees", 1e-12);
    }

    @Test
    void flatCartMatchesTribuo() {
        TrainerSettings cfg = TestConfig.trainer(Map.of());
        assertSamePredictions(TestTrainers.create("cart", cfg, Set.of()), "FlatTrees", 1e-12);
    }

    @Test
    void xgboostTreesInJavaMatchTribuosPerRowPredictionToTheBit() {
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.boosting.rounds", "80"));
        assertSamePredictions(TestTrainers.create("xgboost", cfg, Set.of()), "XGBoostTrees", 0.0);
    }

    @Test
    void batchedNativeXGBoostOnTheDriverMatchesTribuosPerRowPrediction() {
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.boosting.rounds", "80"));
        assertSamePredictions(TestTrainers.create("xgboost", cfg, Set.of()), "XGBoostBatch", 0.0);
    }

    @Test
    void javaTreesAndTheNativeBatchAgreeToTheBit() {
        Table table = mixed(600, 5);
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.boosting.rounds", "80"));
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows().subList(0, 450), SPEC,
                p -> TestTrainers.create("xgboost", cfg, Set.of()), 1, "test");
        XGBoostBatch nativeBatch = XGBoostBatch.of(fitted.model());
        XGBoostTrees javaTrees = XGBoostTrees.of(fitted.model());
        List<List<Object>> rows = scoringRows(table);
        FeatureVectors vectors = FeatureVectors.inModelSpace(fitted.pipeline(), table.columns(), fitted.model().getFeatureIDMap()::getID,
                fitted.model().getFeatureIDMap().size());
        int width = fitted.model().getFeatureIDMap().size();
        double[] features = new double[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            vectors.encode(rows.get(r), features, r * width, Double.NaN);
        }
        double[] fromNative = new double[rows.size()];
        double[] fromJava = new double[rows.size()];
        try (BatchPredictor.Session n = nativeBatch.open(1); BatchPredictor.Session j = javaTrees.open(1)) {
            n.predict(features, rows.size(), width, fromNative);
            j.predict(features, rows.size(), width, fromJava);
        }
        assertArrayEquals(fromNative, fromJava);
    }

    @Test
    void theBlendIsScoredAsTheAverageOfItsMembersToTheBit() {
        Candidate blend = Candidate.autoCandidates(TestConfig.trainer(Map.of("fitscore.trainer.auto-candidates", "blend",
                "fitscore.trainer.boosting.rounds", "80"))).get(0);
        assertEquals(Candidate.BLEND, blend.name());
        // Both members' Java tree walks (the forest is one round of 400 parallel trees) and natively on the driver.
        assertSamePredictions(blend.trainers(), "AveragedModels", 0.0, true);
        assertSamePredictions(blend.trainers(), "AveragedModels", 0.0, false);
    }

    @Test
    void linearModelsAreScoredThroughTribuoExamples() {
        TrainerSettings cfg = TestConfig.trainer(Map.of());
        Table table = mixed(300, 6);
        FeatureSpec standardised = SPEC.withStandardisedTarget(true);
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows(), standardised,
                p -> TestTrainers.create("linear-sgd", cfg, p.numericFeatureNames()), 1, "test");
        CompiledModel compiled = CompiledModel.of(fitted.model(), fitted.pipeline(), table.columns());
        assertEquals("TribuoExamples", compiled.predictorKind());
        FeaturePipeline.RowEncoder encoder = fitted.pipeline().bind(table);
        double[] batch = compiled.predict(table.rows());
        for (int i = 0; i < table.size(); i++) {
            double tribuo = fitted.pipeline().unscale(fitted.model().predict(encoder.encode(table.rows().get(i))).getOutput().getValues()[0]);
            assertEquals(tribuo, batch[i], 1e-12, "row " + i);
        }
    }

    @Test
    void theParallelForestIsTheSameWhateverTheThreadCount() {
        Table table = mixed(400, 7);
        double[][] predictions = new double[2][];
        for (int threads = 1; threads <= 2; threads++) {
            TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.trees", "20", "fitscore.trainer.threads",
                    String.valueOf(threads)));
            ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows(), SPEC,
                    p -> TestTrainers.create("random-forest", cfg, Set.of()), 1, "test");
            predictions[threads - 1] = CompiledModel.of(fitted.model(), fitted.pipeline(), table.columns()).predict(table.rows());
        }
        for (int i = 0; i < table.size(); i++) {
            assertEquals(predictions[0][i], predictions[1][i], 0.0, "row " + i);
        }
    }
}
