package io.fitscore.testing;

import java.util.Optional;
import java.util.Set;

import org.tribuo.Trainer;
import org.tribuo.regression.Regressor;

import io.fitscore.ml.FeatureSpec;
import io.fitscore.ml.TrainerFactory;
import io.fitscore.ml.TrainerSettings;
import io.fitscore.ml.TrainerType;

/** Trainers and feature specs as the tests build them: the settings' threads, and a plain spec. */
public final class TestTrainers {

    private TestTrainers() {
    }

    /** The trainer of {@code type} on the settings' threads (0: every core). */
    public static Trainer<Regressor> create(String type, TrainerSettings cfg, Set<String> numericFeatures) {
        return TrainerFactory.create(TrainerType.parse(type), cfg, numericFeatures, TrainerFactory.threads(cfg));
    }

    /** The plain spec: nothing log-transformed or target-encoded, no level limit. */
    public static FeatureSpec basicSpec(String target, Optional<String> keyColumn, Set<String> excluded, Set<String> multiValued,
            String separator, int minLevelCount) {
        return new FeatureSpec(target, keyColumn, excluded, multiValued, separator, minLevelCount, Set.of(), false, Set.of(), 10,
                Integer.MAX_VALUE, false);
    }
}
