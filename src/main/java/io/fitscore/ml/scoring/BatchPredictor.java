package io.fitscore.ml.scoring;

import java.io.Serializable;

/**
 * A trained model reduced to what scoring needs: many rows of primitive features in, one prediction per
 * row out, in the model's own units. Shipped to Spark executors; each task opens its own session.
 */
public interface BatchPredictor extends Serializable {

    /** The value of a feature a row does not have: 0 for Tribuo's sparse models, NaN (missing) for XGBoost. */
    double absent();

    /** Per-thread state (buffers, native handles); {@code threads} bounds the native threads it may use. */
    Session open(int threads);

    /** Scores batches; not shared between threads. */
    interface Session extends AutoCloseable {
        /** Predicts {@code rows} rows stored row-major in {@code features} ({@code width} per row) into {@code out}. */
        void predict(double[] features, int rows, int width, double[] out);

        @Override
        default void close() {
        }
    }
}
