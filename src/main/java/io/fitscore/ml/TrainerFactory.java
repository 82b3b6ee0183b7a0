package io.fitscore.ml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.tribuo.Trainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

import io.fitscore.ml.boosting.EarlyStoppedBoostingTrainer;
import io.fitscore.ml.forest.ParallelForestTrainer;
import io.fitscore.ml.linear.ElasticNetTrainer;
import io.fitscore.ml.linear.RidgeTrainer;
import io.fitscore.ml.sgd.StepCappedTrainer;

/** Builds the configured Tribuo regression trainer. */
public final class TrainerFactory {


    private TrainerFactory() {
    }

    /** Makes a fresh trainer for a pipeline's numeric features (which linear SGD standardises) on some threads. */
    @FunctionalInterface
    public interface Maker {
        Trainer<Regressor> make(Set<String> numericFeatures, int threads);
    }

    /** A concrete trainer type with the configured settings: how they read in reports, and how to make its trainers. */
    public record Configured(String settings, Maker maker) {
    }

    /**
     * The one place a trainer type is dispatched on: its settings as reports show them, and its trainers. Tribuo
     * trainers advance their RNG with every call to train, so make one per training for repeatable results.
     */
    public static Configured configured(TrainerType type, TrainerSettings cfg) {
        return switch (type) {
            case XGBOOST -> new Configured(cfg.boosting().toString(), (features, threads) -> xgboost(cfg.boosting(), threads, cfg.seed()));
            case RANDOM_FOREST -> new Configured(forestSettings(cfg, cfg.trees()), (features, threads) -> forest(cfg, cfg.trees(), threads));
            case CART -> new Configured("max_depth=" + cfg.maxDepth() + ", min_child_weight=" + cfg.minChildWeight(),
                    (features, threads) -> cart(cfg, 1.0f, cfg.seed()));
            case LINEAR_SGD -> new Configured("epochs=" + cfg.epochs() + ", learning_rate=" + cfg.learningRate(),
                    (features, threads) -> linearSgd(cfg, features));
            case RIDGE -> new Configured(ridgeSettings(), (features, threads) -> ridge());
            case ELASTIC_NET -> new Configured(elasticNetSettings(), (features, threads) -> elasticNet(cfg.seed()));
            case ELASTIC_NET_PAIRS -> new Configured(elasticNetSettings() + ", plus products and squares of the " + PRODUCTS_OF
                    + " numeric columns most correlated with the target", (features, threads) -> elasticNet(cfg.seed()));
            case AUTO -> throw new IllegalStateException("not a concrete trainer: auto");
        };
    }

    /** A new trainer of a concrete type with the configured settings, training on {@code threads} threads where it can. */
    public static Trainer<Regressor> create(TrainerType type, TrainerSettings cfg, Set<String> numericFeatures, int threads) {
        return configured(type, cfg).maker().make(numericFeatures, threads);
    }

    static String forestSettings(TrainerSettings cfg, int trees) {
        return "trees=" + trees + ", max_depth=" + cfg.maxDepth() + ", feature_fraction=" + cfg.featureFraction()
                + ", min_child_weight=" + cfg.minChildWeight();
    }

    private static String elasticNetSettings() {
        return "l1_ratio=" + ELASTIC_NET_L1_RATIO + ", standardised features, penalty by " + ELASTIC_NET_FOLDS + "-fold CV of "
                + ELASTIC_NET_PENALTIES + " down to " + ELASTIC_NET_SMALLEST_SHARE + " of the largest";
    }

