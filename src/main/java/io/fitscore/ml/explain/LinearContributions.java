package io.fitscore.ml.explain;

import java.util.Arrays;

/**
 * A linear model's exact contributions: weight times the feature's distance from its training mean. That is the
 * coefficient of the standardised feature times the row's standardised value, and the Shapley value of a linear model
 * with independent features. The base value is the prediction at the training means.
 */
public final class LinearContributions implements Contributions {

    private static final long serialVersionUID = 1L;

    private final double[] weights;
    private final double[] means;
    private final double baseValue;

    /**
     * @param weights the model's weight per feature
     * @param intercept its prediction with every feature 0
     * @param means each feature's mean over the training rows (absent counted as 0)
     */
    public LinearContributions(double[] weights, double intercept, double[] means) {
        if (weights.length != means.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + means.length + " means");
        }
        this.weights = weights.clone();
        this.means = means.clone();
        double base = intercept;
        for (int j = 0; j < weights.length; j++) {
            base += weights[j] * means[j];
        }
        this.baseValue = base;
    }

    @Override
    public String method() {
        return "weight times distance from the training mean (exact for a linear model)";
    }

    @Override
    public double nanosPerRow() {
        return weights.length;
    }

    @Override
    public double absent() {
        return 0.0;
    }

    @Override
    public Session open() {
        return (features, rows, width, out) -> {
            Arrays.fill(out, 0, rows * (width + 1), 0.0);
            for (int r = 0; r < rows; r++) {
                int in = r * width;
                int at = r * (width + 1);
                for (int j = 0; j < width; j++) {
                    if (weights[j] != 0) {
                        out[at + j] = weights[j] * (features[in + j] - means[j]);
                    }
                }
                out[at + width] = baseValue;
            }
        };
    }
}
