package io.fitscore.ml.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.tribuo.Model;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.regression.Regressor;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A Tribuo XGBoost regression model scored a batch at a time: one dense native matrix per batch (absent
 * features are NaN, XGBoost's missing, as in Tribuo's sparse rows) instead of one matrix per row. The
 * booster travels as bytes and each session loads its own, so tasks never share a native handle.
 */
public final class XGBoostBatch implements BatchPredictor {

    private static final long serialVersionUID = 1L;

    private final byte[] booster;

    private XGBoostBatch(byte[] booster) {
        this.booster = booster;
    }

    /** The batch form of a single-output Tribuo XGBoost model, or null for any other model. */
    public static XGBoostBatch of(Model<Regressor> model) {
        return isSingleBooster(model) ? new XGBoostBatch(boosterBytes(model, null)) : null;
    }

    /** Whether {@code model} is a Tribuo XGBoost model of one output, hence one booster (checked without copying it). */
    public static boolean isSingleBooster(Model<Regressor> model) {
        return model instanceof XGBoostModel<Regressor> && model.getOutputIDInfo().size() == 1;
    }

    /**
     * The booster of a model {@link #isSingleBooster} saved in {@code format} ({@code "json"}, {@code "ubj"}, or null for
     * XGBoost's default), from a copy that is released at once: Tribuo hands out only copies, each a native model.
     */
    public static byte[] boosterBytes(Model<Regressor> model, String format) {
        Booster copy = singleBooster(model);
        try {
            return format == null ? copy.toByteArray() : copy.toByteArray(format);
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot copy the XGBoost booster: " + e.getMessage(), e);
        } finally {
            copy.dispose();
        }
    }

    /**
     * A copy of the one booster of a single-output Tribuo XGBoost model (the caller disposes of it), or null for any
     * other model.
     */
    public static Booster singleBooster(Model<Regressor> model) {
        if (!isSingleBooster(model)) {
            return null;
        }
        // Asked once: each call copies every booster.
        List<Booster> copies = ((XGBoostModel<Regressor>) model).getInnerModels();
        if (copies.size() == 1) {
            return copies.get(0);
        }
        copies.forEach(Booster::dispose);
        return null;
    }

    private Booster load(int threads) {
        try {
            Booster b = XGBoost.loadModel(booster);
            b.setParam("nthread", Math.max(1, threads));
            return b;
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot load the XGBoost booster: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public double absent() {
        return Double.NaN;
    }

    @Override
    public Session open(int threads) {
        Booster loaded = load(threads);
        return new Session() {
            private float[] buffer = new float[0];

            @Override
            public void predict(double[] features, int rows, int width, double[] out) {
                int n = rows * width;
                if (buffer.length != n) {
                    buffer = new float[n];
                }
                for (int i = 0; i < n; i++) {
                    buffer[i] = (float) features[i];
                }
                DMatrix matrix = null;
                try {
                    matrix = new DMatrix(buffer, rows, width, Float.NaN);
                    float[][] predictions = loaded.predict(matrix);
                    for (int r = 0; r < rows; r++) {
                        out[r] = predictions[r][0];
                    }
                } catch (XGBoostError e) {
                    throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
                } finally {
                    if (matrix != null) {
                        matrix.dispose();
                    }
                }
            }

            @Override
            public void close() {
                loaded.dispose();
            }
        };
    }
}
