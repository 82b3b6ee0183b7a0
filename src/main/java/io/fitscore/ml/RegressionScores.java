package io.fitscore.ml;

/** RMSE, MAE and R2 of predictions against known targets. */
public record RegressionScores(double rmse, double mae, double r2, int rows) {

    /** Computes the scores directly, e.g. for the mean-predictor baseline. */
    public static RegressionScores of(double[] actual, double[] predicted) {
        int n = actual.length;
        double mean = 0;
        for (double a : actual) {
            mean += a / n;
        }
        double se = 0;
        double ae = 0;
        double tss = 0;
        for (int i = 0; i < n; i++) {
            double d = actual[i] - predicted[i];
            se += d * d;
            ae += Math.abs(d);
            tss += (actual[i] - mean) * (actual[i] - mean);
        }
        return new RegressionScores(Math.sqrt(se / n), ae / n, tss == 0 ? 0 : 1 - se / tss, n);
    }
}
