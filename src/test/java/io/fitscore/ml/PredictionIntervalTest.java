package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fitscore.testing.TestTrainers;

class PredictionIntervalTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of(), "|", 5);

    /** The conformal rank: the ceil((n + 1) coverage)-th smallest residual, whatever order they come in. */
    @Test
    void theHalfWidthIsTheConformalRankOfTheResiduals() {
        double[] residuals = new double[19];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = 19 - i;
        }
        assertEquals(18, PredictionInterval.halfWidth(residuals, 0.9));
        assertEquals(19, PredictionInterval.halfWidth(residuals, 0.95));
        assertEquals(10, PredictionInterval.halfWidth(residuals, 0.5));
        assertEquals(Double.POSITIVE_INFINITY, PredictionInterval.halfWidth(Arrays.copyOf(residuals, 8), 0.9),
                "eight residuals cannot promise 90%");
    }

    /** y = 2x + N(0, 1): the 90% interval is about ±1.645 and holds about 90% of fresh rows scored by the model. */
    @Test
    void theIntervalHoldsItsCoverageOfFreshRows() {
        Table table = linear(3000, 5);
        Candidate ridge = new Candidate("ridge", "ridge", "", p -> TrainerFactory.ridge());
        PredictionInterval interval = PredictionInterval.calibrate(table, table.rows(), SPEC, ridge, 0.9, 7, "test");
        assertEquals(3000, interval.calibrationRows());
        assertEquals(PredictionInterval.FOLDS, interval.folds());
        assertEquals(1.645, interval.halfWidth(), 0.12, "the normal noise's 95% quantile");

        Table fresh = linear(4000, 6);
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows(), SPEC, p -> TrainerFactory.ridge(), 7, "test");
        double[] predicted = CompiledModel.of(fitted.model(), fitted.pipeline(), table.columns()).predict(fresh.rows());
        double[] actual = fresh.rows().stream().mapToDouble(r -> (Double) r.get(1)).toArray();
        PredictionInterval.Measured measured = interval.measure(actual, predicted);
        assertEquals(0.9, measured.coverage(), 0.02, "held " + measured.coverage());
        assertEquals(2 * interval.halfWidth(), measured.meanWidth());
        assertEquals(4000, measured.rows());
        assertEquals(predicted[0] - interval.halfWidth(), interval.lower(predicted[0]));
        assertEquals(predicted[0] + interval.halfWidth(), interval.upper(predicted[0]));
    }

    /**
     * Coverage at 0.8, 0.9 and 0.95 on 5,000 fresh rows of the same generator, within 0.02: noise of constant spread, noise
     * growing with x (the interval is as wide everywhere, so it holds the share over all rows, not at every x), and
     * 500-row tables. 375 training rows calibrate a 500-row table, and the share such an interval holds varies by
     * about 0.02 from one table to the next (a binomial quantile's spread), so that case holds the mean over ten tables.
     */
    @Test
    void theCoverageHoldsOnFreshRowsForEveryShapeOfNoise() {
        record Shape(String name, int rows, boolean growing, int tables) {
        }
        for (Shape shape : List.of(new Shape("constant noise", 4000, false, 1), new Shape("noise growing with x", 4000, true, 1),
                new Shape("500 rows", 500, false, 10))) {
            Table fresh = noisy(5000, shape.growing(), 99);
            double[] actual = fresh.rows().stream().mapToDouble(r -> (Double) r.get(1)).toArray();
            for (double coverage : new double[] {0.8, 0.9, 0.95}) {
                double held = 0;
                for (int t = 0; t < shape.tables(); t++) {
                    Table table = noisy(shape.rows(), shape.growing(), 11 + t);
                    ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 7);
                    ModelTrainer.Fitted fitted = ModelTrainer.fit(table, split.labelled(), SPEC, p -> TrainerFactory.ridge(), 7, "test");
                    double[] predicted = CompiledModel.of(fitted.model(), fitted.pipeline(), table.columns()).predict(fresh.rows());
                    PredictionInterval interval = PredictionInterval.calibrate(table, split.train(), SPEC,
                            new Candidate("ridge", "ridge", "", p -> TrainerFactory.ridge()), coverage, 7, "test");
                    held += interval.measure(actual, predicted).coverage() / shape.tables();
                }
                assertEquals(coverage, held, 0.02, shape.name() + " at " + coverage + ": held " + held);
            }
        }
    }

    /** Above the calibration bound a seeded sample is used: the same interval every time. */
    @Test
    void aLargeTrainingSplitIsCalibratedOnASeededSample() {
        Table table = linear(PredictionInterval.MOST_ROWS + 500, 8);
        Candidate ridge = new Candidate("ridge", "ridge", "", p -> TrainerFactory.ridge());
        PredictionInterval a = PredictionInterval.calibrate(table, table.rows(), SPEC, ridge, 0.8, 3, "test");
        PredictionInterval b = PredictionInterval.calibrate(table, table.rows(), SPEC, ridge, 0.8, 3, "test");
        assertEquals(PredictionInterval.MOST_ROWS, a.calibrationRows());
        assertEquals(a, b);
    }

    private static Table noisy(int n, boolean growing, long seed) {
        Random rnd = new Random(seed);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble() * 10;
            rows.add(Arrays.asList(x, 2 * x + rnd.nextGaussian() * (growing ? 0.2 + x / 5 : 1)));
        }
        return new Table(List.of(new Table.Column("x", true), new Table.Column("y", true)), rows);
    }

    private static Table linear(int n, long seed) {
        Random rnd = new Random(seed);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble() * 10;
            rows.add(Arrays.asList(x, 2 * x + rnd.nextGaussian()));
        }
        return new Table(List.of(new Table.Column("x", true), new Table.Column("y", true)), rows);
    }
}
