package io.fitscore.ml;

import java.util.List;

/**
 * The trainers' settings as plain values (Tribuo's trainers are configured by constructor): the forest's, CART's
 * and linear SGD's, the configured boosting, and what {@code auto} compares and within which bounds.
 */
public record TrainerSettings(int threads, int trees, int maxDepth, float featureFraction, float minChildWeight, double learningRate,
        int epochs, long maxSgdSteps, long seed, BoostingSettings boosting, List<String> autoCandidates, int autoFolds,
        int autoBudgetSeconds, int autoMaxRows, int blendMaxRows, int autoRepeatBelowRows, int elasticNetMaxRows) {

    public TrainerSettings {
        autoCandidates = List.copyOf(autoCandidates);
    }
}
