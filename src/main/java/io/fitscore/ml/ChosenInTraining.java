package io.fitscore.ml;

import java.util.Map;
import java.util.TreeMap;

import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;

/**
 * What a trainer chose for itself on the rows it trained on (boosting's rounds by early stopping, the elastic net's
 * penalty by inner CV), read from the model's provenance, where such trainers record it under a {@code chosen-} key.
 */
public final class ChosenInTraining {

    static final String PREFIX = "chosen-";

    private ChosenInTraining() {
    }

    /** Name (without the prefix) to value, sorted; empty for a model whose trainer chose nothing. */
    public static Map<String, Object> of(Model<Regressor> model) {
        Map<String, Object> chosen = new TreeMap<>();
        for (Map.Entry<String, ? extends Provenance> e : model.getProvenance().getInstanceProvenance().getMap().entrySet()) {
            if (e.getKey().startsWith(PREFIX) && e.getValue() instanceof PrimitiveProvenance<?> p) {
                chosen.put(e.getKey().substring(PREFIX.length()), p.getValue());
            }
        }
        return chosen;
    }
}
