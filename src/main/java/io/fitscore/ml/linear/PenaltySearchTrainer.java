package io.fitscore.ml.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.dataset.DatasetView;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.Regressor;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;

import io.fitscore.ml.base.CountedTrainer;
import io.fitscore.ml.base.SeededOrder;

/**
 * A regularised linear trainer whose penalty is chosen by k-fold cross-validation on the rows it is given, and only
 * on those: each penalty of a geometric grid is fitted on k-1 folds and scored (squared error) on the last, and the
 * penalty with the lowest mean error trains the model on all the rows. The folds are seeded, so the choice is
 * repeatable; the returned model's provenance names the trainer with the penalty chosen.
 */
public final class PenaltySearchTrainer extends CountedTrainer {

    /** The model provenance entry that holds the penalty chosen. */
    public static final String CHOSEN_PENALTY = "chosen-penalty";

    private final DoubleFunction<Trainer<Regressor>> withPenalty;
    private final double[] penalties;
    private final int folds;
    private final long seed;
    private volatile double lastChosen = Double.NaN;

    /**
     * @param withPenalty a fresh trainer with the given penalty
     * @param penalties the grid, any order
     * @param folds folds of the inner cross-validation (fewer when there are fewer rows)
     */
    public PenaltySearchTrainer(DoubleFunction<Trainer<Regressor>> withPenalty, double[] penalties, int folds, long seed) {
        if (penalties.length == 0 || folds < 2) {
            throw new IllegalArgumentException("a penalty grid and at least 2 folds are needed");
        }
        this.withPenalty = withPenalty;
        this.penalties = penalties.clone();
        this.folds = folds;
        this.seed = seed;
    }

    /** {@code count} penalties from {@code largest} down by equal ratios to {@code largest / ratio}. */
    public static double[] geometricGrid(double largest, double ratio, int count) {
        double[] grid = new double[count];
        for (int i = 0; i < count; i++) {
            grid[i] = largest * Math.pow(ratio, -(double) i / Math.max(1, count - 1));
        }
        return grid;
    }

    /** The penalty the last training chose (NaN before any). */
    public double lastChosenPenalty() {
        return lastChosen;
    }

    @Override
    protected Model<Regressor> fit(Dataset<Regressor> data, Map<String, Provenance> runProvenance, int invocation) {
        double chosen = choose(data);
        lastChosen = chosen;
        return withPenalty.apply(chosen).train(data, withChosen(runProvenance, new DoubleProvenance(CHOSEN_PENALTY, chosen)));
    }

    /** The penalty with the lowest mean held-out squared error over the seeded folds of {@code data}. */
    double choose(Dataset<Regressor> data) {
        int n = data.size();
        int k = Math.min(folds, n);
        if (k < 2) {
            return Arrays.stream(penalties).max().orElseThrow();
        }
        int[] order = SeededOrder.shuffled(n, seed);
        double[] error = new double[penalties.length];
        for (int fold = 0; fold < k; fold++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (i % k == fold ? test : train).add(order[i]);
            }
            DatasetView<Regressor> fitOn = new DatasetView<>(data, train.stream().mapToInt(Integer::intValue).toArray(), "penalty-fit-" + fold);
            List<Example<Regressor>> heldOut = test.stream().map(data::getExample).toList();
            for (int p = 0; p < penalties.length; p++) {
                Model<Regressor> model = withPenalty.apply(penalties[p]).train(fitOn);
                List<Prediction<Regressor>> predicted = model.predict(heldOut);
                for (int i = 0; i < heldOut.size(); i++) {
                    double diff = predicted.get(i).getOutput().getValues()[0] - heldOut.get(i).getOutput().getValues()[0];
                    error[p] += diff * diff;
                }
            }
        }
        int best = 0;
        for (int p = 1; p < penalties.length; p++) {
            // The larger penalty wins a tie: the simpler model.
            if (error[p] < error[best] || error[p] == error[best] && penalties[p] > penalties[best]) {
                best = p;
            }
        }
        return penalties[best];
    }

    @Override
    public TrainerProvenance getProvenance() {
        return withPenalty.apply(penalties[0]).getProvenance();
    }

    @Override
    public String toString() {
        return "PenaltySearchTrainer(penalties=" + Arrays.toString(penalties) + ",folds=" + folds + ",seed=" + seed + ")";
    }
}
