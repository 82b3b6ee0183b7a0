package io.fitscore.ml;

import java.util.ArrayList;
import java.util.List;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.fitscore.json.JsonDocuments;
import io.fitscore.ml.scoring.XGBoostBatch;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A model's XGBoost boosters in XGBoost's own UBJSON format, which any XGBoost (Python, R, C, JVM) loads without Tribuo:
 * the booster of a boosted model, or each member of the blend, whose prediction is their mean. Each carries, as the
 * attribute {@link #FEATURES}, its input features' names in column order (a JSON array, as features.json's pipeline
 * names them), and reads a feature a row does not have as missing (NaN).
 */
public final class PortableBoosters {

    /** The booster attribute holding the feature names, in the order of the booster's columns. */
    public static final String FEATURES = "fitscore_features";

    private PortableBoosters() {
    }

    /** The UBJSON bytes of each booster, in member order; empty for a model with no XGBoost in it. */
    public static List<byte[]> of(Model<Regressor> model) {
        List<Model<Regressor>> members = model instanceof WeightedEnsembleModel<Regressor> ensemble ? ensemble.getModels() : List.of(model);
        List<byte[]> out = new ArrayList<>();
        for (Model<Regressor> member : members) {
            Booster booster = XGBoostBatch.singleBooster(member);
            if (booster == null) {
                return List.of();
            }
            out.add(ubj(booster, member.getFeatureIDMap()));
        }
        return out;
    }

    private static byte[] ubj(Booster booster, ImmutableFeatureMap features) {
        // Tribuo hands out a copy: the attribute goes on it, never on the model's own booster.
        try {
            booster.setAttr(FEATURES, featureNames(features));
            return booster.toByteArray("ubj");
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot write the XGBoost booster as UBJSON: " + e.getMessage(), e);
        } finally {
            booster.dispose();
        }
    }

    /** The features' names in id order as a JSON array: the value of {@link #FEATURES}. */
    static String featureNames(ImmutableFeatureMap features) {
        List<String> names = new ArrayList<>();
        for (int id = 0; id < features.size(); id++) {
            names.add(features.get(id).getName());
        }
        try {
            return JsonDocuments.MAPPER.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
