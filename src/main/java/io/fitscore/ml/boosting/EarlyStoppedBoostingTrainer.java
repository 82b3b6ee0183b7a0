package io.fitscore.ml.boosting;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.Regressor;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import io.fitscore.ml.base.CountedTrainer;
import io.fitscore.ml.base.SeededOrder;

/**
 * XGBoost whose number of rounds is chosen by early stopping: a seeded share of the rows it is given is held out,
 * boosting runs on the rest until the held-out RMSE has not improved for {@code patience} rounds (or the most rounds),
 * and the rounds with the lowest held-out RMSE then train the model on all the rows. Only the rows given are ever
 * seen, so inside a CV fold or on the training split the test rows never choose the rounds. The rounds chosen are in
 * the model's provenance ({@link #CHOSEN_ROUNDS}, beside XGBoost's own {@code numTrees}).
 */
public final class EarlyStoppedBoostingTrainer extends CountedTrainer {

    /** The model provenance entry that holds the rounds chosen. */
    public static final String CHOSEN_ROUNDS = "chosen-rounds";
    /** Fewer held-out rows than this say nothing about the rounds; the trainer then boosts {@code patience} rounds. */
    static final int MIN_VALIDATION_ROWS = 10;

    private final Map<String, Object> parameters;
    private final IntFunction<Trainer<Regressor>> withRounds;
    private final int mostRounds;
    private final double validationShare;
    private final int patience;
    private final long seed;
    private volatile int lastChosen;

    /**
     * @param parameters XGBoost's parameters of the boosting (objective, trees, threads, seed), as the final trainer has them
     * @param withRounds the final trainer: the same boosting for the given number of rounds
     * @param validationShare the share of the given rows held out to choose the rounds
     * @param patience rounds without a better held-out RMSE after which boosting stops
     */
    public EarlyStoppedBoostingTrainer(Map<String, Object> parameters, IntFunction<Trainer<Regressor>> withRounds, int mostRounds,
            double validationShare, int patience, long seed) {
        if (mostRounds < 1 || patience < 1 || !(validationShare > 0 && validationShare < 1)) {
            throw new IllegalArgumentException("early stopping needs rounds and patience of at least 1 and a validation share in (0, 1)");
        }
        this.parameters = new LinkedHashMap<>(parameters);
        this.withRounds = withRounds;
        this.mostRounds = mostRounds;
        this.validationShare = validationShare;
        this.patience = patience;
        this.seed = seed;
    }

    /** The rounds the last training chose (0 before any). */
    public int lastChosenRounds() {
        return lastChosen;
    }

    @Override
    protected Model<Regressor> fit(Dataset<Regressor> data, Map<String, Provenance> runProvenance, int invocation) {
        int rounds = chooseRounds(data);
        lastChosen = rounds;
        return withRounds.apply(rounds).train(data, withChosen(runProvenance, new IntProvenance(CHOSEN_ROUNDS, rounds)));
    }

    /** The rounds with the lowest RMSE on the held-out share of {@code data}, boosted on the rest. */
    int chooseRounds(Dataset<Regressor> data) {
        int n = data.size();
        int held = (int) Math.round(n * validationShare);
        if (held < MIN_VALIDATION_ROWS || n - held < MIN_VALIDATION_ROWS) {
            return Math.min(patience, mostRounds);
        }
        int[] order = SeededOrder.shuffled(n, seed);
        ImmutableFeatureMap features = data.getFeatureIDMap();
        DMatrix fitOn = null;
        DMatrix heldOut = null;
        Booster probe = null;
        try {
            fitOn = matrix(data, order, held, n, features);
            heldOut = matrix(data, order, 0, held, features);
            Map<String, Object> p = new LinkedHashMap<>(parameters);
            p.put("eval_metric", "rmse");
            // Round by round here, not XGBoost.train's own early stopping, which prints every round's score to stdout.
            probe = XGBoost.train(fitOn, p, 0, Map.of(), null, null);
            DMatrix[] watched = {heldOut};
            String[] names = {"validation"};
            float[] score = new float[1];
            float[] rmse = new float[mostRounds];
            Arrays.fill(rmse, Float.NaN);
            int best = 0;
            for (int round = 0; round < mostRounds && round - best <= patience; round++) {
                probe.update(fitOn, round);
                probe.evalSet(watched, names, round, score);
                rmse[round] = score[0];
                if (score[0] < rmse[best]) {
                    best = round;
                }
            }
            return bestRounds(rmse);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost early stopping failed: " + e.getMessage(), e);
        } finally {
            if (probe != null) {
                probe.dispose();
            }
            if (fitOn != null) {
                fitOn.dispose();
            }
            if (heldOut != null) {
                heldOut.dispose();
            }
        }
    }

    /** 1 + the round of the lowest RMSE among those run (NaN: not run); the earlier round wins a tie. */
    static int bestRounds(float[] rmsePerRound) {
        int best = 0;
        for (int i = 1; i < rmsePerRound.length && !Float.isNaN(rmsePerRound[i]); i++) {
            if (rmsePerRound[i] < rmsePerRound[best]) {
                best = i;
            }
        }
        return best + 1;
    }

    /** Rows {@code order[from..to)} as a dense matrix in the dataset's feature ids: an absent feature is missing (NaN), as in Tribuo's sparse rows. */
    private static DMatrix matrix(Dataset<Regressor> data, int[] order, int from, int to, ImmutableFeatureMap features) throws XGBoostError {
        int rows = to - from;
        int width = features.size();
        float[] values = new float[rows * width];
        float[] labels = new float[rows];
        Arrays.fill(values, Float.NaN);
        for (int r = 0; r < rows; r++) {
            Example<Regressor> example = data.getExample(order[from + r]);
            for (Feature f : example) {
                int id = features.getID(f.getName());
                if (id >= 0) {
                    values[r * width + id] = (float) f.getValue();
                }
            }
            labels[r] = (float) example.getOutput().getValues()[0];
        }
        DMatrix m = new DMatrix(values, rows, width, Float.NaN);
        m.setLabel(labels);
        return m;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return withRounds.apply(mostRounds).getProvenance();
    }

    @Override
    public String toString() {
        return "EarlyStoppedBoostingTrainer(most rounds=" + mostRounds + ", validation share=" + validationShare + ", patience=" + patience
                + ", " + parameters + ")";
    }
}
