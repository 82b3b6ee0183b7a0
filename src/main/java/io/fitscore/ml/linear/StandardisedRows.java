package io.fitscore.ml.linear;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;

import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Tribuo;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.SparseVector;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.slm.SparseLinearModel;
import org.tribuo.regression.slm.protos.SparseLinearModelProto;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;

import io.fitscore.ml.base.SeededOrder;

/**
 * The rows of a Tribuo dataset as the linear trainers fit them: each feature scaled by its deviation over all rows and,
 * when every row has it, centred on its mean (numbers near their mean keep the sums of squares exact; a feature
 * most rows lack stays 0 there, so a row costs the square of the features it has, not of all features).
 */
record StandardisedRows(Dataset<Regressor> data, int[] column, double[] centre, double[] scale, int width, double yCentre) {

    /**
     * At most this many features are fitted (the p×p sums of each fold grow with its square): beyond it, those with the
     * strongest correlation with the target on the rows given.
     */
    static final int MAX_FEATURES = 1_500;

    static StandardisedRows of(Dataset<Regressor> data) {
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
        return new StandardisedRows(data, column, centre, scale, width, yMean);
    }

    int count() {
        return data.size();
    }

    /** The sums over all the rows, for a fit that needs no folds. */
    RowSums total() {
        return sums(1, 0)[0];
    }

    /** Each fold's sums, folds by a seeded shuffle of the rows (every k-th row of it); one fold needs no shuffle. */
    RowSums[] sums(int k, long seed) {
        RowSums[] out = new RowSums[k];
        for (int f = 0; f < k; f++) {
            out[f] = new RowSums(width);
        }
        int n = data.size();
        int[] fold = new int[n];
        if (k > 1) {
            int[] order = SeededOrder.shuffled(n, seed);
            for (int i = 0; i < n; i++) {
                fold[order[i]] = i % k;
            }
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
     * intercept as Tribuo's bias feature, and no scaling left for Tribuo to do (feature means 0, variances 1); its
     * provenance is the trainer's and the run's, with what the trainer chose.
     */
    SparseLinearModel model(double[] fitted, double fittedIntercept, TrainerProvenance trainer, Map<String, Provenance> instance) {
        ModelProvenance provenance = new ModelProvenance(SparseLinearModel.class.getName(), OffsetDateTime.now(), data.getProvenance(),
                trainer, instance);
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
