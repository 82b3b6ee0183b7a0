package io.fitscore.ml.linear;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Tribuo;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SparseVector;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.slm.SparseLinearModel;
import org.tribuo.regression.slm.protos.SparseLinearModelProto;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;

import io.fitscore.ml.base.CountedTrainer;
import io.fitscore.ml.base.SeededOrder;

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
    /**
     * At most this many features are fitted (the p×p sums of each fold grow with its square): beyond it, those with the
     * strongest correlation with the target on the rows given.
     */
    static final int MAX_FEATURES = 1_500;

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
        Rows rows = Rows.of(data);
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
        Map<String, Provenance> provenance = withChosen(runProvenance, new DoubleProvenance(CHOSEN_PENALTY, path[best]));
        return rows.model(data, weights, intercept,
                new ModelProvenance(SparseLinearModel.class.getName(), OffsetDateTime.now(), data.getProvenance(), getProvenance(), provenance));
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

    /**
     * The rows of a Tribuo dataset as this trainer fits them: each feature scaled by its deviation over all rows and,
     * when every row has it, centred on its mean (numbers near their mean keep the sums of squares exact; a feature
     * most rows lack stays 0 there, so a row costs the square of the features it has, not of all features).
     */
    private record Rows(Dataset<Regressor> data, int[] column, double[] centre, double[] scale, int width, double yCentre) {

        static Rows of(Dataset<Regressor> data) {
            ImmutableFeatureMap ids = data.getFeatureIDMap();
            int p = ids.size();
            int n = data.size();
            double[] count = new double[p];
            double[] sum = new double[p];
            double[] sumSquares = new double[p];
            double[] sumXy = new double[p];
            double ySum = 0;
            double yySum = 0;
            for (Example<Regressor> e : data) {
                double y = e.getOutput().getValues()[0];
                ySum += y;
                yySum += y * y;
                for (Feature f : e) {
                    int id = ids.getID(f.getName());
                    if (id >= 0) {
                        double v = f.getValue();
                        count[id]++;
                        sum[id] += v;
                        sumSquares[id] += v * v;
                        sumXy[id] += v * y;
                    }
                }
            }
            double yMean = ySum / Math.max(1, n);
            double[] centre = new double[p];
            double[] scale = new double[p];
            double[] strength = new double[p];
            double yVariance = Math.max(0, yySum / Math.max(1, n) - yMean * yMean);
            for (int j = 0; j < p; j++) {
                double mean = sum[j] / Math.max(1, n);
                double variance = Math.max(0, sumSquares[j] / Math.max(1, n) - mean * mean);
                scale[j] = variance > 0 ? Math.sqrt(variance) : 1;
                // Only a feature every row has is centred: an absent one stays 0 and costs nothing in the sums.
                centre[j] = count[j] == n ? mean : 0;
                double covariance = sumXy[j] / Math.max(1, n) - mean * yMean;
                strength[j] = variance > 0 && yVariance > 0 ? Math.abs(covariance) / Math.sqrt(variance * yVariance) : 0;
            }
            // Feature id -> column of the fit (-1: left out): every feature, or the strongest MAX_FEATURES in id order.
            int[] column = new int[p];
            int width = p;
            if (p > MAX_FEATURES) {
                double[] sorted = strength.clone();
                Arrays.sort(sorted);
                double threshold = sorted[p - MAX_FEATURES];
                width = 0;
                for (int j = 0; j < p; j++) {
                    column[j] = strength[j] >= threshold && width < MAX_FEATURES ? width++ : -1;
                }
            } else {
                for (int j = 0; j < p; j++) {
                    column[j] = j;
                }
            }
            return new Rows(data, column, centre, scale, width, yMean);
        }

        int count() {
            return data.size();
        }

        /** Each fold's sums, folds by a seeded shuffle of the rows (every k-th row of it). */
        RowSums[] sums(int k, long seed) {
            RowSums[] out = new RowSums[k];
            for (int f = 0; f < k; f++) {
                out[f] = new RowSums(width);
            }
            int n = data.size();
            int[] fold = new int[n];
            int[] order = SeededOrder.shuffled(n, seed);
            for (int i = 0; i < n; i++) {
                fold[order[i]] = i % k;
            }
            ImmutableFeatureMap ids = data.getFeatureIDMap();
            int[] index = new int[width];
            double[] value = new double[width];
            for (int r = 0; r < n; r++) {
                Example<Regressor> e = data.getExample(r);
                int used = 0;
                for (Feature f : e) {
                    int id = ids.getID(f.getName());
                    int c = id >= 0 ? column[id] : -1;
                    if (c >= 0) {
                        index[used] = c;
                        value[used++] = (f.getValue() - centre[id]) / scale[id];
                    }
                }
                sortByIndex(index, value, used);
                out[fold[r]].add(index, value, used, e.getOutput().getValues()[0] - yCentre);
            }
            for (RowSums s : out) {
                s.mirror();
            }
            return out;
        }

        /**
         * The Tribuo model of weights fitted on the transformed features: back on the features' own scale, with the
         * intercept as Tribuo's bias feature, and no scaling left for Tribuo to do (feature means 0, variances 1).
         */
        SparseLinearModel model(Dataset<Regressor> data, double[] fitted, double fittedIntercept, ModelProvenance provenance) {
            ImmutableFeatureMap ids = data.getFeatureIDMap();
            int p = ids.size();
            double intercept = fittedIntercept + yCentre;
            int active = 0;
            for (int j = 0; j < p; j++) {
                if (column[j] >= 0 && fitted[column[j]] != 0) {
                    active++;
                }
            }
            int[] index = new int[active + 1];
            double[] weight = new double[active + 1];
            int a = 0;
            for (int j = 0; j < p; j++) {
                if (column[j] >= 0 && fitted[column[j]] != 0) {
                    double w = fitted[column[j]] / scale[j];
                    index[a] = j;
                    weight[a++] = w;
                    intercept -= w * centre[j];
                }
            }
            index[active] = p; // Tribuo's bias feature
            weight[active] = intercept;
            DenseVector zeros = new DenseVector(p + 1);
            DenseVector ones = new DenseVector(p + 1, 1.0);
            String dimension = data.getOutputIDInfo().getOutput(0).getNames()[0];
            SparseLinearModelProto proto = SparseLinearModelProto.newBuilder()
                    .setMetadata(new ModelDataCarrier<>("elastic-net-model", provenance, ids, data.getOutputIDInfo(), false, Tribuo.VERSION)
                            .serialize())
                    .addDimensions(dimension)
                    .addWeights(SparseVector.createSparseVector(p + 1, index, weight).serialize())
                    .setFeatureMeans(zeros.serialize())
                    .setFeatureNorms(ones.serialize())
                    .setBias(true)
                    .addYMean(0)
                    .addYNorm(1)
                    .build();
            try {
                // Tribuo builds a SparseLinearModel only from its own trainers or from this form, as when it loads a saved model.
                return SparseLinearModel.deserializeFromProto(SparseLinearModel.CURRENT_VERSION, SparseLinearModel.class.getName(), Any.pack(proto));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("could not build the elastic net's Tribuo model", e);
            }
        }

        private static void sortByIndex(int[] index, double[] value, int used) {
            for (int i = 1; i < used; i++) {
                int ki = index[i];
                double kv = value[i];
                int j = i - 1;
                while (j >= 0 && index[j] > ki) {
                    index[j + 1] = index[j];
                    value[j + 1] = value[j];
                    j--;
                }
                index[j + 1] = ki;
                value[j + 1] = kv;
            }
        }
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
