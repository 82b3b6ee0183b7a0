package io.fitscore.ml.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

import io.fitscore.ml.ChosenInTraining;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.Table;
import io.fitscore.testing.TestTrainers;

/** Ridge as fitscore trains it, held against the textbook formulas computed with explicit matrices. */
class RidgeTrainerTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of(), "|", 1);
    private static final List<Table.Column> COLUMNS = List.of(new Table.Column("a", true), new Table.Column("b", true),
            new Table.Column("c", true), new Table.Column("d", true), new Table.Column("y", true));
    private static final int PENALTIES = 61;
    private static final double SMALLEST = 1e-6;
    private static final double LARGEST = 1e3;

    /** Four numeric columns in very different units, two of them nearly collinear, y linear in them plus noise. */
    private static Table table(int rows, double noise, long seed) {
        Random random = new Random(seed);
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double a = random.nextGaussian() * 10;
            double b = 1e6 + random.nextDouble() * 1000;
            double c = random.nextGaussian();
            double d = c + 0.05 * random.nextGaussian();
            double y = 2 + 3 * a - 0.01 * b + 4 * c + noise * random.nextGaussian();
            data.add(Arrays.asList(a, b, c, d, y));
        }
        return new Table(COLUMNS, data);
    }

    private static ModelTrainer.Fitted fit(Table table, List<List<Object>> train) {
        return ModelTrainer.fit(table, train, SPEC, p -> new RidgeTrainer(PENALTIES, SMALLEST, LARGEST), 7, "test");
    }

    /** The training rows' features standardised (each column centred on its mean, scaled by its deviation). */
    private record Standardised(RealMatrix x, double[] y, double[] mean, double[] sd, double yMean) {

        static Standardised of(List<List<Object>> rows) {
            int n = rows.size();
            int p = 4;
            double[] mean = new double[p];
            double[] sd = new double[p];
            for (int j = 0; j < p; j++) {
                final int col = j;
                mean[j] = rows.stream().mapToDouble(r -> (Double) r.get(col)).average().orElseThrow();
                sd[j] = Math.sqrt(rows.stream().mapToDouble(r -> Math.pow((Double) r.get(col) - mean[col], 2)).sum() / n);
            }
            double yMean = rows.stream().mapToDouble(r -> (Double) r.get(4)).average().orElseThrow();
            double[][] x = new double[n][p];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    x[i][j] = ((Double) rows.get(i).get(j) - mean[j]) / sd[j];
                }
                y[i] = (Double) rows.get(i).get(4) - yMean;
            }
            return new Standardised(new Array2DRowRealMatrix(x), y, mean, sd, yMean);
        }

        /** (XᵀX + λI)⁻¹Xᵀ: the weights are this times y. */
        RealMatrix solver(double penalty) {
            RealMatrix gram = x.transpose().multiply(x).add(MatrixUtils.createRealIdentityMatrix(x.getColumnDimension()).scalarMultiply(penalty));
            return new LUDecomposition(gram).getSolver().getInverse().multiply(x.transpose());
        }

        double predict(double[] weights, List<Object> row) {
            double p = yMean;
            for (int j = 0; j < weights.length; j++) {
                p += weights[j] * ((Double) row.get(j) - mean[j]) / sd[j];
            }
            return p;
        }

        /** n·RSS / (n − tr(H) − 1)², with the hat matrix H = X(XᵀX + λI)⁻¹Xᵀ written out. */
        double gcv(double penalty) {
            RealMatrix hat = x.multiply(solver(penalty));
            double[] fitted = hat.operate(y);
            double rss = 0;
            for (int i = 0; i < y.length; i++) {
                rss += (y[i] - fitted[i]) * (y[i] - fitted[i]);
            }
            double left = y.length - hat.getTrace() - 1;
            return left <= 0 ? Double.POSITIVE_INFINITY : y.length * rss / (left * left);
        }
    }

    @Test
    void itPredictsTheRidgeSolutionOfThePenaltyItChose() {
        Table table = table(60, 3, 1);
        List<List<Object>> train = table.rows().subList(0, 40);
        List<List<Object>> held = table.rows().subList(40, 60);
        ModelTrainer.Fitted fitted = fit(table, train);
        double penalty = ((Number) ChosenInTraining.of(fitted.model()).get("penalty")).doubleValue();
        Standardised s = Standardised.of(train);
        double[] weights = s.solver(penalty).operate(s.y());
        List<Double> predicted = ModelTrainer.predict(fitted, table, held);
        for (int i = 0; i < held.size(); i++) {
            assertEquals(s.predict(weights, held.get(i)), predicted.get(i), 1e-6, "row " + i);
        }
    }

    @Test
    void theChosenPenaltyIsTheOneWithTheLowestGeneralisedCrossValidationError() {
        for (long seed = 1; seed <= 3; seed++) {
            Table table = table(30, 25, seed); // few rows, much noise and two collinear columns: a penalty well above zero
            List<List<Object>> train = table.rows();
            double chosen = ((Number) ChosenInTraining.of(fit(table, train).model()).get("penalty")).doubleValue();
            Standardised s = Standardised.of(train);
            double best = Double.NaN;
            double bestGcv = Double.POSITIVE_INFINITY;
            double step = Math.log(LARGEST / SMALLEST) / (PENALTIES - 1);
            for (int i = 0; i < PENALTIES; i++) {
                double penalty = train.size() * SMALLEST * Math.exp(step * i);
                double gcv = s.gcv(penalty);
                if (gcv < bestGcv) {
                    bestGcv = gcv;
                    best = penalty;
                }
            }
            assertEquals(best, chosen, best * 1e-9, "seed " + seed);
            assertTrue(chosen > train.size() * 1e-3, "seed " + seed + ": noisy collinear rows call for a real penalty, chose " + chosen);
        }
    }
}
