package io.fitscore.ml.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.ml.TrainerSettings;
import io.fitscore.testing.TestConfig;

/** The elastic net as fitscore trains it, held against least squares solved in closed form. */
class PenaltySearchTrainerTest {

    private static final TrainerSettings DEFAULTS = TestConfig.trainer(Map.of());
    private static final FeatureSpec SPEC = FeatureSpec.basic("y", Optional.empty(), Set.of(), Set.of(), "|", 1);

    /** Three numeric columns in different units; y linear in them, plus noise of the given size. */
    private static Table linear(int rows, double noise, long seed) {
        Random random = new Random(seed);
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double a = random.nextGaussian() * 10;
            double b = random.nextDouble() * 1000;
            double c = random.nextGaussian();
            double y = 2 + 3 * a - 0.01 * b + 4 * c + noise * random.nextGaussian();
            data.add(Arrays.asList(a, b, c, y));
        }
        return new Table(List.of(new Table.Column("a", true), new Table.Column("b", true), new Table.Column("c", true),
                new Table.Column("y", true)), data);
    }

    @Test
    void onAnExactLinearCaseItIsLeastSquares() {
        Table table = linear(120, 0, 1);
        List<List<Object>> train = table.rows().subList(0, 100);
        List<List<Object>> held = table.rows().subList(100, 120);
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, train, SPEC,
                p -> TrainerFactory.create("elastic-net", DEFAULTS, p.numericFeatureNames()), 7, "test");
        List<Double> predicted = ModelTrainer.predict(fitted, table, held);

        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        double[][] x = train.stream().map(r -> new double[] {(Double) r.get(0), (Double) r.get(1), (Double) r.get(2)}).toArray(double[][]::new);
        ols.newSampleData(train.stream().mapToDouble(r -> (Double) r.get(3)).toArray(), x);
        double[] beta = ols.estimateRegressionParameters();
        for (int i = 0; i < held.size(); i++) {
            List<Object> r = held.get(i);
            double closedForm = beta[0] + beta[1] * (Double) r.get(0) + beta[2] * (Double) r.get(1) + beta[3] * (Double) r.get(2);
            assertEquals(closedForm, predicted.get(i), 1e-3 * 30, "row " + i + ": y's spread is about 30");
        }
    }

    @Test
    void thePenaltyGrowsWithTheNoiseAndIsTheSameForTheSameSeed() {
        double quiet = chosen(linear(60, 0.01, 3), 11);
        double noisy = chosen(linear(60, 40, 3), 11);
        assertTrue(noisy > quiet, "noise " + noisy + " vs exact " + quiet);
        assertEquals(noisy, chosen(linear(60, 40, 3), 11), "seeded folds choose the same penalty");
    }

    /** The penalty the search picks on all of {@code table}'s rows. */
    private static double chosen(Table table, long seed) {
        PenaltySearchTrainer[] trainer = new PenaltySearchTrainer[1];
        ModelTrainer.fit(table, table.rows(), SPEC, p -> {
            trainer[0] = (PenaltySearchTrainer) TrainerFactory.elasticNet(seed);
            return trainer[0];
        }, seed, "test");
        return trainer[0].lastChosenPenalty();
    }

    @Test
    void theGridRunsFromTheLargestDownByEqualRatios() {
        double[] grid = PenaltySearchTrainer.geometricGrid(1.0, 1e4, 5);
        assertEquals(1.0, grid[0], 1e-12);
        assertEquals(0.1, grid[1], 1e-12);
        assertEquals(1e-4, grid[4], 1e-12);
    }
}
