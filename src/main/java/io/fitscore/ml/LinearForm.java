package io.fitscore.ml;

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
        double[] probes = new double[(width + 1) * width];
        for (int j = 0; j < width; j++) {
            probes[(j + 1) * width + j] = 1.0;
        }
        double[] out = new double[width + 1];
        BatchPredictor predictor = new TribuoExamples(model);
        try (BatchPredictor.Session session = predictor.open(1)) {
            session.predict(probes, width + 1, width, out);
        }
        double[] weights = new double[width];
        for (int j = 0; j < width; j++) {
            weights[j] = out[j + 1] - out[0];
        }
        return new LinearForm(out[0], weights);
    }
}
