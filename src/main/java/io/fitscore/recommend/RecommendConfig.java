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

    /**
     * How the final recommendations are made: {@code als} (default) or {@code cooccurrence} (item to item: customers who
     * bought what a customer has also bought). Both are measured on the holdout every run, beside the best sellers.
     */
    @WithDefault("als")
    String method();

    /** Number of latent factors; unset: chosen by tuning (10, 20 or 40). */
    Optional<Integer> rank();

    /** ALS iterations. */
    @WithDefault("10")
    int iterations();

    /** ALS regularisation (lambda); unset: chosen by tuning (0.01 to 1). */
    Optional<Double> regularization();

    /** Implicit feedback: confidence = 1 + alpha * quantity (or its log, see confidence); unset: chosen by tuning (0.1 to 10). */
    Optional<Double> alpha();

    /** Implicit feedback: {@code raw} (confidence from the summed quantity) or {@code log} (from log(1 + quantity)); unset: tuned. */
    Optional<String> confidence();

    /**
     * Seconds the tuning of the unset ALS settings may take (on a validation share of the training pairs); a candidate
     * that would end past it is skipped and reported. The first candidate always runs.
     */
    @WithDefault("120")
    int tuneBudgetSeconds();

    /** Seed of the holdout split and of ALS. */
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
