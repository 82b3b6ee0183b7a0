package io.fitscore.ml.explain;

import java.io.Serializable;

/**
 * A trained model reduced to what explaining it needs: many rows of primitive features in (laid out as for its batch
 * predictor), per row one contribution per feature and the base value out, in the model's own units, such that the base
 * plus the contributions is the model's prediction. Shipped to Spark executors; each task opens its own session.
 */
public interface Contributions extends Serializable {

    /** The value of a feature a row does not have: 0 for a linear model, NaN (missing) for XGBoost. */
    double absent();

    /** How the contributions are computed, in words. */
    String method();

    /** Estimated nanoseconds of one core to explain one row: what the explanation budget is checked against. */
    double nanosPerRow();

    /** Per-thread state: path buffers and the like. */
    Session open();

    /** Explains batches; not shared between threads. */
    interface Session {
        /**
         * Writes {@code rows} rows' contributions into {@code out}: row r's contribution of feature j at
         * {@code r * (width + 1) + j} and its base value at {@code r * (width + 1) + width}.
         */
        void contributions(double[] features, int rows, int width, double[] out);
    }
}
