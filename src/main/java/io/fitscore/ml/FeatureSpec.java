package io.fitscore.ml;

import java.util.Optional;
import java.util.Set;

/**
 * How raw columns are meant to become features: which to leave out, which hold several labels,
 * and how rare a categorical level may be before it folds into "other".
 */
public record FeatureSpec(String target, Optional<String> keyColumn, Set<String> excluded, Set<String> multiValued,
        String separator, int minLevelCount) {

    public FeatureSpec {
        excluded = Set.copyOf(excluded);
        multiValued = Set.copyOf(multiValued);
        if (minLevelCount < 1) {
            throw new IllegalArgumentException("minLevelCount must be at least 1");
        }
    }

    /** Whether a column may become a feature at all. */
    public boolean isCandidate(String column) {
        return !column.equals(target) && !keyColumn.map(column::equals).orElse(false) && !excluded.contains(column);
    }
}
