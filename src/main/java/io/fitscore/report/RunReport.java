package io.fitscore.report;

import java.util.List;
import java.util.Map;

import io.fitscore.ml.AutoSelection;
import io.fitscore.drift.Drift;
import io.fitscore.ml.CrossValidation;
import io.fitscore.ml.PredictionInterval;
import io.fitscore.ml.RegressionScores;
import io.fitscore.spark.InputStats;
import io.fitscore.spark.SparkWork;

/** The content of metrics.json: what a run read, learnt, scored and wrote, and how long each stage took. */
public record RunReport(String fitscoreVersion, String runDate, String startedAt, String finishedAt, String output,
        String artifacts, String model, Rows rows, RegressionScores evaluation, RegressionScores baseline,
        CrossValidation.Result cv, Interval interval, Drift drift, Explanations explanations, Model trainer, AutoSelection.Selection modelSelection, Map<String, Double> seconds,
        SparkWork.Figures spark, Map<String, Object> config) implements JobReport {

    /** The trained model, the joined rows, and the holdout's R2 and RMSE. */
    @Override
    public Headline headline() {
        return new Headline(trainer.name(), rows.joined(),
                List.of(new Headline.Figure("R2", evaluation.r2()), new Headline.Figure("RMSE", evaluation.rmse())));
    }

    /**
     * The prediction interval the results carry: the coverage it is meant for, its half width (from out-of-fold residuals
     * of the training rows), and what it held of the holdout around the measured model's predictions.
     */
    public record Interval(double coverage, double halfWidth, double holdoutCoverage, double meanWidth, int holdoutRows,
            int calibrationRows, int folds) {

        public static Interval of(PredictionInterval calibrated, PredictionInterval.Measured holdout) {
            return new Interval(calibrated.coverage(), calibrated.halfWidth(), holdout.coverage(), holdout.meanWidth(), holdout.rows(),
                    calibrated.calibrationRows(), calibrated.folds());
        }
    }

    /**
     * Per-row explanations: how they are computed, whether the results carry them (top columns per row) and why not, and
     * each input column's mean absolute contribution over the holdout rows, largest first.
     */
    public record Explanations(String method, int top, boolean inResults, String leftOut, int holdoutRows, List<Column> columns) {

        /** One input column (or product of two) and its mean absolute contribution, in the target's units. */
        public record Column(String column, double meanAbsContribution) {
        }
    }

    /** Row counts from reading to scoring. */
    public record Rows(List<InputStats> inputs, long joined, long collected, boolean sampled, int train, int test, int trained,
            int unlabelled, long scored) {
    }

    /**
     * The trained model: the candidate's name, its trainer type and settings, what its trainer chose on the training split
     * (e.g. boosting rounds by early stopping), Tribuo's class, its size, and the portable files written beside model.tribuo.
     */
    public record Model(String name, String type, String settings, Map<String, Object> chosenInTraining, String tribuoClass, int features,
            List<String> portableFiles) {
    }
}
