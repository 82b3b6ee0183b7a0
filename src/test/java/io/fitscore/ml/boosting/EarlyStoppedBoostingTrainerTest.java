package io.fitscore.ml.boosting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fitscore.ml.BoostingSettings;
import io.fitscore.ml.ChosenInTraining;
import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.ModelTrainer;
import io.fitscore.ml.Table;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.testing.TestTrainers;

/** Early stopping as the {@code xgboost-deep} candidate uses it: rounds that follow the signal, chosen from training rows only. */
class EarlyStoppedBoostingTrainerTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of(), "|", 1);
    private static final BoostingSettings DEEP = new BoostingSettings(600, 6, 0.1, 0.8, 0.8, 3, 0, 1, 0);

    /** y = signal * (a smooth function of a, b) + noise * N(0, 1). */
    private static Table table(int rows, double signal, double noise, long seed) {
        Random random = new Random(seed);
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double a = random.nextDouble() * 6;
            double b = random.nextDouble() * 6;
            double y = signal * (Math.sin(a) * Math.cos(b) + 0.3 * a * b) + noise * random.nextGaussian();
            data.add(Arrays.asList(a, b, y));
        }
        return new Table(List.of(new Table.Column("a", true), new Table.Column("b", true), new Table.Column("y", true)), data);
    }

    private record Trained(ModelTrainer.Outcome outcome, int rounds) {
    }

    private static Trained train(Table table, ModelTrainer.Split split, long seed) {
        EarlyStoppedBoostingTrainer[] trainer = new EarlyStoppedBoostingTrainer[1];
        ModelTrainer.Outcome outcome = ModelTrainer.trainAndEvaluate(table, split, SPEC, p -> {
            trainer[0] = (EarlyStoppedBoostingTrainer) TrainerFactory.earlyStoppedXgboost(DEEP, 0.15, 30, 2, seed);
            return trainer[0];
        }, seed, "test");
        return new Trained(outcome, trainer[0].lastChosenRounds());
    }

    @Test
    void roundsStopEarlyOnNoiseAndRunLongOnASmoothSignal() {
        Table noise = table(1500, 0, 1, 1);
        Table smooth = table(1500, 1, 0.05, 1);
        int onNoise = train(noise, ModelTrainer.split(noise, "y", 0.2, 5), 5).rounds();
        int onSignal = train(smooth, ModelTrainer.split(smooth, "y", 0.2, 5), 5).rounds();
        assertTrue(onNoise < 60, "pure noise: " + onNoise + " rounds of at most 600");
        assertTrue(onSignal > 200, "smooth signal: " + onSignal + " rounds of at most 600");
    }

    @Test
    void theRoundsChosenAreInTheProvenanceAndTheSameForTheSameSeed() {
        Table smooth = table(800, 1, 0.3, 2);
        ModelTrainer.Split split = ModelTrainer.split(smooth, "y", 0.2, 9);
        Trained first = train(smooth, split, 9);
        Trained again = train(smooth, split, 9);
        assertEquals(first.rounds(), again.rounds());
        assertEquals(first.outcome().evaluation().r2(), again.outcome().evaluation().r2(), 0.0);
        assertEquals(first.rounds(), ((Number) ChosenInTraining.of(first.outcome().model()).get("rounds")).intValue());
    }

    @Test
    void theHoldoutNeverChoosesTheRounds() {
        Table smooth = table(800, 1, 0.3, 3);
        ModelTrainer.Split split = ModelTrainer.split(smooth, "y", 0.2, 4);
        // The same training rows; every holdout target replaced by garbage: early stopping that saw it would stop elsewhere.
        List<List<Object>> garbage = split.test().stream().map(r -> (List<Object>) Arrays.asList(r.get(0), r.get(1), 1e6 + (Double) r.get(0)))
                .toList();
        Table poisoned = new Table(smooth.columns(), concat(split.train(), garbage));
        Trained clean = train(smooth, split, 4);
        Trained dirty = train(poisoned, new ModelTrainer.Split(split.train(), garbage, 0), 4);
        assertEquals(clean.rounds(), dirty.rounds());
        assertNotEquals(clean.outcome().evaluation().r2(), dirty.outcome().evaluation().r2(), "the garbage holdout was scored");
    }

    @Test
    void theBestRoundIsTheLowestErrorAmongThoseRun() {
        assertEquals(3, EarlyStoppedBoostingTrainer.bestRounds(new float[] {5, 4, 3, 3, 3.5f, Float.NaN, 1}));
        assertEquals(1, EarlyStoppedBoostingTrainer.bestRounds(new float[] {2, 2.5f, Float.NaN}));
    }

    private static List<List<Object>> concat(List<List<Object>> a, List<List<Object>> b) {
        List<List<Object>> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
