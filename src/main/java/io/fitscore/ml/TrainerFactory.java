package io.fitscore.ml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.tribuo.Trainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.Transformation;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

import io.fitscore.config.FitscoreConfig;
import io.fitscore.run.ExitCode;
import io.fitscore.run.FitscoreException;

/** Builds the configured Tribuo regression trainer. */
public final class TrainerFactory {

    public static final List<String> TYPES = List.of("random-forest", "cart", "linear-sgd", "xgboost");

    private TrainerFactory() {
    }

    /**
     * A new trainer named by type (already lower case), with the configured settings. Tribuo trainers
     * advance their RNG with every call to train, so build one per training for repeatable results.
     *
     * @param numericFeatures the pipeline's numeric feature names, which linear SGD standardises
     */
    public static Trainer<Regressor> create(String type, FitscoreConfig.Trainer cfg, Set<String> numericFeatures) {
        validate(cfg, type);
        return switch (type) {
            case "random-forest" -> new RandomForestTrainer<>(cart(cfg, cfg.featureFraction()), new AveragingCombiner(), cfg.trees(), cfg.seed());
            case "cart" -> cart(cfg, 1.0f);
            case "linear-sgd" -> linearSgd(cfg, numericFeatures);
            case "xgboost" -> new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR, cfg.trees(),
                    cfg.learningRate(), 0.0, Math.min(cfg.maxDepth(), 8), cfg.minChildWeight(), 0.8, cfg.featureFraction(), 1.0, 0.0,
                    1, true, cfg.seed());
            default -> throw new IllegalStateException(type);
        };
    }

    /**
     * SGD on raw money and count columns diverges, so numeric features are standardised (with their
     * implicit zeros); one-hot features stay 0/1, as standardising them yields NaN for constant ones.
     */
    private static Trainer<Regressor> linearSgd(FitscoreConfig.Trainer cfg, Set<String> numericFeatures) {
        Map<String, List<Transformation>> perFeature = new LinkedHashMap<>();
        for (String name : numericFeatures) {
            perFeature.put(Pattern.quote(name), List.of(new MeanStdDevTransformation()));
        }
        LinearSGDTrainer sgd = new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(cfg.learningRate(), 0.1), cfg.epochs(),
                1000, 1, cfg.seed());
        return new TransformTrainer<>(sgd, new TransformationMap(List.of(), perFeature), false, true);
    }

    private static CARTRegressionTrainer cart(FitscoreConfig.Trainer cfg, float featureFraction) {
        return new CARTRegressionTrainer(cfg.maxDepth(), cfg.minChildWeight(), 0.0f, featureFraction, false,
                new MeanSquaredError(), cfg.seed());
    }

    /** Gradient-based linear models need a standardised target; trees split on order and do not. */
    public static boolean needsStandardisedTarget(String type) {
        return "linear-sgd".equals(type);
    }

    /** Rejects settings Tribuo would otherwise accept and fail on later, naming the key. */
    public static void validate(FitscoreConfig.Trainer cfg, String type) {
        if (!TYPES.contains(type)) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.trainer.type: unknown trainer '" + type + "', expected one of " + TYPES);
        }
        if (cfg.trees() < 1) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.trainer.trees must be at least 1, got " + cfg.trees());
        }
        if (cfg.maxDepth() < 1) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.trainer.max-depth must be at least 1, got " + cfg.maxDepth());
        }
        if (!(cfg.featureFraction() > 0 && cfg.featureFraction() <= 1)) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.trainer.feature-fraction must be in (0, 1], got " + cfg.featureFraction());
        }
        if (!(cfg.learningRate() > 0)) {
            throw new FitscoreException(ExitCode.CONFIG, "fitscore.trainer.learning-rate must be positive, got " + cfg.learningRate());
        }
    }
}
