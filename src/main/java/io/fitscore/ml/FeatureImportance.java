package io.fitscore.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tribuo.Model;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;

import com.oracle.labs.mlrg.olcut.util.Pair;

/** The features a trained model leans on most, by the measure its kind of model offers. */
public record FeatureImportance(String measure, List<String> features, double[] values) {

    /**
     * The top {@code n} features: boosted trees by total gain (XGBoost's own figure); other models by
     * Tribuo's {@code getTopFeatures} (split counts for trees, absolute weights for linear models).
     */
    public static FeatureImportance of(Model<Regressor> model, int n) {
        if (model instanceof XGBoostModel<?> boosted && !boosted.getFeatureImportance().isEmpty()) {
            Map<String, Double> gain = boosted.getFeatureImportance().get(0).getTotalGain(n);
            return new FeatureImportance("total gain (XGBoost)", List.copyOf(gain.keySet()),
                    gain.values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (model instanceof WeightedEnsembleModel<Regressor> blend && blend.getModels().get(0) instanceof XGBoostModel<?>) {
            // A blend: the boosted member's gain, which says what the trees of both members lean on most alike.
            FeatureImportance boosted = of(blend.getModels().get(0), n);
            return new FeatureImportance("total gain (XGBoost, the blend's boosted member)", boosted.features(), boosted.values());
        }
        Map<String, List<Pair<String, Double>>> top = model.getTopFeatures(n);
        if (top == null || top.isEmpty()) {
            return new FeatureImportance("none offered by " + model.getClass().getSimpleName(), List.of(), new double[0]);
        }
        List<Pair<String, Double>> first = top.values().iterator().next();
        List<String> names = new ArrayList<>();
        double[] values = new double[first.size()];
        for (int i = 0; i < first.size(); i++) {
            names.add(first.get(i).getA());
            values[i] = Math.abs(first.get(i).getB());
        }
        return new FeatureImportance("Tribuo getTopFeatures (" + model.getClass().getSimpleName() + ")", names, values);
    }
}
