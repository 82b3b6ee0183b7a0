package io.fitscore.ml;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.tribuo.Model;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDModel;
import org.tribuo.regression.slm.SparseLinearModel;

import com.oracle.labs.mlrg.olcut.util.Pair;

/** The features a trained model leans on most, by the measure its kind of model offers. */
public record FeatureImportance(String measure, List<String> features, double[] values) {

    /**
     * The top {@code n} features: boosted trees by total gain (XGBoost's own figure); linear models by the size of each
     * feature's coefficient on the standardised feature (|weight| times the feature's deviation over the training rows,
     * so that a feature's units do not decide its rank), without the intercept, which is no feature; other models by
     * Tribuo's {@code getTopFeatures} (split counts for trees).
     *
     * @param deviations each feature's deviation over the training rows, asked only for a linear model
     */
    public static FeatureImportance of(Model<Regressor> model, int n, Supplier<Map<String, Double>> deviations) {
        if (model instanceof XGBoostModel<?> boosted && !boosted.getFeatureImportance().isEmpty()) {
            Map<String, Double> gain = boosted.getFeatureImportance().get(0).getTotalGain(n);
            return new FeatureImportance("total gain (XGBoost)", List.copyOf(gain.keySet()),
                    gain.values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (model instanceof WeightedEnsembleModel<Regressor> blend && blend.getModels().get(0) instanceof XGBoostModel<?>) {
            // A blend: the boosted member's gain, which says what the trees of both members lean on most alike.
            FeatureImportance boosted = of(blend.getModels().get(0), n, deviations);
            return new FeatureImportance("total gain (XGBoost, the blend's boosted member)", boosted.features(), boosted.values());
        }
        Map<String, List<Pair<String, Double>>> top = model.getTopFeatures(linear(model) ? -1 : n + 1);
        if (top == null || top.isEmpty()) {
            return new FeatureImportance("none offered by " + model.getClass().getSimpleName(), List.of(), new double[0]);
        }
        List<Pair<String, Double>> weights = top.values().iterator().next().stream().filter(p -> !Model.BIAS_FEATURE.equals(p.getA())).toList();
        String measure = "Tribuo getTopFeatures (" + model.getClass().getSimpleName() + ")";
        if (linear(model)) {
            Map<String, Double> deviation = deviations.get();
            weights = weights.stream().map(p -> new Pair<>(p.getA(), Math.abs(p.getB()) * deviation.getOrDefault(p.getA(), 0.0)))
                    .sorted(Comparator.comparingDouble((Pair<String, Double> p) -> p.getB()).reversed()).toList();
            measure = "|coefficient| of the standardised feature (" + model.getClass().getSimpleName() + ")";
        }
        weights = weights.subList(0, Math.min(n, weights.size()));
        return new FeatureImportance(measure, weights.stream().map(Pair::getA).toList(),
                weights.stream().mapToDouble(p -> Math.abs(p.getB())).toArray());
    }

    private static boolean linear(Model<Regressor> model) {
        return model instanceof SparseLinearModel || model instanceof LinearSGDModel;
    }
}
