package io.fitscore.ml;

import java.util.Optional;
import java.util.Set;

/**
 * How raw columns are meant to become features: which to leave out, which hold several labels,
 * which are target-mean encoded, which are log-transformed, and how rare a categorical level may
 * be before it folds into "other". Column roles not named here are inferred from the training rows.
 *
 * @param logTransformed numeric columns to log1p; with {@code autoLog}, also every non-negative column whose skewness exceeds 2
 * @param targetEncoded text columns replaced by the smoothed training mean of the target per level
 * @param maxLevels a text column with more distinct levels than this (and not target-encoded) is taken for an id and left out
 * @param standardiseTarget train on (y - mean) / sd of the training target, as gradient-based linear models need
 * @param productsOf the numeric columns most correlated with the training target, this many, whose pairwise products
 *        and squares become features too (0: none), so that a linear model can fit interactions and curvature
 */
public record FeatureSpec(String target, Optional<String> keyColumn, Set<String> excluded, Set<String> multiValued,
        String separator, int minLevelCount, Set<String> logTransformed, boolean autoLog, Set<String> targetEncoded,
        double targetSmoothing, int maxLevels, boolean standardiseTarget, int productsOf) {

    public FeatureSpec {
        excluded = Set.copyOf(excluded);
        multiValued = Set.copyOf(multiValued);
        logTransformed = Set.copyOf(logTransformed);
        targetEncoded = Set.copyOf(targetEncoded);
        if (minLevelCount < 1) {
            throw new IllegalArgumentException("minLevelCount must be at least 1");
        }
        if (productsOf < 0) {
            throw new IllegalArgumentException("productsOf must be 0 or more");
        }
    }

    /** A spec without product features. */
    public FeatureSpec(String target, Optional<String> keyColumn, Set<String> excluded, Set<String> multiValued, String separator,
            int minLevelCount, Set<String> logTransformed, boolean autoLog, Set<String> targetEncoded, double targetSmoothing, int maxLevels,
            boolean standardiseTarget) {
        this(target, keyColumn, excluded, multiValued, separator, minLevelCount, logTransformed, autoLog, targetEncoded, targetSmoothing,
                maxLevels, standardiseTarget, 0);
    }

    public FeatureSpec withStandardisedTarget(boolean standardise) {
        return new FeatureSpec(target, keyColumn, excluded, multiValued, separator, minLevelCount, logTransformed, autoLog,
                targetEncoded, targetSmoothing, maxLevels, standardise, productsOf);
    }

    public FeatureSpec withProductsOf(int columns) {
        return new FeatureSpec(target, keyColumn, excluded, multiValued, separator, minLevelCount, logTransformed, autoLog,
                targetEncoded, targetSmoothing, maxLevels, standardiseTarget, columns);
    }

    /** Whether a column may become a feature at all. */
    public boolean isCandidate(String column) {
        return !column.equals(target) && !keyColumn.map(column::equals).orElse(false) && !excluded.contains(column);
    }
}
