package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fitscore.ml.TrainerType;
import io.fitscore.failure.FitscoreException;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

class ModelTrainerTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of(), "|", 5);

    /** y = 3*x1 - 2*x2 + (group B ? 1.5 : 0) + small noise; every trainer should recover most of it. */
    private static Table knownFunction(int n, long seed) {
        Random rnd = new Random(seed);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x1 = rnd.nextDouble();
            double x2 = rnd.nextDouble();
            String group = rnd.nextBoolean() ? "A" : "B";
            double y = 3 * x1 - 2 * x2 + (group.equals("B") ? 1.5 : 0) + rnd.nextGaussian() * 0.05;
            rows.add(Arrays.asList(x1, x2, group, i % 50 == 0 ? null : y));
        }
        return new Table(List.of(new Table.Column("x1", true), new Table.Column("x2", true), new Table.Column("group", false),
                new Table.Column("y", true)), rows);
    }

    @Test
    void everyTrainerLearnsAKnownFunction() {
        Table table = knownFunction(600, 1);
        for (String type : java.util.Arrays.stream(TrainerType.values()).filter(t -> t != TrainerType.AUTO).map(TrainerType::configName).toList()) {
            var cfg = TestConfig.trainer(Map.of("fitscore.trainer.trees", "60", "fitscore.trainer.learning-rate", "0.3"));
            ModelTrainer.Outcome outcome = ModelTrainer.trainAndEvaluate(table, TrainerFactory.featureSpec(type, SPEC),
                    p -> TestTrainers.create(type, cfg, p.numericFeatureNames()), 0.25, 42, "known function");
            assertTrue(outcome.evaluation().r2() > 0.85, type + " R2 " + outcome.evaluation().r2());
            assertTrue(outcome.evaluation().rmse() < outcome.baseline().rmse() / 2, type + " beats the mean predictor");
            assertEquals(12, outcome.unlabelledRows(), "rows without a target are scored, not trained on");
            assertEquals(588, outcome.trainRows() + outcome.testRows());
            assertEquals(147, outcome.testRows(), "a quarter of the labelled rows held out");
        }
    }

    @Test
    void theSplitAndModelAreRepeatableForASeed() {
        Table table = knownFunction(300, 2);
        var cfg = TestConfig.trainer(Map.of("fitscore.trainer.trees", "10"));
        ModelTrainer.TrainerSource trainers = p -> TestTrainers.create("random-forest", cfg, p.numericFeatureNames());
        ModelTrainer.Outcome a = ModelTrainer.trainAndEvaluate(table, SPEC, trainers, 0.25, 7, "x");
        ModelTrainer.Outcome b = ModelTrainer.trainAndEvaluate(table, SPEC, trainers, 0.25, 7, "x");
        assertEquals(a.evaluation().rmse(), b.evaluation().rmse());
        assertEquals(a.testSet(), b.testSet());
        RowSplit split = a.split();
        for (List<Object> row : table.rows()) {
            boolean labelled = row.get(3) != null;
            String expected = !labelled ? RowSplit.UNLABELLED : a.testSet().contains(row) ? RowSplit.TEST : RowSplit.TRAIN;
            assertEquals(expected, split.splitOf(row, labelled), "split of " + row);
        }
    }

    /**
     * Below the threshold the stored model is the same trainer fitted, pipeline included, on every labelled row;
     * from the threshold up, or with no holdout, the measured model is kept.
     */
    @Test
    void theStoredModelLearnsFromTheHoldoutOnlyBelowTheThreshold() {
        Table table = knownFunction(400, 4);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 7);
        int labelled = split.train().size() + split.test().size();
        assertTrue(ModelTrainer.refits(split, labelled + 1));
        assertTrue(!ModelTrainer.refits(split, labelled), "from the threshold up the measured model is stored");
        assertTrue(!ModelTrainer.refits(new ModelTrainer.Split(split.labelled(), List.of(), 0), 1_000_000), "nothing held out");

        ModelTrainer.TrainerSource trainers = p -> TrainerFactory.ridge();
        ModelTrainer.Outcome measured = ModelTrainer.trainAndEvaluate(table, split, SPEC, trainers, 7, "x");
        ModelTrainer.Served refit = ModelTrainer.refit(table, split, SPEC, trainers, 7, "x");
        assertEquals(labelled, refit.trainedOn().size());
        assertEquals(Set.copyOf(split.labelled()), Set.copyOf(refit.trainedOn()));
        ModelTrainer.Fitted onAll = ModelTrainer.fit(table, split.labelled(), SPEC, trainers, 7, "x");
        List<Double> expected = ModelTrainer.predict(onAll, table, split.test());
        assertEquals(expected, ModelTrainer.predict(refit.fitted(), table, split.test()), "the same as a fit on all labelled rows");
        assertTrue(!expected.equals(ModelTrainer.predict(measured.fitted(), table, split.test())), "not the measured model");
        assertEquals(split.train(), ModelTrainer.Served.measured(measured).trainedOn());
    }

    @Test
    void tooFewLabelledRowsIsInvalidInput() {
        Table table = knownFunction(8, 3);
        var cfg = TestConfig.trainer(Map.of());
        assertThrows(FitscoreException.class, () -> ModelTrainer.trainAndEvaluate(table, SPEC,
                p -> TestTrainers.create("cart", cfg, p.numericFeatureNames()), 0.25, 7, "x"));
    }
}
