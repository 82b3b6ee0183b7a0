package io.fitscore.ml.linear;

import java.util.Map;

import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.slm.SparseLinearModel;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;

import io.fitscore.ml.base.CountedTrainer;

/**
 * Ridge regression on standardised features, its penalty chosen along a path by generalised cross-validation (GCV: the
 * rotation-invariant form of leave-one-out, which on a few dozen rows is far steadier than a k-fold split of them). One
 * pass over the rows sums x·xᵀ, x·y and y²; one eigendecomposition of the centred p×p covariance then gives, for every
 * penalty, the weights, the residual sum of squares and the effective degrees of freedom in O(p) each, so the whole path
 * costs as much as one least-squares solve. The intercept is not penalised. The model is Tribuo's
 * {@link SparseLinearModel}, with the penalty chosen in its provenance under {@link ElasticNetTrainer#CHOSEN_PENALTY}.
 */
public final class RidgeTrainer extends CountedTrainer {

    @Config(description = "Penalties on the path, evenly spaced on a log scale.")
    private int penalties;
    @Config(description = "The smallest penalty per training row (features standardised).")
    private double smallestPerRow;
    @Config(description = "The largest penalty per training row.")
    private double largestPerRow;

    public RidgeTrainer(int penalties, double smallestPerRow, double largestPerRow) {
        if (penalties < 2 || !(smallestPerRow > 0) || !(largestPerRow > smallestPerRow)) {
            throw new IllegalArgumentException("at least 2 penalties and 0 < smallest < largest are needed");
        }
        this.penalties = penalties;
        this.smallestPerRow = smallestPerRow;
        this.largestPerRow = largestPerRow;
    }

    @Override
    protected Model<Regressor> fit(Dataset<Regressor> data, Map<String, Provenance> runProvenance, int invocation) {
        StandardisedRows rows = StandardisedRows.of(data);
        RowSums sums = rows.total();
        int p = rows.width();
        double n = sums.count;
        double[] mean = new double[p];
        for (int j = 0; j < p; j++) {
            mean[j] = sums.x[j] / n;
        }
        double yMean = sums.y / n;
        double[][] covariance = new double[p][p];
        double[] cross = new double[p];
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                // Filled once per pair: the eigendecomposition takes only an exactly symmetric matrix.
                covariance[i][j] = sums.xx[i * p + j] - n * mean[i] * mean[j];
                covariance[j][i] = covariance[i][j];
            }
            cross[i] = sums.xy[i] - n * mean[i] * yMean;
        }
        double totalSquares = Math.max(0, sums.yy - n * yMean * yMean);
        Spectrum spectrum = p == 0 ? new Spectrum(new double[0], new double[0][0]) : Spectrum.of(covariance);
        double[] projected = spectrum.project(cross);

        double bestPenalty = Double.NaN;
        double bestScore = Double.POSITIVE_INFINITY;
        double step = Math.log(largestPerRow / smallestPerRow) / (penalties - 1);
        for (int i = 0; i < penalties; i++) {
            double penalty = n * smallestPerRow * Math.exp(step * i);
            double score = gcv(spectrum.values(), projected, totalSquares, n, penalty);
            if (score < bestScore) {
                bestScore = score;
                bestPenalty = penalty;
            }
        }
        if (Double.isNaN(bestPenalty)) {
            bestPenalty = n * largestPerRow; // fewer rows than degrees of freedom at every penalty: the strongest
        }
        double[] weights = spectrum.solve(projected, bestPenalty);
        double intercept = yMean;
        for (int j = 0; j < p; j++) {
            intercept -= mean[j] * weights[j];
        }
        return rows.model(weights, intercept, getProvenance(), withChosen(runProvenance,
                new DoubleProvenance(ElasticNetTrainer.CHOSEN_PENALTY, bestPenalty)));
    }

    /**
     * GCV(λ) = n·RSS(λ) / (n − df(λ) − 1)², with, in the covariance's eigenbasis (eigenvalues d, the centred x·y
     * projected b): RSS = Σ(y−ȳ)² − Σ b²(2/(d+λ) − d/(d+λ)²) and df = Σ d/(d+λ) (the intercept's one degree on top).
     * Infinite when the fit leaves no degree of freedom.
     */
    static double gcv(double[] values, double[] projected, double totalSquares, double n, double penalty) {
        double rss = totalSquares;
        double df = 1;
        for (int j = 0; j < values.length; j++) {
            double d = values[j];
            double inverse = 1 / (d + penalty);
            double b2 = projected[j] * projected[j];
            rss -= b2 * (2 * inverse - d * inverse * inverse);
            df += d * inverse;
        }
        double left = n - df;
        return left <= 0 ? Double.POSITIVE_INFINITY : n * Math.max(0, rss) / (left * left);
    }

    /** A symmetric matrix's eigenvalues (negative rounding clamped to 0) and eigenvectors (the columns of {@code vectors}). */
    record Spectrum(double[] values, double[][] vectors) {

        static Spectrum of(double[][] symmetric) {
            int p = symmetric.length;
            DenseMatrix.EigenDecomposition eigen = DenseMatrix.createDenseMatrix(symmetric).eigenDecomposition()
                    .orElseThrow(() -> new IllegalStateException("the covariance is not symmetric"));
            double[] values = new double[p];
            double[][] vectors = new double[p][p];
            DenseMatrix v = eigen.eigenvectors();
            for (int j = 0; j < p; j++) {
                values[j] = Math.max(0, eigen.eigenvalues().get(j));
                for (int i = 0; i < p; i++) {
                    vectors[i][j] = v.get(i, j);
                }
            }
            return new Spectrum(values, vectors);
        }

        /** Vᵀ·c. */
        double[] project(double[] c) {
            int p = values.length;
            double[] out = new double[p];
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int i = 0; i < p; i++) {
                    s += vectors[i][j] * c[i];
                }
                out[j] = s;
            }
            return out;
        }

        /** The ridge weights V·diag(1/(d+λ))·b. */
        double[] solve(double[] projected, double penalty) {
            int p = values.length;
            double[] out = new double[p];
            for (int j = 0; j < p; j++) {
                double scaled = projected[j] / (values[j] + penalty);
                for (int i = 0; i < p; i++) {
                    out[i] += vectors[i][j] * scaled;
                }
            }
            return out;
        }
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "RidgeTrainer(penalties=" + penalties + ",smallestPerRow=" + smallestPerRow + ",largestPerRow=" + largestPerRow + ")";
    }
}
