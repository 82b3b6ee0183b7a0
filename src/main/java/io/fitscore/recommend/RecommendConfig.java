package io.fitscore.recommend;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of {@code fitscore recommend} ({@code fitscore.recommend.*}); checked together by {@link RecommendSettings#resolve}. */
@ConfigMapping(prefix = "fitscore.recommend")
public interface RecommendConfig {

    /** Column naming the customer (numeric ids within int range are used as they are; text ids are mapped). */
    @WithDefault("CustomerID")
    String userColumn();

    /** Column naming the item. */
    @WithDefault("StockCode")
    String itemColumn();

    /** Column with the quantity (implicit feedback) or the rating (explicit). */
    @WithDefault("Quantity")
    String ratingColumn();

    /** implicit: quantities summed per customer and item, confidence-weighted ALS; explicit: ratings, averaged per pair. */
    @WithDefault("implicit")
    String feedback();

    /** Number of latent factors. */
    @WithDefault("10")
    int rank();

    /** ALS iterations. */
    @WithDefault("10")
    int iterations();

    /** ALS regularisation (lambda). */
    @WithDefault("0.1")
    double regularization();

    /** Implicit feedback: confidence = 1 + alpha * quantity. */
    @WithDefault("1.0")
    double alpha();

    @WithDefault("42")
    long seed();

    /** Recommendations per customer in the output, and k of the ranking metrics. */
    @WithDefault("10")
    int top();

    /** Share of the customer-item pairs held out to evaluate on (seeded), in (0, 1). */
    @WithDefault("0.2")
    double holdoutFraction();

    /** Leave out items the customer already bought or rated, from the output and the evaluation. */
    @WithDefault("true")
    boolean excludeSeen();

    /** Where ALS checkpoints (shared storage such as s3:// on a cluster); unset: the run's scratch on local[*]. */
    Optional<String> checkpointDir();
}
