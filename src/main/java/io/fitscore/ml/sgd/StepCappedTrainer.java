package io.fitscore.ml.sgd;

import java.util.Map;
import java.util.function.IntFunction;

import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.Regressor;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;

import io.fitscore.ml.base.CountedTrainer;

/**
 * An SGD trainer whose passes over the data shrink as the data grows: at most a fixed number of steps (rows
 * times epochs) in all, at least one pass. Past a few hundred thousand steps more passes barely move a linear
 * model, while every pass costs a full sweep on one core. The trained model's provenance records the epochs
 * actually run; each training builds a fresh trainer, as fitscore trains every model with a fresh one.
 */
public final class StepCappedTrainer extends CountedTrainer {

    private final IntFunction<Trainer<Regressor>> withEpochs;
    private final int epochs;
    private final long maxSteps;

    /** @param withEpochs a fresh trainer making the given number of passes */
    public StepCappedTrainer(IntFunction<Trainer<Regressor>> withEpochs, int epochs, long maxSteps) {
        this.withEpochs = withEpochs;
        this.epochs = epochs;
        this.maxSteps = maxSteps;
    }

    /** The passes over {@code rows} rows: the configured epochs, fewer once they exceed {@code maxSteps} steps, at least one. */
    public static int epochs(int configured, long maxSteps, int rows) {
        if (rows <= 0) {
            return configured;
        }
        long fitting = (maxSteps + rows - 1) / rows;
        return (int) Math.max(1, Math.min(configured, fitting));
    }

    @Override
    protected Model<Regressor> fit(Dataset<Regressor> data, Map<String, Provenance> runProvenance, int invocation) {
        return withEpochs.apply(epochs(epochs, maxSteps, data.size())).train(data, runProvenance);
    }

    @Override
    public TrainerProvenance getProvenance() {
        return withEpochs.apply(epochs).getProvenance();
    }

    @Override
    public String toString() {
        return "StepCappedTrainer(epochs=" + epochs + ",maxSteps=" + maxSteps + "," + withEpochs.apply(epochs) + ")";
    }
}
