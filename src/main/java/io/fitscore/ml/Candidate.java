package io.fitscore.ml;

import java.util.ArrayList;
import java.util.List;

import io.fitscore.config.FitscoreConfig;

/**
 * One way to train a model: a name, the concrete trainer type, its settings in words, and a source of
 * fresh trainers. The configured trainer is one; {@code auto} compares several.
 */
public record Candidate(String name, String type, String settings, ModelTrainer.TrainerSource trainers) {

    /** Whether the target must be standardised for this candidate's trainer. */
    public boolean standardiseTarget() {
        return TrainerFactory.needsStandardisedTarget(type);
    }

    /** The configured concrete trainer. */
    public static Candidate configured(String type, FitscoreConfig.Trainer cfg) {
        return new Candidate(type, type, describe(type, cfg), p -> TrainerFactory.create(type, cfg, p.numericFeatureNames()));
    }

    /**
     * What {@code auto} compares, cheapest and most likely first: the configured boosting, linear SGD, a
     * deeper and a shallower boosting, and the configured forest. The first always completes its CV.
     */
    public static List<Candidate> autoCandidates(FitscoreConfig.Trainer cfg) {
        BoostingSettings base = BoostingSettings.from(cfg.boosting());
        int threads = TrainerFactory.threads(cfg);
        List<Candidate> out = new ArrayList<>();
        out.add(boosting("xgboost", base, threads, cfg.seed()));
        out.add(configured("linear-sgd", cfg));
        out.add(boosting("xgboost-deep", base.withTrees(base.rounds(), base.maxDepth() + 2, base.learningRate())
                .withMinChildWeight(base.minChildWeight() * 2), threads, cfg.seed()));
        out.add(boosting("xgboost-shallow", base.withTrees(base.rounds() * 2, Math.max(1, base.maxDepth() - 2), base.learningRate()),
                threads, cfg.seed()));
        out.add(configured("random-forest", cfg));
        return out;
    }

    static Candidate boosting(String name, BoostingSettings b, int threads, long seed) {
        return new Candidate(name, "xgboost", b.toString(), p -> TrainerFactory.xgboost(b, threads, seed));
    }

    private static String describe(String type, FitscoreConfig.Trainer cfg) {
        return switch (type) {
            case "xgboost" -> BoostingSettings.from(cfg.boosting()).toString();
            case "random-forest" -> "trees=" + cfg.trees() + ", max_depth=" + cfg.maxDepth() + ", feature_fraction="
                    + cfg.featureFraction() + ", min_child_weight=" + cfg.minChildWeight();
            case "cart" -> "max_depth=" + cfg.maxDepth() + ", min_child_weight=" + cfg.minChildWeight();
            case "linear-sgd" -> "epochs=" + cfg.epochs() + ", learning_rate=" + cfg.learningRate();
            default -> "";
        };
    }
}
