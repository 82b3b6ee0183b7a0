package io.fitscore.recommend;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.List;

import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import io.fitscore.storage.StorageFailures;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.storage.StorageUri;
import io.fitscore.spark.ColumnNames;

/**
 * The customer-item pairs the recommenders learn from, and Spark ML's alternating least squares on them: rows cleaned to
 * (customer, item, quantity or rating) pairs in one pass over the rows, ids mapped to the ints ALS needs, and ALS with one
 * candidate's settings.
 */
public final class CollaborativeFiltering {

    static final String USER = TopItems.USER;
    static final String ITEM = TopItems.ITEM;
    static final String RATING = "__rating";
    static final String SCORE = "__score";
    /** Iterations between ALS checkpoints (when Spark has a checkpoint folder): short lineage, few writes. */
    private static final int CHECKPOINT_INTERVAL = 4;

    private CollaborativeFiltering() {
    }

    /** How the rows became pairs: what was dropped and why, and how many customers and items are left. */
    public record PairCounts(long rows, long droppedMissingId, long droppedMissingRating, long pairs, long pairsNotPositive,
            long users, long items) {
    }

    /** How one id column maps to ALS's ints: numeric ids as they are, text ids through a fitted index (null for numeric). */
    public record IdColumn(String column, StringIndexerModel index) {
        boolean text() {
            return index != null;
        }
    }

    /** The customer-item pairs the recommenders learn from (kept in memory, then disk), their id columns and counts. */
    public record Pairs(Dataset<Row> pairs, IdColumn users, IdColumn items, PairCounts counts) {

        /** How the ALS ids are written back: the text ids they index, or the numbers themselves. */
        TopItems.Labels labels() {
            return new TopItems.Labels(users.text() ? users.index().labelsArray()[0] : null, items.text() ? items.index().labelsArray()[0] : null);
        }
    }

    /** One ranking of the held-out customers' items. */
    public record Ranking(double precisionAtK, double recallAtK, double mapAtK, double ndcgAtK) {
        static Ranking of(TopItems.Metrics m) {
            return new Ranking(m.precisionAtK(), m.recallAtK(), m.mapAtK(), m.ndcgAtK());
        }
    }

    /**
     * What the holdout says: pairs held out, dropped as cold (customer or item unseen in training), RMSE (explicit),
     * and the rankings of ALS and the two baselines: the best sellers, and item-to-item co-occurrence.
     */
    public record Evaluation(long trainPairs, long holdoutPairs, long coldStartDropped, long customersEvaluated, Double rmse,
            Ranking als, Ranking popularity, Ranking cooccurrence) {
    }

