package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fitscore.ml.explain.TreeShap;
import io.fitscore.ml.scoring.XGBoostBatch;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;

/** Per-row explanations add up to each row's prediction, and TreeSHAP's are XGBoost's own. */
public class RowExplainerTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of("tags"), "|", 3);

    @Test
    void treeShapEqualsXGBoostsOwnContributionsOnAThousandRows() throws Exception {
        Table table = CompiledModelTest.mixed(2000, 11);
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.boosting.rounds", "120"));
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows().subList(0, 1000), SPEC,
                p -> TestTrainers.create("xgboost", cfg, Set.of()), 1, "test");
        Booster booster = XGBoostBatch.singleBooster(fitted.model());
        int width = fitted.model().getFeatureIDMap().size();
        List<List<Object>> rows = table.rows().subList(1000, 2000);
        FeatureVectors vectors = FeatureVectors.inModelSpace(fitted.pipeline(), table.columns(), fitted.model().getFeatureIDMap()::getID, width);
        double[] features = new double[rows.size() * width];
        float[] asFloat = new float[features.length];
        for (int r = 0; r < rows.size(); r++) {
            vectors.encode(rows.get(r), features, r * width, Double.NaN);
        }
        for (int i = 0; i < features.length; i++) {
            asFloat[i] = (float) features[i];
        }
        DMatrix matrix = new DMatrix(asFloat, rows.size(), width, Float.NaN);
        float[][] expected = booster.predictContrib(matrix, 0);
        float[][] predicted = booster.predict(matrix);
        matrix.dispose();

        booster.dispose();
        TreeShap shap = TreeShap.of(io.fitscore.ml.scoring.BoosterTrees.of(fitted.model()));
        double[] out = new double[rows.size() * (width + 1)];
        assertTrue(shap.tabulated(), "shallow boosting is explained from its leaf tables");
        shap.open().contributions(features, rows.size(), width, out);
        double[] recursive = new double[out.length];
        shap.recursive().contributions(features, rows.size(), width, recursive);
        for (int i = 0; i < out.length; i++) {
            assertEquals(recursive[i], out[i], 1e-9, "the leaf tables give the recursion's contributions");
        }
        double worst = 0;
        for (int r = 0; r < rows.size(); r++) {
            double sum = 0;
            for (int j = 0; j <= width; j++) {
                double mine = out[r * (width + 1) + j];
                assertEquals(expected[r][j], mine, 1e-4, "row " + r + ", feature " + j);
                worst = Math.max(worst, Math.abs(expected[r][j] - mine));
                sum += mine;
            }
            assertEquals(predicted[r][0], sum, 1e-4, "row " + r + ": base plus contributions is the prediction");
        }
        assertTrue(worst > 0 || width > 0);
    }

    @Test
    void everyExplainedKindAddsUpToItsPredictionByInputColumn() {
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.boosting.rounds", "60"));
        for (String type : List.of("xgboost", "elastic-net", "ridge", "linear-sgd")) {
            assertAddsUp(p -> TestTrainers.create(type, cfg, p.numericFeatureNames()), SPEC.withStandardisedTarget(true), type);
        }
        for (String name : List.of(Candidate.BLEND, Candidate.FOREST, "elastic-net-pairs")) {
            Candidate candidate = Candidate.autoCandidates(TestConfig.trainer(Map.of("fitscore.trainer.auto-candidates", name,
                    "fitscore.trainer.boosting.rounds", "60"))).get(0);
            assertEquals(name, candidate.name());
            assertAddsUp(candidate.trainers(), candidate.featureSpec(SPEC), name);
        }
    }

    private static void assertAddsUp(ModelTrainer.TrainerSource trainers, FeatureSpec spec, String kind) {
        Table table = CompiledModelTest.mixed(700, 5);
        List<List<Object>> train = table.rows().subList(0, 500);
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, train, spec, trainers, 1, "test");
        Map<String, Double> means = RowExplainer.featureMeans(fitted.model(), fitted.pipeline(), table.columns(), train);
        RowExplainer explainer = RowExplainer.of(fitted.model(), fitted.pipeline(), table.columns(), means);
        assertNotNull(explainer, kind);
        assertEquals(List.of("x1", "x2", "group", "tags"), explainer.sources().stream().filter(s -> !s.contains("*")).toList(), kind);
        List<List<Object>> all = CompiledModelTest.scoringRows(table);
        boolean trees = kind.startsWith("xgboost") || kind.equals(Candidate.BLEND);
        // Deep trees are explained by recursion, slowly: 100 rows and the unseen ones; a linear model every row.
        List<List<Object>> rows = trees ? new java.util.ArrayList<>(all.subList(0, 100)) : all;
        if (trees) {
            rows.addAll(all.subList(all.size() - 3, all.size()));
        }
        double[] predictions = CompiledModel.forBulkScoring(fitted.model(), fitted.pipeline(), table.columns()).predict(rows);
        RowExplainer.Session session = explainer.open();
        int sources = explainer.sources().size();
        double[] trainingSums = new double[sources];
        for (int start = 0; start < rows.size(); start += CompiledModel.BATCH_ROWS) {
            List<List<Object>> batch = rows.subList(start, Math.min(rows.size(), start + CompiledModel.BATCH_ROWS));
            session.explain(batch);
            for (int r = 0; r < batch.size(); r++) {
                double sum = session.base(r);
                for (int s = 0; s < sources; s++) {
                    sum += session.contribution(r, s);
                    if (start + r < train.size()) {
                        trainingSums[s] += session.contribution(r, s);
                    }
                }
                assertEquals(predictions[start + r], sum, 1e-4, kind + ", row " + (start + r));
            }
        }
        if (!trees) {
            // Linear contributions are measured from the training means: over the training rows they cancel out.
            for (int s = 0; s < sources; s++) {
                assertEquals(0.0, trainingSums[s] / train.size(), 1e-6, kind + ": mean contribution of " + explainer.sources().get(s));
            }
        }
    }

    @Test
    void topPicksTheLargestContributionsByAbsoluteValue() {
        Table table = CompiledModelTest.mixed(400, 3);
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.boosting.rounds", "40"));
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows(), SPEC, p -> TestTrainers.create("xgboost", cfg, Set.of()), 1, "test");
        RowExplainer explainer = RowExplainer.of(fitted.model(), fitted.pipeline(), table.columns(), null);
        RowExplainer.Session session = explainer.open();
        session.explain(table.rows().subList(0, 50));
        int[] top = new int[3];
        for (int r = 0; r < 50; r++) {
            assertEquals(3, session.top(r, 3, top));
            double third = Math.abs(session.contribution(r, top[2]));
            assertTrue(Math.abs(session.contribution(r, top[0])) >= Math.abs(session.contribution(r, top[1])));
            assertTrue(Math.abs(session.contribution(r, top[1])) >= third);
            for (int s = 0; s < explainer.sources().size(); s++) {
                final int source = s;
                if (java.util.Arrays.stream(top).noneMatch(t -> t == source)) {
                    assertTrue(Math.abs(session.contribution(r, s)) <= third, "row " + r + ": source " + s + " left out");
                }
            }
        }
    }

    @Test
    void tribuosOwnTreesAndALinearModelWithoutMeansAreNotExplained() {
        Table table = CompiledModelTest.mixed(300, 4);
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.trees", "10"));
        ModelTrainer.Fitted forest = ModelTrainer.fit(table, table.rows(), SPEC, p -> TestTrainers.create("random-forest", cfg, Set.of()), 1, "test");
        assertNull(RowExplainer.of(forest.model(), forest.pipeline(), table.columns(), Map.of()));
        ModelTrainer.Fitted linear = ModelTrainer.fit(table, table.rows(), SPEC, p -> TestTrainers.create("elastic-net", cfg, Set.of()), 1, "test");
        assertTrue(RowExplainer.needsMeans(linear.model()));
        assertFalse(RowExplainer.needsMeans(forest.model()));
        assertNull(RowExplainer.of(linear.model(), linear.pipeline(), table.columns(), null));
    }

}
