package io.fitscore.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Seeded, optionally repeated k-fold cross-validation: every fold refits the feature pipeline and a fresh
 * trainer on the other folds; each repeat reshuffles with its own seed.
 */
public final class CrossValidation {

    /** Per-fold scores of all repeats, with means and standard deviations over all of them. */
    public record Result(int folds, int repeats, double r2Mean, double r2Sd, double rmseMean, double rmseSd, double maeMean,
            List<RegressionScores> perFold) {

        static Result of(int folds, int repeats, List<RegressionScores> scores) {
            return new Result(folds, repeats, mean(scores, RegressionScores::r2), sd(scores, RegressionScores::r2),
                    mean(scores, RegressionScores::rmse), sd(scores, RegressionScores::rmse), mean(scores, RegressionScores::mae),
                    List.copyOf(scores));
        }
    }

    private CrossValidation() {
    }

    /**
     * k-fold CV of the labelled rows of a table, repeated, one fit after another.
     *
     * @param steps told before each fold, e.g. to stop an interrupted run (a fold's training cannot be interrupted)
     */
    public static Result run(Table table, FeatureSpec spec, ModelTrainer.TrainerSource trainers, int folds, int repeats, long seed,
            String description, TrainingSteps steps) {
        return run(table, spec, new Candidate("cv", "", "", trainers), folds, repeats, seed, description, steps);
    }

    /**
     * k-fold CV of the labelled rows of a table, repeated; the fits of all repeats run side by side on the
     * candidate's threads, each trainer on its share of them. The scores do not depend on the threads' timing.
     *
     * @param steps told before each fold, e.g. to stop an interrupted run (a fold's training cannot be interrupted)
     */
    public static Result run(Table table, FeatureSpec spec, Candidate candidate, int folds, int repeats, long seed, String description,
            TrainingSteps steps) {
        List<List<Object>> labelled = ModelTrainer.labelled(table, spec.target());
        int k = Math.min(folds, labelled.size());
        List<List<List<Object>>> shuffles = new ArrayList<>();
        for (int repeat = 0; repeat < repeats; repeat++) {
            shuffles.add(ModelTrainer.shuffled(labelled, seed + repeat));
        }
        int total = repeats * k;
        int workers = Math.max(1, Math.min(candidate.threads(), total));
        ModelTrainer.TrainerSource trainers = candidate.trainers(Math.max(1, candidate.threads() / workers));
        List<RegressionScores> scores = ParallelFits.run(total, workers, (next, finished) -> {
            steps.next("repeat " + (next / k + 1) + " of " + repeats + ", fold " + (next % k + 1) + " of " + k, next, total);
            return true;
        }, fit -> fold(table, spec, trainers, shuffles.get(fit / k), k, fit % k, seed,
                description + " repeat " + (fit / k + 1) + " fold " + (fit % k + 1)));
        return Result.of(k, repeats, scores);
    }

    /** Trains on all folds but one of already shuffled rows and scores the held-out fold. */
    static RegressionScores fold(Table table, FeatureSpec spec, ModelTrainer.TrainerSource trainers, List<List<Object>> rows, int k,
            int fold, long seed, String description) {
        Partition p = Partition.of(rows, k, fold);
        ModelTrainer.Fitted fitted = ModelTrainer.fit(table, p.train(), spec, trainers, seed, description);
        return ModelTrainer.evaluate(fitted, table, p.held(), description);
    }

    /** Fold {@code fold} of k of already shuffled rows (every k-th row from the fold's own) held out, the rest to train on. */
    record Partition(List<List<Object>> train, List<List<Object>> held) {

        static Partition of(List<List<Object>> rows, int k, int fold) {
            List<List<Object>> train = new ArrayList<>();
            List<List<Object>> held = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                (i % k == fold ? held : train).add(rows.get(i));
            }
            return new Partition(train, held);
        }
    }

    static double mean(List<RegressionScores> scores, ToDoubleFunction<RegressionScores> metric) {
        return scores.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    static double sd(List<RegressionScores> scores, ToDoubleFunction<RegressionScores> metric) {
        if (scores.size() < 2) {
            return 0;
        }
        double m = mean(scores, metric);
        double ss = scores.stream().mapToDouble(s -> (metric.applyAsDouble(s) - m) * (metric.applyAsDouble(s) - m)).sum();
        return Math.sqrt(ss / (scores.size() - 1));
    }
}
