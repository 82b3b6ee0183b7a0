package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;

import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

/** What the report's importance chart shows for a linear model: standardised coefficients, and no intercept. */
class FeatureImportanceTest {

    @Test
    void aLinearModelRanksItsFeaturesByStandardisedCoefficientsWithoutTheIntercept() {
        // y = 2 + 3a - 0.01b + 4c: a varies by 10 (standardised coefficient 30), b by about 290 (2.9), c by 1 (4); b sits
        // near a million, so the intercept is about 10,000, the largest raw weight by far.
        Random random = new Random(3);
        List<Table.Column> columns = List.of(new Table.Column("a", true), new Table.Column("b", true), new Table.Column("c", true),
                new Table.Column("y", true));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double a = random.nextGaussian() * 10;
            double b = 1e6 + random.nextDouble() * 1000;
            double c = random.nextGaussian();
            rows.add(Arrays.asList(a, b, c, 2 + 3 * a - 0.01 * b + 4 * c + 0.1 * random.nextGaussian()));
        }
        Table table = new Table(columns, rows);
        FeatureSpec spec = TrainerFactory.featureSpec("elastic-net", TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of(), "|", 1));
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, rows, spec,
                p -> TrainerFactory.create(TrainerType.ELASTIC_NET, TestConfig.trainer(Map.of()), p.numericFeatureNames(), 1), 7, "test");
        Model<org.tribuo.regression.Regressor> model = fitted.model();
        FeatureImportance importance = FeatureImportance.of(model, 10, () -> ModelTrainer.featureDeviations(fitted.pipeline(), table, rows));

        assertFalse(importance.features().contains(Model.BIAS_FEATURE), importance.features().toString());
        assertEquals(List.of("a", "c", "b"), importance.features(), importance.measure());
        assertEquals(30, importance.values()[0], 1.0);
        assertEquals(4, importance.values()[1], 0.2);
        assertEquals(2.9, importance.values()[2], 0.2);
        assertTrue(importance.measure().startsWith("|coefficient| of the standardised feature"), importance.measure());
    }
}
