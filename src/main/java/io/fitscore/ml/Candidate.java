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

    /** Trees of the forest candidate in {@code auto}: enough to rank it, few enough to fit the budget. */
    static final int AUTO_FOREST_TREES = 100;

    /**
     * What {@code auto} compares, cheapest and most likely first. The configured boosting is strongly
     * regularised (slow learning, few features per tree), which suits noisy data with weak signal such as
     * the course's; a faster-learning boosting that sees most features suits strong smooth signal;
     * linear SGD suits linear signal; the forest (when listed) comes last and runs only if the budget
     * allows. The first listed always completes its CV.
     */
    public static List<Candidate> autoCandidates(FitscoreConfig.Trainer cfg) {
        List<Candidate> all = allAutoCandidates(cfg);
        List<Candidate> chosen = new ArrayList<>();
        for (String name : cfg.autoCandidates()) {
            all.stream().filter(c -> c.name().equals(name.strip())).findFirst().ifPresent(chosen::add);
        }
        return chosen;
    }


    private static List<Candidate> allAutoCandidates(FitscoreConfig.Trainer cfg) {
        BoostingSettings base = BoostingSettings.from(cfg.boosting());
        int threads = TrainerFactory.threads(cfg);
        List<Candidate> out = new ArrayList<>();
        out.add(boosting("xgboost", base, threads, cfg.seed()));
        out.add(boosting("xgboost-fast", base.withLearningRate(Math.min(1.0, base.learningRate() * 3))
                .withSampling(Math.max(base.subsample(), 0.7), Math.max(base.featureFraction(), 0.8)), threads, cfg.seed()));
        out.add(configured("linear-sgd", cfg));
        int trees = Math.min(cfg.trees(), AUTO_FOREST_TREES);
        out.add(new Candidate("random-forest", "random-forest", forestSettings(cfg, trees), p -> TrainerFactory.forest(cfg, trees)));
        return out;
    }

    static Candidate boosting(String name, BoostingSettings b, int threads, long seed) {
        return new Candidate(name, "xgboost", b.toString(), p -> TrainerFactory.xgboost(b, threads, seed));
    }

    private static String forestSettings(FitscoreConfig.Trainer cfg, int trees) {
        return "trees=" + trees + ", max_depth=" + cfg.maxDepth() + ", feature_fraction=" + cfg.featureFraction()
                + ", min_child_weight=" + cfg.minChildWeight();
    }

    private static String describe(String type, FitscoreConfig.Trainer cfg) {
        return switch (type) {
            case "xgboost" -> BoostingSettings.from(cfg.boosting()).toString();
            case "random-forest" -> forestSettings(cfg, cfg.trees());
            case "cart" -> "max_depth=" + cfg.maxDepth() + ", min_child_weight=" + cfg.minChildWeight();
            case "linear-sgd" -> "epochs=" + cfg.epochs() + ", learning_rate=" + cfg.learningRate();
            default -> "";
        };
    }
}
