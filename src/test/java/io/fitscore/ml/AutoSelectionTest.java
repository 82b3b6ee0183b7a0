package io.fitscore.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.Regressor;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;

import io.fitscore.testing.TestConfig;
import io.fitscore.testing.TestTrainers;

class AutoSelectionTest {

    private static final FeatureSpec SPEC = TestTrainers.basicSpec("y", Optional.empty(), Set.of(), Set.of("tags"), "|", 3);
    private static final TrainerSettings CFG = TestConfig.trainer(Map.of("fitscore.trainer.trees", "20",
            "fitscore.trainer.auto-candidates", "xgboost,xgboost-fast,linear-sgd,random-forest",
            "fitscore.trainer.boosting.rounds", "60", "fitscore.trainer.learning-rate", "0.05"));

    @Test
    void picksTheBestCvScoreDeterministicallyAndReportsEveryCandidate() {
        Table table = CompiledModelTest.mixed(500, 11);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 42);
        AutoSelection.Selection a = choose(table, split.train(), 3600);
        AutoSelection.Selection b = choose(table, split.train(), 3600);
        assertEquals(a.winner(), b.winner());
        assertEquals(4, a.candidates().size());
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.candidates().size(); i++) {
            AutoSelection.CandidateScore c = a.candidates().get(i);
            assertEquals(AutoSelection.COMPLETE, c.status(), c.name());
            assertEquals(3, c.foldsRun());
            assertEquals(c.r2Mean(), b.candidates().get(i).r2Mean(), 0.0, "same CV score on a rerun: " + c.name());
            best = Math.max(best, c.r2Mean());
        }
        double bestMeanR2 = a.candidates().stream().filter(c -> c.name().equals(a.bestMean())).findFirst().orElseThrow().r2Mean();
        assertEquals(best, bestMeanR2, 0.0);
        // Nonlinear signal with interactions: a linear model must not win it, so the rule keeps the best mean.
        assertFalse(a.winner().equals("linear-sgd"), "winner " + a.winner());
        assertEquals(a.bestMean(), a.winner(), a.rule());
    }

    /**
     * The winner's out-of-fold residuals, which the run's prediction interval is taken from: one per compared row of the
     * first shuffle (also with repeated folds), each |y - prediction| of a model that did not see the row, so that on one
     * k-fold split they give back the winner's RMSE (pooled over the folds, against the folds' mean).
     */
    @Test
    void theWinnersOutOfFoldResidualsCoverEachComparedRowOnce() {
        Table table = CompiledModelTest.mixed(300, 17);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 42);
        for (int repeatBelowRows : new int[] {0, 100_000}) {
            AutoSelection.Selection selection = AutoSelection.choose(table, split.train(), SPEC, Candidate.autoCandidates(CFG), 3,
                    repeatBelowRows, 100_000, 3600, 42, "t", TrainingSteps.NONE, System::nanoTime);
            double[] residuals = selection.chosenResiduals();
            assertEquals(selection.rows(), residuals.length, "each compared row once");
            assertTrue(java.util.Arrays.stream(residuals).allMatch(r -> r >= 0 && Double.isFinite(r)));
            AutoSelection.CandidateScore winner = selection.candidates().stream().filter(c -> c.name().equals(selection.winner()))
                    .findFirst().orElseThrow();
            double pooledRmse = Math.sqrt(java.util.Arrays.stream(residuals).map(r -> r * r).average().orElseThrow());
            assertTrue(pooledRmse > 0, "out of fold, never a perfect fit");
            if (selection.repeats() == 1) {
                assertEquals(winner.rmseMean(), pooledRmse, 0.05 * winner.rmseMean());
            }
        }
    }

    private static AutoSelection.CandidateScore scored(String name, double... foldR2) {
        double mean = java.util.Arrays.stream(foldR2).average().orElseThrow();
        return new AutoSelection.CandidateScore(name, name, "", AutoSelection.COMPLETE, foldR2.length, mean, 0, 0, 0, foldR2);
    }

    /** Ten folds: the five given, then the same shifted down by 0.1 (a harder second shuffle). */
    private static double[] tenFolds(double... five) {
        double[] out = new double[10];
        for (int i = 0; i < 5; i++) {
            out[i] = five[i];
            out[i + 5] = five[i] - 0.1;
        }
        return out;
    }

    private static String choose(String best, AutoSelection.CandidateScore... scores) {
        return AutoSelection.leastFlexibleWithinError(List.of(scores), best, 0.25, AutoSelection.FLEXIBILITY).name();
    }

    @Test
    void aStraightLineWithinOneStandardErrorOfTheBestMeanIsChosen() {
        AutoSelection.CandidateScore boosting = scored("xgboost", tenFolds(0.50, 0.60, 0.40, 0.55, 0.45));
        // Below the best by 0.01 on average, by 0.03 to -0.02 fold by fold: within the error of the difference.
        assertEquals("ridge", choose("xgboost", boosting, scored("ridge", tenFolds(0.47, 0.62, 0.37, 0.55, 0.44))));
        // Below it by 0.05 on every fold: a real difference, however small the folds' spread.
        assertEquals("xgboost", choose("xgboost", boosting, scored("ridge", tenFolds(0.45, 0.55, 0.35, 0.50, 0.40))));
        // The same small mean difference, but a spread of ±0.3 fold by fold: noise, and the linear model is chosen.
        assertEquals("elastic-net", choose("xgboost", boosting, scored("elastic-net", tenFolds(0.25, 0.85, 0.15, 0.80, 0.40))));
        // Three folds cannot measure the error of a difference: the best mean decides.
        assertEquals("xgboost", choose("xgboost", scored("xgboost", 0.50, 0.60, 0.40), scored("ridge", 0.47, 0.62, 0.37)));
    }

    @Test
    void modelsThatBendAreToldApartByTheirMeanAlone() {
        AutoSelection.CandidateScore blend = scored("blend", tenFolds(0.50, 0.60, 0.40, 0.55, 0.45));
        // Products of columns and trees are both flexible: the boosting and the products lose to the blend's better mean.
        assertEquals("blend", choose("blend", scored("xgboost", tenFolds(0.49, 0.60, 0.40, 0.55, 0.45)), blend,
                scored("elastic-net-pairs", tenFolds(0.49, 0.61, 0.39, 0.55, 0.45))));
        // Of two straight lines within the error, the better mean.
        assertEquals("elastic-net", choose("blend", scored("ridge", tenFolds(0.48, 0.60, 0.40, 0.55, 0.45)),
                scored("elastic-net", tenFolds(0.49, 0.60, 0.40, 0.55, 0.45)), blend));
    }

    @Test
    void theHoldoutNeverReachesTheComparison() {
        Table table = CompiledModelTest.mixed(400, 12);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 42);
        Set<Double> trainedOn = new HashSet<>();
        Candidate spy = new Candidate("spy", "cart", "", p -> new Trainer<>() {
            private final Trainer<Regressor> inner = TestTrainers.create("cart", CFG, Set.of());

            @Override
            public Model<Regressor> train(Dataset<Regressor> data, Map<String, Provenance> provenance) {
                for (Example<Regressor> e : data) {
                    trainedOn.add(e.getOutput().getValues()[0]);
                }
                return inner.train(data, provenance);
            }

            @Override
            public int getInvocationCount() {
                return inner.getInvocationCount();
            }

            @Override
            public TrainerProvenance getProvenance() {
                return inner.getProvenance();
            }
        });
        // One 3-fold split, then the repeated 5x5 folds of a small split.
        for (int repeatBelowRows : new int[] {0, 100_000}) {
            trainedOn.clear();
            AutoSelection.Selection selection = AutoSelection.choose(table, split.train(), SPEC, List.of(spy), 3, repeatBelowRows, 100_000, 3600,
                    42, "t", TrainingSteps.NONE, System::nanoTime);
            assertEquals(repeatBelowRows == 0 ? 3 : 25, selection.candidates().get(0).foldsRun());
            // Targets are continuous, so a target value identifies its row.
            assertFalse(trainedOn.isEmpty());
            for (List<Object> row : split.test()) {
                assertFalse(trainedOn.contains((Double) row.get(4)), "holdout row trained on: " + row);
            }
            long trainTargetsSeen = split.train().stream().filter(r -> trainedOn.contains((Double) r.get(4))).count();
            assertEquals(split.train().size(), trainTargetsSeen, "every training row takes part in the comparison");
        }
    }

    @Test
    void aSmallSplitIsComparedByRepeatedFoldsTheSameWayEachTime() {
        Table table = CompiledModelTest.mixed(160, 14);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 42);
        List<Candidate> candidates = Candidate.autoCandidates(CFG).subList(0, 3);
        AutoSelection.Selection a = AutoSelection.choose(table, split.train(), SPEC, candidates, 3, 500, 100_000, 3600, 42, "t",
                TrainingSteps.NONE, System::nanoTime);
        AutoSelection.Selection b = AutoSelection.choose(table, split.train(), SPEC, candidates, 3, 500, 100_000, 3600, 42, "t",
                TrainingSteps.NONE, System::nanoTime);
        assertEquals(AutoSelection.SMALL_SPLIT_FOLDS, a.folds());
        assertEquals(AutoSelection.SMALL_SPLIT_REPEATS, a.repeats());
        assertEquals(a.winner(), b.winner());
        for (int i = 0; i < a.candidates().size(); i++) {
            assertEquals(25, a.candidates().get(i).foldsRun(), a.candidates().get(i).name());
            assertEquals(a.candidates().get(i).r2Mean(), b.candidates().get(i).r2Mean(), 0.0, "seeded: " + a.candidates().get(i).name());
            assertTrue(a.candidates().get(i).r2Sd() > 0, "the spread over 25 folds is reported");
        }
        AutoSelection.Selection above = AutoSelection.choose(table, split.train(), SPEC, candidates, 3, split.train().size() - 1, 100_000, 3600,
                42, "t", TrainingSteps.NONE, System::nanoTime);
        assertEquals(1, above.repeats(), "a split above the limit: one 3-fold split");
        assertEquals(3, above.folds());
    }

    @Test
    void theBudgetSkipsLaterCandidatesButTheFirstAlwaysCompletes() {
        Table table = CompiledModelTest.mixed(300, 13);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 42);
        AtomicLong now = new AtomicLong();
        // Every clock reading advances 10 s: the 30 s budget is gone during the first candidate.
        List<String> steps = new java.util.ArrayList<>();
        AutoSelection.Selection s = AutoSelection.choose(table, split.train(), SPEC, Candidate.autoCandidates(CFG), 3, 0, 100_000, 30,
                42, "t", (step, done, total) -> steps.add(step + ": " + done + "/" + total), () -> now.addAndGet(10_000_000_000L));
        int planned = Candidate.autoCandidates(CFG).size() * 3;
        assertEquals(List.of("xgboost fold 1 of 3: 0/" + planned, "xgboost fold 2 of 3: 1/" + planned, "xgboost fold 3 of 3: 2/" + planned),
                steps, "one step per fold run, counted against every fold planned");
        assertEquals("xgboost", s.winner());
        assertEquals(AutoSelection.COMPLETE, s.candidates().get(0).status());
        assertEquals(3, s.candidates().get(0).foldsRun());
        for (AutoSelection.CandidateScore c : s.candidates().subList(1, s.candidates().size())) {
            assertEquals(AutoSelection.OVER_BUDGET, c.status(), c.name());
            assertEquals(0, c.foldsRun(), c.name());
        }
    }

    @Test
    void aLargeTrainingSplitIsSampledForTheComparison() {
        Table table = CompiledModelTest.mixed(400, 14);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 42);
        AutoSelection.Selection s = AutoSelection.choose(table, split.train(), SPEC, Candidate.autoCandidates(CFG).subList(0, 1), 3, 0, 120,
                3600, 42, "t", TrainingSteps.NONE, System::nanoTime);
        assertEquals(120, s.rows());
    }

    @Test
    void theBlendIsComparedOnlyOnTrainingSplitsWithinItsRowLimit() {
        Table table = CompiledModelTest.mixed(400, 15);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 42);
        int rows = split.train().size();
        for (int limit : new int[] { rows, rows - 1 }) {
            TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.auto-candidates", "xgboost,blend",
                    "fitscore.trainer.boosting.rounds", "40", "fitscore.trainer.blend-max-rows", String.valueOf(limit)));
            List<String> steps = new java.util.ArrayList<>();
            AutoSelection.Selection s = AutoSelection.choose(table, split.train(), SPEC, Candidate.autoCandidates(cfg), 3, 0, 100_000, 3600, 42,
                    "t", (step, done, total) -> steps.add(step + ": " + done + "/" + total), System::nanoTime);
            AutoSelection.CandidateScore blend = s.candidates().get(1);
            assertEquals("blend", blend.name());
            if (limit == rows) {
                assertEquals(AutoSelection.COMPLETE, blend.status());
                assertEquals(3, blend.foldsRun());
                assertTrue(Double.isFinite(blend.r2Mean()));
                assertEquals("blend fold 3 of 3: 5/6", steps.get(5));
            } else {
                assertTrue(blend.status().startsWith(AutoSelection.TOO_MANY_ROWS), blend.status());
                assertEquals(0, blend.foldsRun());
                assertEquals("xgboost", s.winner());
                assertEquals(List.of("xgboost fold 1 of 3: 0/3", "xgboost fold 2 of 3: 1/3", "xgboost fold 3 of 3: 2/3"), steps,
                        "only the candidates within their limit are planned");
            }
        }
    }

    @Test
    void foldsSideBySideScoreAsFoldsOneAfterAnother() {
        Table table = CompiledModelTest.mixed(400, 16);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 42);
        List<AutoSelection.CandidateScore> scores = new java.util.ArrayList<>();
        for (String threads : new String[] { "1", "2" }) {
            TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.auto-candidates", "xgboost,linear-sgd",
                    "fitscore.trainer.boosting.rounds", "40", "fitscore.trainer.threads", threads));
            scores.addAll(AutoSelection.choose(table, split.train(), SPEC, Candidate.autoCandidates(cfg), 3, 0, 100_000, 3600, 42, "t",
                    TrainingSteps.NONE, System::nanoTime).candidates());
        }
        // 1 thread: one fold after another; 2 threads: two folds at a time, one thread each.
        for (int i = 0; i < 2; i++) {
            assertEquals(scores.get(i).name(), scores.get(i + 2).name());
            assertEquals(scores.get(i).r2Mean(), scores.get(i + 2).r2Mean(), 0.0, scores.get(i).name());
            assertEquals(scores.get(i).rmseMean(), scores.get(i + 2).rmseMean(), 0.0, scores.get(i).name());
        }
    }

    @Test
    void aMemberSharedByCandidatesIsTrainedOncePerFoldAndTheAverageScoresAsTheTrainedBlend() {
        Table table = CompiledModelTest.mixed(400, 17);
        ModelTrainer.Split split = ModelTrainer.split(table, "y", 0.25, 42);
        TrainerSettings cfg = TestConfig.trainer(Map.of("fitscore.trainer.auto-candidates", "xgboost,blend",
                "fitscore.trainer.boosting.rounds", "40", "fitscore.trainer.threads", "2"));
        List<Candidate> real = Candidate.autoCandidates(cfg);
        Map<String, java.util.concurrent.atomic.AtomicInteger> trainings = new java.util.concurrent.ConcurrentHashMap<>();
        List<Candidate> counted = real.stream().map(c -> new Candidate(c.name(), c.type(), c.settings(), c.members().stream()
                .map(m -> new Candidate.Member(m.key(), (p, threads) -> {
                    trainings.computeIfAbsent(m.key(), x -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    return m.source().create(p, threads);
                })).toList(), c.threads(), c.maxTrainingRows())).toList();
        AutoSelection.Selection s = AutoSelection.choose(table, split.train(), SPEC, counted, 3, 0, 100_000, 3600, 42, "t",
                TrainingSteps.NONE, System::nanoTime);
        assertEquals(2, trainings.size(), "the boosting and the blend's forest: " + trainings.keySet());
        trainings.forEach((member, n) -> assertEquals(3, n.get(), member + " trained once per fold"));

        // The same folds with the blend trained as one model (AveragingTrainer, scored as AveragedModels).
        List<List<Object>> rows = ModelTrainer.shuffled(split.train(), 42);
        List<RegressionScores> trained = new java.util.ArrayList<>();
        for (int fold = 0; fold < 3; fold++) {
            trained.add(CrossValidation.fold(table, SPEC, real.get(1).trainers(1), rows, 3, fold, 42, "t"));
        }
        AutoSelection.CandidateScore blend = s.candidates().get(1);
        assertEquals("blend", blend.name());
        assertEquals(CrossValidation.mean(trained, RegressionScores::r2), blend.r2Mean(), 1e-12);
        assertEquals(CrossValidation.mean(trained, RegressionScores::rmse), blend.rmseMean(), 1e-12);
        assertTrue(blend.r2Mean() != s.candidates().get(0).r2Mean(), "the blend is not its boosting member alone");
    }

    private static AutoSelection.Selection choose(Table table, List<List<Object>> train, double budget) {
        return AutoSelection.choose(table, train, SPEC, Candidate.autoCandidates(CFG), 3, 0, 100_000, budget, 42, "t", TrainingSteps.NONE,
                System::nanoTime);
    }
}
