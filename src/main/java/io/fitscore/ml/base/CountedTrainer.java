package io.fitscore.ml.base;

import java.util.HashMap;
import java.util.Map;

import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.regression.Regressor;

import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;

/**
 * What fitscore's own Tribuo trainers share: the invocation count Tribuo's contract asks for (a given count replaces
 * the trainer's own, then every training advances it by one). A trainer says only how it fits.
 */
public abstract class CountedTrainer implements Trainer<Regressor> {

    private int invocations;

    /** Trains on {@code data}; {@code invocation} is the count before this training (a seed may depend on it). */
    protected abstract Model<Regressor> fit(Dataset<Regressor> data, Map<String, Provenance> runProvenance, int invocation);

    @Override
    public final Model<Regressor> train(Dataset<Regressor> data, Map<String, Provenance> runProvenance) {
        return train(data, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public final synchronized Model<Regressor> train(Dataset<Regressor> data, Map<String, Provenance> runProvenance, int invocationCount) {
        if (invocationCount != INCREMENT_INVOCATION_COUNT) {
            invocations = invocationCount;
        }
        return fit(data, runProvenance, invocations++);
    }

    @Override
    public final int getInvocationCount() {
        return invocations;
    }

    @Override
    public final synchronized void setInvocationCount(int count) {
        invocations = count;
    }

    /** The run's provenance plus a value the trainer chose while training, so the model records it under its key. */
    protected static Map<String, Provenance> withChosen(Map<String, Provenance> runProvenance, PrimitiveProvenance<?> chosen) {
        Map<String, Provenance> provenance = new HashMap<>(runProvenance);
        provenance.put(chosen.getKey(), chosen);
        return provenance;
    }
}
