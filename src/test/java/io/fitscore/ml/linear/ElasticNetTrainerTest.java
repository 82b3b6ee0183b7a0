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
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

import io.fitscore.ml.ChosenInTraining;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.RegressionScores;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.ml.TrainerSettings;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

/** The elastic net as fitscore trains it, held against least squares solved in closed form. */
class ElasticNetTrainerTest {

    private static final TrainerSettings DEFAULTS = TestConfig.trainer(Map.of());
    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of(), "|", 1);
    private static final List<Table.Column> COLUMNS = List.of(new Table.Column("a", true), new Table.Column("b", true),
            new Table.Column("c", true), new Table.Column("shop", false), new Table.Column("y", true));

    /**
     * Three numeric columns in very different units (one far from zero) and a three-level text column one row in ten
     * has at "rare"; y linear in them, plus noise of the given size.
     */
    private static Table linear(int rows, double noise, long seed) {
        Random random = new Random(seed);
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double a = random.nextGaussian() * 10;
            double b = 1e6 + random.nextDouble() * 1000;
            double c = random.nextGaussian();
            String shop = i % 10 == 0 ? "rare" : i % 2 == 0 ? "north" : "south";
            double y = 2 + 3 * a - 0.01 * b + 4 * c + (shop.equals("rare") ? 5 : shop.equals("north") ? -1 : 0)
                    + noise * random.nextGaussian();
            data.add(Arrays.asList(a, b, c, shop, y));
        }
        return new Table(COLUMNS, data);
    }

    private static ModelTrainer.Fitted fit(String type, Table table, List<List<Object>> train) {
        return ModelTrainer.fit(table, train, TrainerFactory.featureSpec(type, SPEC),
                p -> TestTrainers.create(type, DEFAULTS, p.numericFeatureNames()), 7, "test");
    }

    @Test
    void onAnExactLinearCaseItIsLeastSquares() {
        Table table = linear(120, 0, 1);
        List<List<Object>> train = table.rows().subList(0, 100);
        List<List<Object>> held = table.rows().subList(100, 120);
        List<Double> predicted = ModelTrainer.predict(fit("elastic-net", table, train), table, held);

        // Least squares on a, b, c and indicators of two of the three levels (the third is the intercept's).
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(train.stream().mapToDouble(r -> (Double) r.get(4)).toArray(),
                train.stream().map(ElasticNetTrainerTest::design).toArray(double[][]::new));
        double[] beta = ols.estimateRegressionParameters();
        for (int i = 0; i < held.size(); i++) {
            double[] x = design(held.get(i));
            double closedForm = beta[0];
            for (int j = 0; j < x.length; j++) {
                closedForm += beta[j + 1] * x[j];
            }
            assertEquals(closedForm, predicted.get(i), 1e-3 * 30, "row " + i + ": y's spread is about 30");
        }
    }

    private static double[] design(List<Object> row) {
        return new double[] {(Double) row.get(0), (Double) row.get(1), (Double) row.get(2), "rare".equals(row.get(3)) ? 1 : 0,
            "north".equals(row.get(3)) ? 1 : 0};
    }

    @Test
    void thePenaltyGrowsWithTheNoiseAndIsTheSameForTheSameSeed() {
        double quiet = chosen(linear(60, 0.01, 3), 11);
        double noisy = chosen(linear(60, 40, 3), 11);
        assertTrue(noisy > quiet, "noise " + noisy + " vs exact " + quiet);
        assertEquals(noisy, chosen(linear(60, 40, 3), 11), "seeded folds choose the same penalty");
    }

    /** The penalty chosen on all of {@code table}'s rows, as the model's provenance records it. */
    private static double chosen(Table table, long seed) {
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, table.rows(), SPEC, p -> TrainerFactory.elasticNet(seed), seed, "test");
        return (Double) ChosenInTraining.of(fitted.model()).get("penalty");
    }

    @Test
    void theModelIsTribuosOwnAndSurvivesSavingAndLoading() throws Exception {
        Table table = linear(200, 1, 5);
        ModelTrainer.Fitted fitted = fit("elastic-net", table, table.rows());
        @SuppressWarnings("unchecked")
        Model<Regressor> loaded = (Model<Regressor>) Model.deserialize(ModelProto.parseFrom(fitted.model().serialize().toByteArray()));
        List<Double> before = ModelTrainer.predict(fitted, table, table.rows());
        List<Double> after = ModelTrainer.predict(new ModelTrainer.Fitted(fitted.pipeline(), loaded), table, table.rows());
        assertEquals(before, after);
        assertEquals(ElasticNetTrainer.class.getName(), loaded.getProvenance().getTrainerProvenance().getClassName());
        assertTrue(ChosenInTraining.of(loaded).containsKey("penalty"));
    }

    /** y = x1·x2 + x3 + noise, with three more columns of noise. */
    private static Table interacting(int rows, long seed) {
        Random random = new Random(seed);
        List<Table.Column> columns = new ArrayList<>();
        for (int j = 1; j <= 6; j++) {
            columns.add(new Table.Column("x" + j, true));
        }
        columns.add(new Table.Column("y", true));
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Object[] row = new Object[7];
            double[] x = new double[6];
            for (int j = 0; j < 6; j++) {
                x[j] = random.nextGaussian();
                row[j] = x[j];
            }
            row[6] = 2 * x[0] * x[1] + x[0] + x[2] + 0.3 * random.nextGaussian();
            data.add(Arrays.asList(row));
        }
        return new Table(columns, data);
    }

    @Test
    void withPairsItFitsAnInteractionThePlainOneCannot() {
        Table table = interacting(600, 9);
        List<List<Object>> train = table.rows().subList(0, 400);
        List<List<Object>> held = table.rows().subList(400, 600);
        double[] actual = held.stream().mapToDouble(r -> (Double) r.get(6)).toArray();
        double plain = RegressionScores.of(actual, predictions(fit("elastic-net", table, train), table, held)).r2();
        double pairs = RegressionScores.of(actual, predictions(fit("elastic-net-pairs", table, train), table, held)).r2();
        // The interaction carries 4/6.09 of y's variance; noise 0.09/6.09.
        assertTrue(plain < 0.4, "plain " + plain);
        assertTrue(pairs > 0.97, "pairs " + pairs);
    }

    private static double[] predictions(ModelTrainer.Fitted fitted, Table table, List<List<Object>> rows) {
        return ModelTrainer.predict(fitted, table, rows).stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theSumsOfAFoldsTrainingPartAreTheTotalsMinusTheFold() {
        RowSums a = new RowSums(2);
        RowSums b = new RowSums(2);
        a.add(new int[] {0, 1}, new double[] {1, 2}, 2, 3);
        b.add(new int[] {1}, new double[] {4}, 1, 5);
        a.mirror();
        b.mirror();
        RowSums total = RowSums.total(new RowSums[] {a, b});
        RowSums rest = total.minus(b);
        assertEquals(1, rest.count);
        assertEquals(List.of(1.0, 2.0, 2.0, 4.0), Arrays.stream(rest.xx).boxed().toList());
        // The squared error of 1 + x0 + x1 on row a: (3 - 1 - 1 - 2)^2 = 1; on b: (5 - 1 - 0 - 4)^2 = 0.
        assertEquals(1.0, total.squaredError(1, new double[] {1, 1}), 1e-12);
        assertEquals(0.0, b.squaredError(1, new double[] {1, 1}), 1e-12);
    }
}
