package io.fitscore.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.tribuo.Trainer;
import org.tribuo.regression.Regressor;

import io.fitscore.ml.blend.AveragingTrainer;

/**
 * One way to train a model: a name, the concrete trainer type, its settings in words, the members whose
 * predictions it averages (one for a plain trainer), the threads it trains on, and the most and fewest training rows
 * it is worth comparing on. The configured trainer is one; {@code auto} compares several.
 */
public record Candidate(String name, String type, String settings, List<Member> members, int threads, int maxTrainingRows,
        int minTrainingRows) {

    /** Builds a fresh trainer once the fitted pipeline is known, training on the given number of threads. */
    @FunctionalInterface
    public interface Source {
        Trainer<Regressor> create(FeaturePipeline pipeline, int threads);
    }

    /**
     * One model a candidate averages. Members with equal keys train the same model from the same rows and
     * settings, so {@code auto} trains such a member once per fold for every candidate that holds it.
     */
    public record Member(String key, Source source) {
    }

    public Candidate {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("candidate " + name + " has no members");
        }
        members = List.copyOf(members);
    }

    /** A candidate for training splits of at most {@code maxTrainingRows} rows. */
    public Candidate(String name, String type, String settings, List<Member> members, int threads, int maxTrainingRows) {
        this(name, type, settings, members, threads, maxTrainingRows, 0);
    }

    /** A single-model candidate for training splits of any size, whose trainers choose their own threads. */
    public Candidate(String name, String type, String settings, ModelTrainer.TrainerSource trainers) {
        this(name, type, settings, List.of(new Member(name, (pipeline, threads) -> trainers.forPipeline(pipeline))), 1,
                Integer.MAX_VALUE);
    }

    /** Whether a training split of {@code rows} rows is within this candidate's limit. */
    public boolean accepts(int rows) {
        return rows >= minTrainingRows && rows <= maxTrainingRows;
    }

    /** The features this candidate's trainer is given, from the run's spec. */
    public FeatureSpec featureSpec(FeatureSpec base) {
        return TrainerFactory.featureSpec(type, base);
    }

    /** Fresh trainers on the candidate's threads. */
    public ModelTrainer.TrainerSource trainers() {
        return trainers(threads);
    }

    /** Fresh trainers on {@code trainingThreads} threads: the member's own, or their equal-weight average. */
    public ModelTrainer.TrainerSource trainers(int trainingThreads) {
        if (members.size() == 1) {
            Source only = members.get(0).source();
            return pipeline -> only.create(pipeline, trainingThreads);
        }
        return pipeline -> new AveragingTrainer(name, members.stream()
                .map(m -> (Supplier<Trainer<Regressor>>) () -> m.source().create(pipeline, trainingThreads)).toList());
    }

    /** The configured concrete trainer. */
    public static Candidate configured(TrainerType type, TrainerSettings cfg) {
        TrainerFactory.Configured configured = TrainerFactory.configured(type, cfg);
        String name = type.configName();
        return new Candidate(name, name, configured.settings(), List.of(new Member(name + " " + configured.settings(),
                (p, threads) -> configured.maker().make(p.numericFeatureNames(), threads))), TrainerFactory.threads(cfg), Integer.MAX_VALUE);
    }

    /** The candidate that averages the configured boosting and a forest. */
    public static final String BLEND = "blend";
    /**
     * The blend's forest: XGBoost's (histogram splits, all cores), as Tribuo's CART forest of the same size takes
     * several times as long for the same CV score. Its settings are the best of a 5x5 CV of the blend on the course
     * data over a grid of feature fractions, depths, tree counts and child weights (bench/course_quality.sh); the
     * score is flat around them.
     */
    static final int BLEND_FOREST_TREES = 400;
    static final int BLEND_FOREST_DEPTH = 12;
    static final double BLEND_FOREST_FEATURES = 0.15;
    static final double BLEND_FOREST_MIN_CHILD = 2;
    /**
     * The forest's splits each see at least this many features: the course's 0.15 of a table of eight features would be
     * one feature per split, a random split rather than a chosen one.
     */
    static final int BLEND_FOREST_LEAST_FEATURES = 7;

    /** The share of {@code features} each split of the blend's forest samples. */
    static double blendForestFeatures(int features) {
        return Math.min(1.0, Math.max(BLEND_FOREST_FEATURES, (double) BLEND_FOREST_LEAST_FEATURES / Math.max(1, features)));
    }

    /**
     * The boosting with capacity for large smooth data: deeper trees that see most features, learning ten times as fast
     * as the configured boosting, its rounds (at most {@code rounds}) chosen by early stopping on a share of the rows it
     * trains on, so that it stops where the noise of a course-like table begins.
     */
    public static final String DEEP = "xgboost-deep";
    static final BoostingSettings DEEP_BOOSTING = new BoostingSettings(1000, 8, 0.1, 0.8, 0.8, 3, 0, 1, 0);
    /** The early-stopped boostings hold out this share of the rows they are given to choose their rounds. */
    static final double EARLY_STOPPING_SHARE = 0.15;
    static final int DEEP_PATIENCE = 40;
    /**
     * Deep trees need rows to fill their leaves: below this many training rows it is not compared (it never won there,
     * and on the course data it would only lengthen the comparison); from it up it won the 20,000-row survey table.
     */
    static final int DEEP_LEAST_ROWS = 5_000;

    /**
     * The faster-learning boosting boosts until its held-out error stops improving, up to this many rounds: on a large
     * smooth table the configured 600 rounds stop short of what the data allow, on a small noisy one it stops early.
     */
    static final int FAST_MOST_ROUNDS = 3000;
    static final int FAST_PATIENCE = 50;

    /**
     * A forest of deep, barely pruned trees, each split choosing among most features: where many rows repeat the same
     * people or things (a panel survey's 20,000 person-years), such trees reach what boosting's shallow steps do not;
     * on the survey table it matched scikit-learn's default forest on the same folds, where the deep boosting fell
     * 0.03 R2 short. Compared from the deep boosting's row count up: on fewer rows its leaves hold single rows.
     */
    public static final String FOREST = "xgboost-forest";
    static final int FOREST_TREES = 300;
    static final int FOREST_DEPTH = 16;
    static final double FOREST_FEATURES = 0.6;
    static final double FOREST_MIN_CHILD = 1;

    /** Trees of the forest candidate in {@code auto}: enough to rank it, few enough to fit the budget. */
    static final int AUTO_FOREST_TREES = 100;

    /**
     * What {@code auto} compares, cheapest and most likely first. The configured boosting is strongly
     * regularised (slow learning, few features per tree), which suits noisy data with weak signal such as
     * the course's; a faster-learning boosting that sees most features suits strong smooth signal;
     * linear SGD suits linear signal; the forest (when listed) comes last and runs only if the budget
     * allows. The first listed always completes its CV.
     */
    public static List<Candidate> autoCandidates(TrainerSettings cfg) {
        List<Candidate> all = allAutoCandidates(cfg);
        List<Candidate> chosen = new ArrayList<>();
        for (String name : cfg.autoCandidates()) {
            all.stream().filter(c -> c.name().equals(name.strip())).findFirst().ifPresent(chosen::add);
        }
        return chosen;
    }


    private static List<Candidate> allAutoCandidates(TrainerSettings cfg) {
        BoostingSettings base = cfg.boosting();
        int threads = TrainerFactory.threads(cfg);
        List<Candidate> out = new ArrayList<>();
        Member boosting = boosting(base, cfg.seed());
        out.add(new Candidate("xgboost", "xgboost", base.toString(), List.of(boosting), threads, Integer.MAX_VALUE));
        BoostingSettings fast = base.withLearningRate(Math.min(1.0, base.learningRate() * 3))
                .withSampling(Math.max(base.subsample(), 0.7), Math.max(base.featureFraction(), 0.8));
        BoostingSettings fastMost = fast.withRounds(Math.max(fast.rounds(), FAST_MOST_ROUNDS));
        out.add(earlyStopped("xgboost-fast", fastMost, FAST_PATIENCE, threads, 0, cfg.seed()));
        out.add(earlyStopped(DEEP, DEEP_BOOSTING, DEEP_PATIENCE, threads, DEEP_LEAST_ROWS, cfg.seed()));
        String forestOfDeepTrees = "xgboost random forest (trees=" + FOREST_TREES + ", max_depth=" + FOREST_DEPTH
                + ", feature_fraction=" + FOREST_FEATURES + ", min_child_weight=" + FOREST_MIN_CHILD + ")";
        out.add(new Candidate(FOREST, "xgboost", forestOfDeepTrees, List.of(new Member(forestOfDeepTrees, (p, t) ->
                TrainerFactory.xgboostForest(FOREST_TREES, FOREST_DEPTH, FOREST_FEATURES, FOREST_MIN_CHILD, t, cfg.seed()))), threads,
                Integer.MAX_VALUE, DEEP_LEAST_ROWS));
        out.add(configured(TrainerType.LINEAR_SGD, cfg));
        out.add(configured(TrainerType.RIDGE, cfg));
        for (TrainerType linear : List.of(TrainerType.ELASTIC_NET, TrainerType.ELASTIC_NET_PAIRS)) {
            Candidate elasticNet = configured(linear, cfg);
            out.add(new Candidate(elasticNet.name(), elasticNet.type(), elasticNet.settings(), elasticNet.members(), elasticNet.threads(),
                    cfg.elasticNetMaxRows()));
        }
        int trees = Math.min(cfg.trees(), AUTO_FOREST_TREES);
        String forestSettings = TrainerFactory.forestSettings(cfg, trees);
        out.add(new Candidate("random-forest", "random-forest", forestSettings, List.of(new Member("random-forest " + forestSettings,
                (p, t) -> TrainerFactory.forest(cfg, trees, t))), threads, Integer.MAX_VALUE));
        String forest = "xgboost random forest (trees=" + BLEND_FOREST_TREES + ", max_depth=" + BLEND_FOREST_DEPTH
                + ", feature_fraction=" + BLEND_FOREST_FEATURES + " and at least " + BLEND_FOREST_LEAST_FEATURES
                + " features per split, min_child_weight=" + BLEND_FOREST_MIN_CHILD + ")";
        Member xgboostForest = new Member(forest, (p, t) -> TrainerFactory.xgboostForest(BLEND_FOREST_TREES, BLEND_FOREST_DEPTH,
                blendForestFeatures(p.featureNames().size()), BLEND_FOREST_MIN_CHILD, t, cfg.seed()));
        out.add(new Candidate(BLEND, BLEND, "mean of xgboost (" + base + ") and " + forest, List.of(boosting, xgboostForest), threads,
                cfg.blendMaxRows()));
        return out;
    }

    /** A boosting whose rounds (at most {@code b.rounds()}) are chosen by early stopping on its own training rows. */
    private static Candidate earlyStopped(String name, BoostingSettings b, int patience, int threads, int leastRows, long seed) {
        String settings = b + ", rounds by early stopping (" + Math.round(EARLY_STOPPING_SHARE * 100)
                + "% of the training rows held out, patience " + patience + ")";
        return new Candidate(name, "xgboost", settings, List.of(new Member("xgboost " + settings, (p, t) ->
                TrainerFactory.earlyStoppedXgboost(b, EARLY_STOPPING_SHARE, patience, t, seed))), threads, Integer.MAX_VALUE, leastRows);
    }

    private static Member boosting(BoostingSettings b, long seed) {
        return new Member("xgboost " + b, (p, threads) -> TrainerFactory.xgboost(b, threads, seed));
    }
}
