package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.ArrayList;

import org.junit.jupiter.api.Test;

import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

class CrossValidationTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of("tags"), "|", 3);
    private static final TrainerSettings CFG = TestConfig.trainer(Map.of());

    @Test
    void repeatsReshuffleAndTheSummaryCoversEveryFoldOfEveryRepeat() {
        Table table = CompiledModelTest.mixed(300, 21);
        List<String> steps = new ArrayList<>();
        CrossValidation.Result r = CrossValidation.run(table, SPEC, p -> TestTrainers.create("cart", CFG, Set.of()), 4, 3, 42, "t",
                (step, done, total) -> steps.add(step + ": " + done + "/" + total));
        assertEquals(12, r.perFold().size());
        assertEquals(12, steps.size(), "the steps hook runs before every fold: " + steps);
        assertEquals("repeat 1 of 3, fold 1 of 4: 0/12", steps.get(0));
        assertEquals("repeat 2 of 3, fold 3 of 4: 6/12", steps.get(6));
        assertEquals("repeat 3 of 3, fold 4 of 4: 11/12", steps.get(11));
        assertEquals(4, r.folds());
        assertEquals(3, r.repeats());
        List<Double> r2 = r.perFold().stream().map(RegressionScores::r2).toList();
        double mean = r2.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sd = Math.sqrt(r2.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (r2.size() - 1));
        assertEquals(mean, r.r2Mean(), 1e-12);
        assertEquals(sd, r.r2Sd(), 1e-12);
        assertEquals(r.perFold().stream().mapToDouble(RegressionScores::rmse).average().orElseThrow(), r.rmseMean(), 1e-12);
        // Each repeat shuffles with its own seed: the folds, and so their scores, differ between repeats.
        assertNotEquals(r2.subList(0, 4), r2.subList(4, 8));
        // Every labelled row is held out exactly once per repeat.
        int heldOut = r.perFold().subList(0, 4).stream().mapToInt(RegressionScores::rows).sum();
        assertEquals(ModelTrainer.labelled(table, "y").size(), heldOut);
    }

    @Test
    void theSameSeedGivesTheSameFolds() {
        Table table = CompiledModelTest.mixed(200, 22);
        CrossValidation.Result a = CrossValidation.run(table, SPEC, p -> TestTrainers.create("xgboost", CFG, Set.of()), 3, 2, 7, "t", TrainingSteps.NONE);
        CrossValidation.Result b = CrossValidation.run(table, SPEC, p -> TestTrainers.create("xgboost", CFG, Set.of()), 3, 2, 7, "t", TrainingSteps.NONE);
        assertEquals(a.perFold(), b.perFold());
    }

    @Test
    void fitsSideBySideScoreAsFitsOneAfterAnotherAndTellEveryStepInOrder() {
        Table table = CompiledModelTest.mixed(300, 23);
        TrainerSettings twoThreads = TestConfig.trainer(Map.of("fitscore.trainer.threads", "2",
                "fitscore.trainer.boosting.rounds", "40"));
        List<String> steps = java.util.Collections.synchronizedList(new ArrayList<>());
        CrossValidation.Result sideBySide = CrossValidation.run(table, SPEC, Candidate.configured(TrainerType.XGBOOST, twoThreads), 3, 2, 7, "t",
                (step, done, total) -> steps.add(step + ": " + done + "/" + total));
        CrossValidation.Result oneAfterAnother = CrossValidation.run(table, SPEC,
                p -> TrainerFactory.create(TrainerType.XGBOOST, twoThreads, Set.of(), 1), 3, 2, 7, "t", TrainingSteps.NONE);
        assertEquals(oneAfterAnother.perFold(), sideBySide.perFold());
        assertEquals(List.of("repeat 1 of 2, fold 1 of 3: 0/6", "repeat 1 of 2, fold 2 of 3: 1/6", "repeat 1 of 2, fold 3 of 3: 2/6",
                "repeat 2 of 2, fold 1 of 3: 3/6", "repeat 2 of 2, fold 2 of 3: 4/6", "repeat 2 of 2, fold 3 of 3: 5/6"), steps);
    }
}
