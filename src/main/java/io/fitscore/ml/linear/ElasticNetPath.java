package io.fitscore.ml.linear;

/**
 * The elastic net on one set of rows, solved by coordinate descent on their covariance (Friedman, Hastie and Tibshirani,
 * "Regularization Paths for Generalized Linear Models via Coordinate Descent", 2010, the covariance updates): it minimises
 * (1/2n)·Σ(y - ȳ - Σ w·z)² + λ·(α·|w|₁ + (1-α)/2·|w|²) over features z standardised on these rows, for penalties λ from the
 * smallest that keeps every weight at zero downwards, each solve starting from the last one's weights. After the p×p
 * covariance is formed, a sweep costs O(p) per weight that moves, whatever the number of rows.
 */
final class ElasticNetPath {

    /** A feature whose deviation on these rows is below this (in the trainer's scaled units) is left out. */
    private static final double CONSTANT = 1e-9;
    /**
     * Sweeps stop once no weight's move changes the fit's mean squared error by more than this share of the target's
     * variance (glmnet's rule: a move δ of a standardised feature's weight changes it by about δ²).
     */
    private static final double TOLERANCE = 1e-7;
    private static final int MAX_SWEEPS = 2_000;

    private final int p;
    private final double l1Ratio;
    private final double[] mean;
    private final double[] sd;
    private final double yMean;
    private final double ySd;
    /** The standardised covariance of the features (1 on the diagonal of a used feature), row-major. */
    private final double[] gram;
    /** The standardised covariance of each feature with the target. */
    private final double[] gramY;
    private final double[] weight;
    /** gramY - gram·weight, kept up to date as weights move. */
    private final double[] gradient;

    ElasticNetPath(RowSums sums, double l1Ratio) {
        this.p = sums.features;
        this.l1Ratio = l1Ratio;
        double n = sums.count;
        mean = new double[p];
        sd = new double[p];
        for (int j = 0; j < p; j++) {
            mean[j] = sums.x[j] / n;
        }
        yMean = sums.y / n;
        ySd = Math.sqrt(Math.max(0, sums.yy / n - yMean * yMean));
        for (int j = 0; j < p; j++) {
            double variance = sums.xx[j * p + j] / n - mean[j] * mean[j];
            sd[j] = variance > CONSTANT * CONSTANT ? Math.sqrt(variance) : 0;
        }
        gram = new double[p * p];
        gramY = new double[p];
        for (int j = 0; j < p; j++) {
            if (sd[j] == 0) {
                continue;
            }
            gramY[j] = (sums.xy[j] / n - mean[j] * yMean) / sd[j];
            for (int k = 0; k < p; k++) {
                if (sd[k] != 0) {
                    gram[j * p + k] = (sums.xx[j * p + k] / n - mean[j] * mean[k]) / (sd[j] * sd[k]);
                }
            }
        }
        weight = new double[p];
        gradient = gramY.clone();
    }

    /** The smallest penalty at which every weight is zero. */
    double largestPenalty() {
        double largest = 0;
        for (int j = 0; j < p; j++) {
            largest = Math.max(largest, Math.abs(gramY[j]));
        }
        return largest / l1Ratio;
    }

    /**
     * {@code count} penalties from {@code largest} down to {@code largest * smallestShare} by equal ratios, then 0: least
     * squares itself, which exact or nearly exact linear data choose.
     */
    static double[] penalties(double largest, double smallestShare, int count) {
        double[] out = new double[count + 1];
        for (int i = 0; i < count; i++) {
            out[i] = largest * Math.pow(smallestShare, count == 1 ? 0 : (double) i / (count - 1));
        }
        return out;
    }

    /** Solves at {@code penalty}, starting from the current weights (the previous, larger penalty's solution). */
    void solve(double penalty) {
        double l1 = penalty * l1Ratio;
        double shrink = 1 + penalty * (1 - l1Ratio);
        double tolerance = Math.sqrt(TOLERANCE) * Math.max(ySd, Double.MIN_NORMAL);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double largestMove = 0;
            for (int j = 0; j < p; j++) {
                if (sd[j] == 0) {
                    continue;
                }
                double old = weight[j];
                double z = gradient[j] + old;
                double updated = Math.signum(z) * Math.max(Math.abs(z) - l1, 0) / shrink;
                if (updated != old) {
                    double move = updated - old;
                    weight[j] = updated;
                    for (int k = 0; k < p; k++) {
                        gradient[k] -= gram[k * p + j] * move;
                    }
                    largestMove = Math.max(largestMove, Math.abs(move));
                }
            }
            if (largestMove < tolerance) {
                return;
            }
        }
    }

    /** The current solution on the rows' own scale: weights per unit of each feature, into {@code out}; returns the intercept. */
    double unstandardised(double[] out) {
        double intercept = yMean;
        for (int j = 0; j < p; j++) {
            out[j] = sd[j] == 0 ? 0 : weight[j] / sd[j];
            intercept -= out[j] * mean[j];
        }
        return intercept;
    }
}
