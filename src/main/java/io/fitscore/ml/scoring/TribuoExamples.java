package io.fitscore.ml.scoring;

import java.util.ArrayList;
import java.util.List;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Any other Tribuo model (linear SGD behind its feature transformations): each row becomes an example
 * built from the model's own feature names by index, and Tribuo predicts the batch.
 */
public final class TribuoExamples implements BatchPredictor {

    private static final long serialVersionUID = 1L;

    private final Model<Regressor> model;
    private final String[] names;

    public TribuoExamples(Model<Regressor> model) {
        this.model = model;
        names = new String[model.getFeatureIDMap().size()];
        for (int id = 0; id < names.length; id++) {
            names[id] = model.getFeatureIDMap().get(id).getName();
        }
    }

    @Override
    public double absent() {
        return Double.NaN;
    }

    @Override
    public Session open(int threads) {
        return (x, rows, width, out) -> {
            List<Example<Regressor>> examples = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                ArrayExample<Regressor> example = new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR);
                for (int j = 0; j < width; j++) {
                    double v = x[r * width + j];
                    if (!Double.isNaN(v)) {
                        example.add(names[j], v);
                    }
                }
                examples.add(example);
            }
            List<Prediction<Regressor>> predictions = model.predict(examples);
            for (int r = 0; r < rows; r++) {
                out[r] = predictions.get(r).getOutput().getValues()[0];
            }
        };
    }
}
