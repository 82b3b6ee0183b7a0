package io.fitscore.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A split-conformal prediction interval: {@code prediction ± halfWidth} holds the target with probability at least
 * {@code coverage} for a new row like the training rows. The half width is a finite-sample quantile of the absolute
 * out-of-fold residuals of the training rows: each residual is of a model that did not see its row, as the stored model
 * has not seen a row it scores. Those models train on a share of the rows the stored one trains on, so their errors
 * are if anything larger and the interval errs on the wide side.
 *
 * @param coverage the share of rows the interval is meant to hold, in (0, 1)
 * @param halfWidth how far either side of the prediction the interval reaches
 * @param calibrationRows the out-of-fold residuals the half width was taken from
 * @param folds the folds that made them
 */
public record PredictionInterval(double coverage, double halfWidth, int calibrationRows, int folds) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Folds of the out-of-fold residuals: each model trains on 80% of the training rows. */
    public static final int FOLDS = 5;
    /**
     * At most this many training rows (a seeded sample above it) are calibrated on: the 90% quantile of 20,000 residuals
     * is known to well under 1% of itself, and five fits on more rows would only lengthen the run.
     */
    public static final int MOST_ROWS = 20_000;

    /**
     * The interval from absolute out-of-fold residuals already at hand ({@code auto}'s comparison of the chosen candidate),
     * so the run fits nothing more for it.
     */
    public static PredictionInterval of(double[] absoluteResiduals, double coverage, int folds) {
        return new PredictionInterval(coverage, halfWidth(absoluteResiduals, coverage), absoluteResiduals.length, folds);
    }

    /** How the interval did on rows it was not calibrated on. */
    public record Measured(double coverage, double meanWidth, int rows) {
    }

    /**
     * The smallest absolute residual r with at least {@code ceil((n + 1) coverage)} of the n residuals at or below it:
     * the conformal quantile that holds a new exchangeable row with probability at least {@code coverage}; infinite when
     * there are too few residuals for it.
     */
    public static double halfWidth(double[] absoluteResiduals, double coverage) {
        int n = absoluteResiduals.length;
        int rank = (int) Math.ceil((n + 1) * coverage);
        if (rank > n) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = absoluteResiduals.clone();
        Arrays.sort(sorted);
        return sorted[rank - 1];
    }

    /**
     * Calibrates the interval of {@code candidate} on out-of-fold residuals of {@code trainRows} (at most {@link #MOST_ROWS},
     * seeded): {@code auto}'s comparison of that one candidate over {@link #FOLDS} folds, which keeps exactly those residuals.
     *
     * @param spec the run's features, before the candidate's own ({@link Candidate#featureSpec}), as {@code auto} takes them
     */
    public static PredictionInterval calibrate(Table table, List<List<Object>> trainRows, FeatureSpec spec, Candidate candidate,
            double coverage, long seed, String description) {
        AutoSelection.Selection folds = AutoSelection.choose(table, trainRows, spec, List.of(candidate), FOLDS, 0, MOST_ROWS,
                Double.POSITIVE_INFINITY, seed, description + " interval", TrainingSteps.NONE, System::nanoTime);
        return of(folds.chosenResiduals(), coverage, folds.folds());
    }

    /** The share of {@code actual} within the interval around {@code predicted}, and the interval's mean width. */
    public Measured measure(double[] actual, double[] predicted) {
        int inside = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs(actual[i] - predicted[i]) <= halfWidth) {
                inside++;
            }
        }
        return new Measured(actual.length == 0 ? Double.NaN : (double) inside / actual.length, 2 * halfWidth, actual.length);
    }

    public double lower(double prediction) {
        return prediction - halfWidth;
    }

    public double upper(double prediction) {
        return prediction + halfWidth;
    }
}
