package io.fitscore.ml.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;

/**
 * An averaged ensemble of whole models (fitscore's {@code blend}: boosting beside a forest) scored by each
 * member's own batch predictor and combined with {@link AveragingCombiner}'s weighted running mean, step for
 * step, so the result matches Tribuo's {@code predict} to the bit when the members' predictors do.
 */
public final class AveragedModels implements BatchPredictor {

    private static final long serialVersionUID = 1L;

    private final List<BatchPredictor> members;
    private final float[] weights;

    private AveragedModels(List<BatchPredictor> members, float[] weights) {
        this.members = List.copyOf(members);
        this.weights = weights;
    }

    /**
     * The averaged form of an ensemble whose members {@code memberPredictor} can all score in the ensemble's
     * feature space with one convention for absent features, or null (scored by Tribuo itself then).
     */
    public static AveragedModels of(Model<Regressor> model, Function<Model<Regressor>, BatchPredictor> memberPredictor) {
        if (!(model instanceof WeightedEnsembleModel<Regressor> ensemble)) {
            return null;
        }
        float[] weights = FlatTrees.averagingWeights(ensemble);
        if (weights == null) {
            return null;
        }
        List<BatchPredictor> predictors = new ArrayList<>();
        for (Model<Regressor> member : ensemble.getModels()) {
            BatchPredictor predictor = sameFeatures(member.getFeatureIDMap(), model.getFeatureIDMap()) ? memberPredictor.apply(member) : null;
            if (predictor == null || (!predictors.isEmpty() && !sameAbsent(predictors.get(0), predictor))) {
                return null;
            }
            predictors.add(predictor);
        }
        return new AveragedModels(predictors, weights);
    }

    /** Whether two feature maps name the same features under the same ids. */
    public static boolean sameFeatures(ImmutableFeatureMap member, ImmutableFeatureMap ensemble) {
        if (member.size() != ensemble.size()) {
            return false;
        }
        for (int id = 0; id < member.size(); id++) {
            if (!member.get(id).getName().equals(ensemble.get(id).getName())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAbsent(BatchPredictor a, BatchPredictor b) {
        return Double.compare(a.absent(), b.absent()) == 0;
    }

    @Override
    public double absent() {
        return members.get(0).absent();
    }

    @Override
    public Session open(int threads) {
        List<Session> sessions = new ArrayList<>();
        for (BatchPredictor member : members) {
            sessions.add(member.open(threads));
        }
        return new Session() {
            private double[] memberOut = new double[0];

            @Override
            public void predict(double[] features, int rows, int width, double[] out) {
                if (memberOut.length < rows) {
                    memberOut = new double[rows];
                }
                Arrays.fill(out, 0, rows, 0.0);
                double weightSum = 0;
                for (int m = 0; m < sessions.size(); m++) {
                    sessions.get(m).predict(features, rows, width, memberOut);
                    float w = weights[m];
                    weightSum += w;
                    double share = w / weightSum;
                    for (int r = 0; r < rows; r++) {
                        out[r] += share * (memberOut[r] - out[r]);
                    }
                }
            }

            @Override
            public void close() {
                for (Session session : sessions) {
                    session.close();
                }
            }
        };
    }
}
