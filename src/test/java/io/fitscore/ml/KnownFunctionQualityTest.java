package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fitscore.sample.FunctionSample;
import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

/**
 * The default learner on data whose truth and noise are known: its holdout R2 must come within 5% of the
 * noise ceiling, the R2 of the true function itself (1 - noise variance / target variance).
 */
class KnownFunctionQualityTest {

    /** The stated tolerance: at least 95% of the ceiling. */
    private static final double SHARE_OF_CEILING = 0.95;

    static Table functionTable(int rows, long seed) {
        String[] lines = FunctionSample.generate(rows, seed).split("\r?\n");
        List<String> header = Arrays.asList(lines[0].split(","));
        List<Table.Column> columns = new ArrayList<>();
        for (String name : header) {
            columns.add(new Table.Column(name, !name.equals("id") && !name.equals("region")));
        }
        List<List<Object>> data = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < f.length; c++) {
                row.add(columns.get(c).numeric() ? (Object) Double.parseDouble(f[c]) : f[c]);
            }
            data.add(row);
        }
        return new Table(columns, data);
    }

    @Test
    void theDefaultLearnerComesWithinFivePercentOfTheNoiseCeiling() {
        Table table = functionTable(6000, 3);
        TrainerSettings defaults = TestConfig.trainer(Map.of());
        FeatureSpec spec = TestTrainers.basicSpec(FunctionSample.TARGET, Optional.of("id"), Set.of(), Set.of(), "|", 5);
        // What a run does with the default type (auto): choose on the training split, then train the winner on it.
        ModelTrainer.Split split = ModelTrainer.split(table, FunctionSample.TARGET, 0.25, 42);
        AutoSelection.Selection selection = AutoSelection.choose(table, split.train(), spec, Candidate.autoCandidates(defaults),
                defaults.autoFolds(), defaults.autoRepeatBelowRows(), defaults.autoMaxRows(), defaults.autoBudgetSeconds(), 42, "function", TrainingSteps.NONE, System::nanoTime);
        ModelTrainer.Outcome outcome = ModelTrainer.trainAndEvaluate(table, split, spec, selection.chosen().trainers(), 42, "function");
        int y = table.indexOf(FunctionSample.TARGET);
        double[] actual = outcome.testSet().stream().mapToDouble(r -> (Double) r.get(y)).toArray();
        double mean = Arrays.stream(actual).average().orElseThrow();
        double variance = Arrays.stream(actual).map(a -> (a - mean) * (a - mean)).average().orElseThrow();
        double ceiling = 1 - FunctionSample.NOISE_SD * FunctionSample.NOISE_SD / variance;
        double r2 = outcome.evaluation().r2();
        System.out.printf("known function: %s chose %s %s: R2 %.4f, ceiling %.4f, share %.3f%n", TestConfig.regression(Map.of()).trainer().type(), selection.winner(),
                selection.candidates(), r2, ceiling, r2 / ceiling);
        assertTrue(r2 >= SHARE_OF_CEILING * ceiling, "R2 " + r2 + " vs ceiling " + ceiling);
    }
}
