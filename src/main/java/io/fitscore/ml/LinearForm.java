package io.fitscore.ml;

import java.util.Arrays;

import org.tribuo.Model;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDModel;
import org.tribuo.regression.slm.SparseLinearModel;
import org.tribuo.transform.TransformedModel;

import io.fitscore.ml.scoring.BatchPredictor;
import io.fitscore.ml.scoring.TribuoExamples;

/**
 * A linear model as its intercept and one weight per model feature (by feature id), in the model's target units:
 * what the explainer and the ONNX export both need, whatever scaling the model applies inside.
 */
record LinearForm(double intercept, double[] weights) {

    /** Unit vectors predicted per call. */
    private static final int PROBES = 256;

    /** A linear model, or one behind per-feature affine transformations (the SGD trainer's standardising), still linear. */
    static boolean applies(Model<Regressor> model) {
        return model instanceof SparseLinearModel || model instanceof LinearSGDModel
                || model instanceof TransformedModel<Regressor> transformed && applies(transformed.getInnerModel());
    }

    /**
     * The form of a model {@link #applies} to, read by predicting it: its prediction at 0 is the intercept and at each
     * unit vector the intercept plus that weight.
     */
    static LinearForm of(Model<Regressor> model) {
        int width = model.getFeatureIDMap().size();
        double[] weights = new double[width];
        double intercept;
        BatchPredictor predictor = new TribuoExamples(model);
        try (BatchPredictor.Session session = predictor.open(1)) {
            double[] out = new double[PROBES];
            session.predict(new double[width], 1, width, out);
            intercept = out[0];
            // Unit vectors a block at a time: a block of all of them would be width x width doubles.
            double[] probes = new double[PROBES * width];
            for (int start = 0; start < width; start += PROBES) {
                int rows = Math.min(PROBES, width - start);
                Arrays.fill(probes, 0.0);
                for (int r = 0; r < rows; r++) {
                    probes[r * width + start + r] = 1.0;
                }
                session.predict(probes, rows, width, out);
                for (int r = 0; r < rows; r++) {
                    weights[start + r] = out[r] - intercept;
                }
            }
        }
        return new LinearForm(intercept, weights);
    }
}
