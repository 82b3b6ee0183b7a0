package io.fitscore.ml;

import java.util.ArrayList;
import java.util.List;

/** Seeded k-fold cross-validation: every fold refits the feature pipeline and a fresh trainer on the other folds. */
public final class CrossValidation {

    /** Per-fold scores and their means. */
    public record Result(int folds, double r2Mean, double rmseMean, double maeMean, List<RegressionScores> perFold) {
    }

    private CrossValidation() {
    }

    /**
     * @param betweenFolds runs before each fold, e.g. to stop an interrupted run (a fold's training cannot be interrupted)
     */
    public static Result run(Table table, FeatureSpec spec, ModelTrainer.TrainerSource trainers, int folds, long seed,
            String description, Runnable betweenFolds) {
        List<List<Object>> rows = ModelTrainer.shuffled(ModelTrainer.labelled(table, spec.target()), seed);
        int k = Math.min(folds, rows.size());
        List<RegressionScores> scores = new ArrayList<>();
        for (int fold = 0; fold < k; fold++) {
            betweenFolds.run();
            List<List<Object>> train = new ArrayList<>();
            List<List<Object>> held = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                (i % k == fold ? held : train).add(rows.get(i));
            }
            ModelTrainer.Fitted fitted = ModelTrainer.fit(table, train, spec, trainers, seed, description + " fold " + (fold + 1));
            scores.add(ModelTrainer.evaluate(fitted, table, held, description + " fold " + (fold + 1)));
        }
        return new Result(k, scores.stream().mapToDouble(RegressionScores::r2).average().orElse(Double.NaN),
                scores.stream().mapToDouble(RegressionScores::rmse).average().orElse(Double.NaN),
                scores.stream().mapToDouble(RegressionScores::mae).average().orElse(Double.NaN), scores);
    }
}
