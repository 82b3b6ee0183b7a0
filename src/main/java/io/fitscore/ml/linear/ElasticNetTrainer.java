package io.fitscore.ml.linear;

import java.util.Map;

import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.slm.SparseLinearModel;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;

import io.fitscore.ml.base.CountedTrainer;

/**
 * The elastic net, its penalty chosen by k-fold cross-validation on the rows it is given and only on those: one pass over
 * the rows sums each fold's {@link RowSums}, every fold's training part is the total minus the fold, and the whole penalty
 * path ({@link ElasticNetPath}) is solved and scored on each fold from those sums, so a choice among 50 penalties on 5 folds
 * costs two passes over the rows and a few hundred small solves. The penalty with the lowest held-out squared error then
 * trains on all the rows. Features are standardised on the rows being fitted; the model is Tribuo's
 * {@link SparseLinearModel} with its weights on the features' own scale and an intercept, so Tribuo predicts it, saves it
 * and carries its provenance (the penalty chosen under {@link #CHOSEN_PENALTY}).
 */
public final class ElasticNetTrainer extends CountedTrainer {

    /** The model provenance entry that holds the penalty chosen. */
    public static final String CHOSEN_PENALTY = "chosen-penalty";
    @Config(description = "The share of the penalty that is L1 (1: lasso, towards 0: ridge).")
    private double l1Ratio;
    @Config(description = "Folds of the inner cross-validation that chooses the penalty.")
    private int folds;
    @Config(description = "Penalties on the path, from the smallest that keeps every weight at zero downwards.")
    private int penalties;
    @Config(description = "The smallest penalty as a share of the largest.")
    private double smallestShare;
    @Config(description = "Seed of the inner folds.")
    private long seed;

    public ElasticNetTrainer(double l1Ratio, int folds, int penalties, double smallestShare, long seed) {
        if (!(l1Ratio > 0 && l1Ratio <= 1) || folds < 2 || penalties < 1 || !(smallestShare > 0 && smallestShare <= 1)) {
            throw new IllegalArgumentException("an L1 ratio in (0, 1], at least 2 folds and 1 penalty, and a share in (0, 1] are needed");
        }
        this.l1Ratio = l1Ratio;
        this.folds = folds;
        this.penalties = penalties;
        this.smallestShare = smallestShare;
        this.seed = seed;
    }

    @Override
    protected Model<Regressor> fit(Dataset<Regressor> data, Map<String, Provenance> runProvenance, int invocation) {
        StandardisedRows rows = StandardisedRows.of(data);
        int n = rows.count();
        int k = Math.min(folds, n);
        RowSums[] perFold = rows.sums(Math.max(1, k), seed);
        RowSums total = RowSums.total(perFold);
        ElasticNetPath whole = new ElasticNetPath(total, l1Ratio);
        double[] path = ElasticNetPath.penalties(whole.largestPenalty(), smallestShare, penalties);
        int best = k < 2 || whole.largestPenalty() == 0 ? 0 : bestOnFolds(perFold, total, path);
        for (int i = 0; i <= best; i++) {
            whole.solve(path[i]);
        }
        double[] weights = new double[rows.width()];
        double intercept = whole.unstandardised(weights);
        return rows.model(weights, intercept, getProvenance(), withChosen(runProvenance,
                new DoubleProvenance(CHOSEN_PENALTY, path[best])));
    }

    /**
     * Once the held-out error has stayed above its best for this many penalties in a row, the rest of the path (smaller
     * penalties still, which cost the most sweeps) is not solved: along a path of factors of 0.83, that is a penalty six
     * times smaller than the best, past the bottom of the error's curve.
     */
    static final int PATIENCE = 10;

    /**
     * The index of the path's penalty with the lowest squared error summed over the held-out folds (the larger penalty wins
     * a tie). The folds walk the path in step, so the walk can stop {@link #PATIENCE} penalties past the best.
     */
    private int bestOnFolds(RowSums[] perFold, RowSums total, double[] path) {
        ElasticNetPath[] fits = new ElasticNetPath[perFold.length];
        for (int f = 0; f < perFold.length; f++) {
            fits[f] = new ElasticNetPath(total.minus(perFold[f]), l1Ratio);
        }
        double[] weights = new double[total.features];
        int best = 0;
        double bestError = Double.POSITIVE_INFINITY;
        for (int i = 0; i < path.length && i - best <= PATIENCE; i++) {
            double error = 0;
            for (int f = 0; f < fits.length; f++) {
                fits[f].solve(path[i]);
                double intercept = fits[f].unstandardised(weights);
                error += perFold[f].squaredError(intercept, weights);
            }
            if (error < bestError) {
                best = i;
                bestError = error;
            }
        }
        return best;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "ElasticNetTrainer(l1Ratio=" + l1Ratio + ",folds=" + folds + ",penalties=" + penalties + ",smallestShare=" + smallestShare
                + ",seed=" + seed + ")";
    }
}
