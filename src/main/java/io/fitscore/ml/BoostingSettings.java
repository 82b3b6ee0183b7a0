package io.fitscore.ml;


/**
 * One XGBoost configuration (histogram tree method), immutable; the configured one and the variants that
 * {@code auto} compares are all values of this.
 */
public record BoostingSettings(int rounds, int maxDepth, double learningRate, double subsample, double featureFraction,
        double minChildWeight, double l1, double l2, double gamma) {

    public BoostingSettings withLearningRate(double newLearningRate) {
        return new BoostingSettings(rounds, maxDepth, newLearningRate, subsample, featureFraction, minChildWeight, l1, l2, gamma);
    }

    public BoostingSettings withRounds(int newRounds) {
        return new BoostingSettings(newRounds, maxDepth, learningRate, subsample, featureFraction, minChildWeight, l1, l2, gamma);
    }

    public BoostingSettings withSampling(double newSubsample, double newFeatureFraction) {
        return new BoostingSettings(rounds, maxDepth, learningRate, newSubsample, newFeatureFraction, minChildWeight, l1, l2, gamma);
    }
}