    /**
     * XGBoost with the histogram tree method on {@code threads} threads. Given as XGBoost parameters (Tribuo's
     * documented override form) because Tribuo's typed constructor offers only per-tree feature sampling,
     * and per-split sampling ({@code colsample_bynode}) scored better on the course data's repeated CV.
     */
    public static Trainer<Regressor> xgboost(BoostingSettings b, int threads, long seed) {
        return new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR, b.rounds(), xgboostParameters(b, threads, seed));
    }

    /**
     * The same boosting with its rounds chosen by early stopping, {@code b.rounds()} at most: {@code validationShare}
     * of the rows it trains on held out, boosting stopped after {@code patience} rounds without a better held-out RMSE.
     */
    public static Trainer<Regressor> earlyStoppedXgboost(BoostingSettings b, double validationShare, int patience, int threads, long seed) {
        Map<String, Object> p = xgboostParameters(b, threads, seed);
        return new EarlyStoppedBoostingTrainer(p, rounds -> new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR,
                rounds, p), b.rounds(), validationShare, patience, seed);
    }

    private static Map<String, Object> xgboostParameters(BoostingSettings b, int threads, long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("eta", b.learningRate());
        p.put("max_depth", b.maxDepth());
        p.put("min_child_weight", b.minChildWeight());
        p.put("subsample", b.subsample());
        p.put("colsample_bynode", b.featureFraction());
        p.put("lambda", b.l2());
        p.put("alpha", b.l1());
        p.put("gamma", b.gamma());
        return squaredErrorTrees(p, threads, seed);
    }

    /**
     * XGBoost's random forest: one round of {@code trees} parallel trees, each on a row sample and a share of
     * the features per split, averaged (XGBoost scales their leaves), on {@code threads} threads.
     */
    public static Trainer<Regressor> xgboostForest(int trees, int maxDepth, double featureFraction, double minChildWeight, int threads,
            long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("eta", 1.0);
        p.put("num_parallel_tree", trees);
        p.put("max_depth", maxDepth);
        p.put("min_child_weight", minChildWeight);
        p.put("subsample", 0.632);
        p.put("colsample_bynode", featureFraction);
        p.put("lambda", 0.0);
        return new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR, 1, squaredErrorTrees(p, threads, seed));
    }

    /** XGBoost's parameters of squared-error regression trees by the histogram method, with {@code settings} for the trees themselves. */
    private static Map<String, Object> squaredErrorTrees(Map<String, Object> settings, int threads, long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("booster", "gbtree");
        p.put("tree_method", "hist");
        p.putAll(settings);
        p.put("nthread", threads);
        p.put("seed", (int) seed);
        p.put("verbosity", 0);
        return p;
    }

    /** A forest of CART trees grown in parallel on {@code threads} threads. */
    public static Trainer<Regressor> forest(TrainerSettings cfg, int trees, int threads) {
        return new ParallelForestTrainer(seed -> cart(cfg, cfg.featureFraction(), seed), trees, cfg.seed(), threads);
    }

    /** Threads for training: the configured count, or every core. */
    public static int threads(TrainerSettings cfg) {
        return cfg.threads() > 0 ? cfg.threads() : Runtime.getRuntime().availableProcessors();
    }

    /**
     * SGD on raw money and count columns diverges, so numeric features are standardised (with their
     * implicit zeros); one-hot features stay 0/1, as standardising them yields NaN for constant ones.
     */
    private static Trainer<Regressor> linearSgd(TrainerSettings cfg, Set<String> numericFeatures) {
        Map<String, List<Transformation>> perFeature = new LinkedHashMap<>();
        for (String name : numericFeatures) {
            perFeature.put(Pattern.quote(name), List.of(new MeanStdDevTransformation()));
        }
        return new StepCappedTrainer(epochs -> new TransformTrainer<>(new LinearSGDTrainer(new SquaredLoss(),
                new AdaGrad(cfg.learningRate(), 0.1), epochs, 1000, 1, cfg.seed()), new TransformationMap(List.of(), perFeature), false, true),
                cfg.epochs(), cfg.maxSgdSteps());
    }

    /** The ridge penalty path: 61 penalties per training row from 10⁻⁶ to 10³ (features standardised), chosen by GCV. */
    static final int RIDGE_PENALTIES = 61;
    static final double RIDGE_SMALLEST_PER_ROW = 1e-6;
    static final double RIDGE_LARGEST_PER_ROW = 1e3;

    private static String ridgeSettings() {
        return "standardised features, penalty by generalised cross-validation of " + RIDGE_PENALTIES + " from "
                + RIDGE_SMALLEST_PER_ROW + " to " + RIDGE_LARGEST_PER_ROW + " per row";
    }

    /** Ridge regression on standardised features, its penalty chosen by GCV on the rows it trains on: closed form, no folds. */
    public static Trainer<Regressor> ridge() {
        return new RidgeTrainer(RIDGE_PENALTIES, RIDGE_SMALLEST_PER_ROW, RIDGE_LARGEST_PER_ROW);
    }

    /** The elastic net's mix of the L1 and L2 penalties (scikit-learn's ElasticNetCV default). */
    static final double ELASTIC_NET_L1_RATIO = 0.5;
    /** Its penalty path: 50 penalties from the smallest that keeps every weight at zero down to 1/10,000 of it. */
    static final int ELASTIC_NET_PENALTIES = 50;
    static final double ELASTIC_NET_SMALLEST_SHARE = 1e-4;
    static final int ELASTIC_NET_FOLDS = 5;
    /** {@code elastic-net-pairs}: the numeric columns whose pairwise products and squares are added (8: 36 products). */
    static final int PRODUCTS_OF = 8;

    /**
     * The elastic net by coordinate descent on standardised features, its penalty chosen by 5-fold CV on the rows it
     * trains on: a solved linear model, where SGD approximates one.
     */
    public static Trainer<Regressor> elasticNet(long seed) {
        return new ElasticNetTrainer(ELASTIC_NET_L1_RATIO, ELASTIC_NET_FOLDS, ELASTIC_NET_PENALTIES, ELASTIC_NET_SMALLEST_SHARE, seed);
    }

    private static CARTRegressionTrainer cart(TrainerSettings cfg, float featureFraction, long seed) {
        return new CARTRegressionTrainer(cfg.maxDepth(), cfg.minChildWeight(), 0.0f, featureFraction, false,
                new MeanSquaredError(), seed);
    }

    /**
     * The features a trainer type is given: gradient-based linear models need a standardised target (trees split on order
     * and do not); {@code elastic-net-pairs} also gets the products and squares of the {@link #PRODUCTS_OF} numeric columns
     * most correlated with the target.
     */
    public static FeatureSpec featureSpec(String type, FeatureSpec base) {
        return base.withStandardisedTarget(TrainerType.LINEAR_SGD.configName().equals(type))
                .withProductsOf(TrainerType.ELASTIC_NET_PAIRS.configName().equals(type) ? PRODUCTS_OF : 0);
    }
}