    /**
     * The documented cleaning, in one pass over the rows: rows without a customer or item id, or without a numeric
     * quantity/rating, are dropped and counted (by the same grouping that makes the pairs). Implicit: quantities are
     * summed per customer and item (returns, as negative quantities, net against purchases) and pairs whose sum is not
     * positive dropped and counted; explicit: ratings are averaged per pair. Ids are indexed from the grouped pairs, not
     * the rows. Stops (exit 6) on a missing column, no numeric rating at all, numeric ids outside 0..2^31-1, or fewer
     * than two customers or items.
     */
    public static Pairs pairs(Dataset<Row> rows, RecommendSettings settings) {
        StructType schema = rows.schema();
        for (String[] c : new String[][] {{settings.userColumn(), "user-column"}, {settings.itemColumn(), "item-column"},
                {settings.ratingColumn(), "rating-column"}}) {
            if (!List.of(schema.fieldNames()).contains(c[0])) {
                throw new FitscoreException(ExitCode.INPUT_INVALID, "recommend: column '" + c[0] + "' (fitscore.recommend." + c[1]
                        + ") is not in the inputs (columns: " + List.of(schema.fieldNames()) + ")");
            }
        }
        boolean numericUsers = numeric(schema, settings.userColumn());
        boolean numericItems = numeric(schema, settings.itemColumn());
        Column missingId = col(USER).isNull().or(col(ITEM).isNull());
        Dataset<Row> typed = rows.select(id(settings.userColumn(), numericUsers).as(USER), id(settings.itemColumn(), numericItems).as(ITEM),
                expr("try_cast(" + ColumnNames.quoted(settings.ratingColumn()) + " as double)").as(RATING));
        boolean implicit = settings.feedback() == RecommendSettings.Feedback.IMPLICIT;
        // One pass over the rows: every row lands in its (customer, item) group, rows without an id in a group with a
        // null key, and each group counts its rows and its numeric ratings, so the drops are counted from the groups.
        Dataset<Row> grouped = typed.groupBy(USER, ITEM).agg((implicit ? sum(RATING) : avg(RATING)).as(RATING),
                count(lit(1)).as("__rows"), count(col(RATING)).as("__rated")).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Column usable = missingId.unary_$bang().and(col("__rated").gt(0));
            Row c = grouped.agg(sum("__rows"), sum(when(missingId, col("__rows"))), sum(when(missingId.unary_$bang(),
                    col("__rows").minus(col("__rated")))), sum("__rated"), count(when(usable, 1))).first();
            long total = c.isNullAt(0) ? 0 : c.getLong(0);
            long droppedMissingId = c.isNullAt(1) ? 0 : c.getLong(1);
            long droppedMissingRating = c.isNullAt(2) ? 0 : c.getLong(2);
            long groupedPairs = c.getLong(4);
            if (c.isNullAt(3) || c.getLong(3) == 0) {
                throw new FitscoreException(ExitCode.INPUT_INVALID, "recommend: rating column '" + settings.ratingColumn()
                        + "' has no numeric value in any of the " + total + " rows");
            }
            Dataset<Row> rated = grouped.filter(usable).select(USER, ITEM, RATING);
            Dataset<Row> positive = implicit ? rated.filter(col(RATING).gt(0)) : rated;
            IdColumn users = idColumn(positive, USER, settings.userColumn(), numericUsers);
            IdColumn items = idColumn(positive, ITEM, settings.itemColumn(), numericItems);
            Dataset<Row> pairs = index(index(positive, users, USER), items, ITEM)
                    .select(col(USER), col(ITEM), col(RATING).cast(DataTypes.FloatType).as(RATING)).persist(StorageLevel.MEMORY_AND_DISK());
            Row sizes = pairs.agg(count(lit(1)), countDistinct(col(USER)), countDistinct(col(ITEM))).first();
            long kept = sizes.getLong(0);
            PairCounts counts = new PairCounts(total, droppedMissingId, droppedMissingRating, kept, groupedPairs - kept, sizes.getLong(1),
                    sizes.getLong(2));
            if (counts.users() < 2 || counts.items() < 2) {
                pairs.unpersist();
                throw new FitscoreException(ExitCode.INPUT_INVALID, "recommend: the logs leave " + counts.users() + " customer(s) and "
                        + counts.items() + " item(s) with " + (implicit ? "a positive quantity" : "a rating") + "; ALS needs at least 2 of each");
            }
            return new Pairs(pairs, users, items, counts);
        } finally {
            grouped.unpersist();
        }
    }

    /** The pairs split for measuring: the training pairs (kept) and the held-out ones. */
    public record Split(Dataset<Row> training, Dataset<Row> heldOut) {
    }

    /** A seeded share ({@code holdout-fraction}) of the pairs held out; the rest, the training pairs, kept in memory. */
    public static Split split(Dataset<Row> pairs, RecommendSettings settings) {
        Dataset<Row>[] parts = pairs.randomSplit(new double[] {1 - settings.holdoutFraction(), settings.holdoutFraction()}, settings.seed());
        return new Split(parts[0].persist(StorageLevel.MEMORY_AND_DISK()), parts[1]);
    }

    /**
     * ALS with the chosen settings fitted on the training pairs, and both baselines from the same pairs, rank the held-out
     * customers' items in one pass; explicit ratings also get ALS's RMSE on the warm held-out pairs.
     */
    public static Evaluation evaluate(SparkSession spark, Split split, AlsSettings chosen, RecommendSettings settings) {
        Dataset<Row> training = split.training();
        Dataset<Row> heldOut = split.heldOut();
        ALSModel model = fit(training, chosen, settings);
        Dataset<Row> warm = AlsTuning.warm(heldOut, training).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long trainPairs = training.count();
            long heldOutPairs = heldOut.count();
            long warmPairs = warm.count();
            TopItems.ItemSpace space = items(training);
            List<TopItems.Recommender> recommenders = List.of(recommender(model, space), popularity(training, space),
                    CoOccurrence.neighbours(spark, training, space));
            TopItems.Measured m = TopItems.measure(spark, TopItems.customers(training, warm, model.userFactors()), space, recommenders,
                    settings.top(), settings.excludeSeen());
            Double rmse = settings.feedback() == RecommendSettings.Feedback.EXPLICIT
                    ? new RegressionEvaluator().setLabelCol(RATING).setPredictionCol(SCORE)
                            .setMetricName("rmse").evaluate(model.transform(warm))
                    : null;
            return new Evaluation(trainPairs, heldOutPairs, heldOutPairs - warmPairs, m.customers(), rmse,
                    Ranking.of(m.metrics().get(0)), Ranking.of(m.metrics().get(1)),
                    Ranking.of(m.metrics().get(2)));
        } finally {
            warm.unpersist();
        }
    }

    /**
     * The ALS estimator with one candidate's settings. Its customers and items are split into twice as many blocks as
     * Spark runs tasks at once, not ALS's fixed 10: on a small machine fewer, larger blocks fit faster to the same holdout
     * NDCG, and on a cluster the blocks grow with its cores.
     */
    public static ALS als(AlsSettings candidate, RecommendSettings settings, int blocks) {
        return new ALS().setUserCol(USER).setItemCol(ITEM).setRatingCol(RATING).setPredictionCol(SCORE).setRank(candidate.rank())
                .setMaxIter(settings.iterations()).setRegParam(candidate.regularization()).setAlpha(candidate.alpha())
                .setImplicitPrefs(settings.feedback() == RecommendSettings.Feedback.IMPLICIT).setSeed(settings.seed())
                .setColdStartStrategy("drop").setCheckpointInterval(CHECKPOINT_INTERVAL)
                .setNumBlocks(blocks);
    }

    /** Fits ALS with a candidate's settings: quantities scaled to the candidate's confidence first (implicit). */
    public static ALSModel fit(Dataset<Row> pairs, AlsSettings candidate, RecommendSettings settings) {
        boolean implicit = settings.feedback() == RecommendSettings.Feedback.IMPLICIT;
        Dataset<Row> scaled = implicit && candidate.confidence() == AlsSettings.Confidence.LOG
                ? pairs.withColumn(RATING, log1p(col(RATING)).cast(DataTypes.FloatType)) : pairs;
        return als(candidate, settings, 2 * pairs.sparkSession().sparkContext().defaultParallelism()).fit(scaled);
    }

    /** ALS as a ranker of the items of {@code space}, from its item factors (collected: items x rank floats). */
    static TopItems.Factors recommender(ALSModel model, TopItems.ItemSpace space) {
        int rank = model.rank();
        float[] flat = new float[space.size() * rank];
        for (Row r : model.itemFactors().collectAsList()) {
            int p = space.position(r.getInt(0));
            if (p >= 0) {
                List<Object> f = r.getList(1);
                for (int k = 0; k < rank; k++) {
                    flat[p * rank + k] = ((Number) f.get(k)).floatValue();
                }
            }
        }
        return new TopItems.Factors(rank, flat);
    }

    /** The items of some pairs, as the space recommenders rank. */
    static TopItems.ItemSpace items(Dataset<Row> pairs) {
        return TopItems.ItemSpace.of(pairs.select(ITEM).distinct().collectAsList().stream().mapToInt(r -> r.getInt(0)).toArray());
    }

    /** The best sellers of some pairs: each item scored by how many customers have it. */
    static TopItems.Fixed popularity(Dataset<Row> pairs, TopItems.ItemSpace space) {
        double[] scores = new double[space.size()];
        for (Row r : pairs.groupBy(ITEM).agg(count(lit(1))).collectAsList()) {
            int p = space.position(r.getInt(0));
            if (p >= 0) {
                scores[p] = r.getLong(1);
            }
        }
        return new TopItems.Fixed(scores);
    }

    /** What the final recommendations came to: customers served and the share of items recommended to anyone. */
    public record Served(long customers, long itemsRecommended) {
    }

    /** Customers served and distinct items recommended, from the (kept) recommendations. */
    public static Served served(Dataset<Row> recommendations) {
        return new Served(recommendations.count(), recommendations.select(explode(col("recommendations.item"))).distinct().count());
    }

    /**
     * Saves the recommender (ALS's model in Spark ML's own format, or the co-occurrence neighbours as JSON lines) and, for
     * text ids, the fitted id indexes.
     */
    public static void save(ALSModel model, Dataset<Row> neighbours, Pairs pairs, StorageUri folder, String modelFolder, String userIndex,
            String itemIndex) {
        try {
            if (model != null) {
                model.write().overwrite().save(folder.resolve(modelFolder).hadoopPath());
            } else {
                neighbours.coalesce(1).write().mode(org.apache.spark.sql.SaveMode.Overwrite).json(folder.resolve(modelFolder).hadoopPath());
            }
            if (pairs.users().text()) {
                pairs.users().index().write().overwrite().save(folder.resolve(userIndex).hadoopPath());
            }
            if (pairs.items().text()) {
                pairs.items().index().write().overwrite().save(folder.resolve(itemIndex).hadoopPath());
            }
        } catch (Exception e) { // Spark (Scala) also throws undeclared checked IOExceptions
            throw StorageFailures.classify(folder.toString(), e, ExitCode.OUTPUT_FAILED, "the ALS model cannot be written");
        }
    }

    private static boolean numeric(StructType schema, String column) {
        return schema.apply(column).dataType() instanceof NumericType;
    }

    /** The id as read: numbers as doubles (checked below), text trimmed, empty text as missing. */
    private static Column id(String column, boolean numeric) {
        Column c = ColumnNames.named(column);
        if (numeric) {
            return c.cast(DataTypes.DoubleType);
        }
        Column text = trim(c.cast(DataTypes.StringType));
        return when(text.equalTo(""), lit(null).cast(DataTypes.StringType)).otherwise(text);
    }

    /** Numeric ids must be whole and within ALS's int range; text ids get an index, most frequent first. */
    private static IdColumn idColumn(Dataset<Row> valid, String idColumn, String name, boolean numeric) {
        if (numeric) {
            Column bad = col(idColumn).lt(0).or(col(idColumn).gt(Integer.MAX_VALUE)).or(col(idColumn).notEqual(expr("floor(" + idColumn + ")")));
            List<Row> first = valid.filter(bad).select(idColumn).limit(1).collectAsList();
            if (!first.isEmpty()) {
                throw new FitscoreException(ExitCode.INPUT_INVALID, "recommend: column '" + name + "' holds the id "
                        + new java.math.BigDecimal(first.get(0).getDouble(0)).stripTrailingZeros().toPlainString()
                        + ", not a whole number in ALS's range 0.." + Integer.MAX_VALUE
                        + "; declare the column as text (fitscore.csv.types.\"" + name + "\"=string) to have its ids mapped");
            }
            return new IdColumn(name, null);
        }
        StringIndexerModel index = new StringIndexer().setInputCol(idColumn).setOutputCol(idColumn + "_index")
                .setStringOrderType("frequencyDesc").fit(valid.select(idColumn));
        return new IdColumn(name, index);
    }

    /** The id column as ALS's int: numeric ids cast, text ids through the fitted index (a hash lookup in Spark). */
    private static Dataset<Row> index(Dataset<Row> rows, IdColumn id, String column) {
        if (!id.text()) {
            return rows.withColumn(column, col(column).cast(DataTypes.IntegerType));
        }
        return id.index().transform(rows).withColumn(column, col(column + "_index").cast(DataTypes.IntegerType)).drop(column + "_index");
    }


}
