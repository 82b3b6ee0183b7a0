package io.fitscore.recommend;

import static org.apache.spark.sql.functions.asc;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.ml.evaluation.RankingEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import io.fitscore.storage.StorageFailures;
import io.fitscore.recommend.RecommendSettings;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.storage.StorageUri;

/**
 * Recommendations with Spark ML's alternating least squares, where the logs are: rows cleaned to
 * (customer, item, quantity or rating) pairs, ids mapped to the ints ALS needs, a seeded holdout to
 * measure what ALS adds over recommending the most bought items, and the top items per customer.
 */
public final class CollaborativeFiltering {

    private static final String USER = "__user";
    private static final String ITEM = "__item";
    private static final String RATING = "__rating";
    private static final String SCORE = "__score";
    private static final String RANK = "__rank";
    /** Seen items to skip are fetched beyond the top k, at most this many per customer. */
    private static final int MAX_SEEN_SKIPPED = 100;
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

    /** The customer-item pairs ALS learns from (kept in memory, then disk), their id columns and counts. */
    public record Pairs(Dataset<Row> pairs, IdColumn users, IdColumn items, PairCounts counts) {
    }

    /** One ranking of the holdout customers' items: ALS's or the popularity baseline's. */
    public record Ranking(double precisionAtK, double recallAtK, double mapAtK, double ndcgAtK) {
    }

    /** What the holdout says: pairs held out, dropped as cold (customer or item unseen in training), RMSE (explicit), rankings. */
    public record Evaluation(long trainPairs, long holdoutPairs, long coldStartDropped, long customersEvaluated, Double rmse,
            Ranking als, Ranking popularity) {
    }

    /**
     * The documented cleaning: rows without a customer or item id, or without a numeric quantity/rating,
     * are dropped and counted. Implicit: quantities are summed per customer and item (returns, as negative
     * quantities, net against purchases) and pairs whose sum is not positive dropped and counted;
     * explicit: ratings are averaged per pair. Stops (exit 6) on a missing column, no numeric rating at all,
     * numeric ids outside 0..2^31-1, or fewer than two customers or items.
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
        Dataset<Row> typed = rows.select(id(settings.userColumn(), numericUsers).as(USER), id(settings.itemColumn(), numericItems).as(ITEM),
                expr("try_cast(" + quoted(settings.ratingColumn()) + " as double)").as(RATING));
        Column missingId = col(USER).isNull().or(col(ITEM).isNull());
        Row counted = typed.agg(count(lit(1)), count(when(missingId, 1)), count(when(missingId.unary_$bang().and(col(RATING).isNull()), 1)),
                count(col(RATING))).first();
        long total = counted.getLong(0);
        long droppedMissingId = counted.getLong(1);
        long droppedMissingRating = counted.getLong(2);
        if (counted.getLong(3) == 0) {
            throw new FitscoreException(ExitCode.INPUT_INVALID, "recommend: rating column '" + settings.ratingColumn()
                    + "' has no numeric value in any of the " + total + " rows");
        }
        Dataset<Row> valid = typed.filter(missingId.unary_$bang().and(col(RATING).isNotNull()));
        IdColumn users = idColumn(valid, USER, settings.userColumn(), numericUsers);
        IdColumn items = idColumn(valid, ITEM, settings.itemColumn(), numericItems);
        Dataset<Row> indexed = index(index(valid, users, USER), items, ITEM);
        boolean implicit = settings.feedback() == RecommendSettings.Feedback.IMPLICIT;
        Dataset<Row> grouped = indexed.groupBy(USER, ITEM).agg((implicit ? sum(RATING) : avg(RATING)).cast(DataTypes.FloatType).as(RATING));
        Dataset<Row> pairs = (implicit ? grouped.filter(col(RATING).gt(0)) : grouped).persist(StorageLevel.MEMORY_AND_DISK());
        Row sizes = pairs.agg(count(lit(1)), countDistinct(col(USER)), countDistinct(col(ITEM))).first();
        long kept = sizes.getLong(0);
        long pairsNotPositive = implicit ? grouped.count() - kept : 0;
        PairCounts counts = new PairCounts(total, droppedMissingId, droppedMissingRating, kept, pairsNotPositive, sizes.getLong(1),
                sizes.getLong(2));
        if (counts.users() < 2 || counts.items() < 2) {
            pairs.unpersist();
            throw new FitscoreException(ExitCode.INPUT_INVALID, "recommend: the logs leave " + counts.users() + " customer(s) and "
                    + counts.items() + " item(s) with " + (implicit ? "a positive quantity" : "a rating") + "; ALS needs at least 2 of each");
        }
        return new Pairs(pairs, users, items, counts);
    }

    /** The ALS estimator with the run's settings. */
    public static ALS als(RecommendSettings settings) {
        return new ALS().setUserCol(USER).setItemCol(ITEM).setRatingCol(RATING).setPredictionCol(SCORE).setRank(settings.rank())
                .setMaxIter(settings.iterations()).setRegParam(settings.regularization()).setAlpha(settings.alpha())
                .setImplicitPrefs(settings.feedback() == RecommendSettings.Feedback.IMPLICIT).setSeed(settings.seed())
                .setColdStartStrategy("drop").setCheckpointInterval(CHECKPOINT_INTERVAL);
    }

    /**
     * Fits ALS on a seeded share of the pairs and measures it on the rest against the popularity baseline
     * (the items most customers bought in training), with the same k, the same customers and, when asked,
     * the same rule of leaving out what a customer already has.
     */
    public static Evaluation evaluate(SparkSession spark, Pairs all, RecommendSettings settings) {
        Dataset<Row>[] split = all.pairs().randomSplit(new double[] {1 - settings.holdoutFraction(), settings.holdoutFraction()},
                settings.seed());
        Dataset<Row> train = split[0].persist(StorageLevel.MEMORY_AND_DISK());
        try {
            ALSModel model = als(settings).fit(train);
            Dataset<Row> holdout = split[1];
            // Cold: a customer or item the model never saw cannot be scored (ALS's coldStartStrategy=drop); counted.
            Dataset<Row> warm = holdout.join(train.select(USER).distinct(), scala(USER), "left_semi")
                    .join(train.select(ITEM).distinct(), scala(ITEM), "left_semi").persist(StorageLevel.MEMORY_AND_DISK());
            try {
                long holdoutPairs = holdout.count();
                long warmPairs = warm.count();
                Double rmse = null;
                if (settings.feedback() == RecommendSettings.Feedback.EXPLICIT) {
                    rmse = new RegressionEvaluator().setLabelCol(RATING).setPredictionCol(SCORE).setMetricName("rmse")
                            .evaluate(model.transform(warm));
                }
                int k = settings.top();
                int skip = settings.excludeSeen() ? seenToSkip(train) : 0;
                Dataset<Row> customers = warm.select(USER).distinct();
                Dataset<Row> relevant = warm.groupBy(USER).agg(collect_list(col(ITEM).cast(DataTypes.DoubleType)).as("label"));
                Dataset<Row> alsTop = top(candidates(model.recommendForUserSubset(customers, k + skip)), train, settings.excludeSeen(), k);
                Dataset<Row> popular = train.groupBy(ITEM).agg(count(lit(1)).as(SCORE)).orderBy(desc(SCORE), asc(ITEM)).limit(k + skip);
                Dataset<Row> popularTop = top(customers.crossJoin(broadcast(popular)), train, settings.excludeSeen(), k);
                return new Evaluation(train.count(), holdoutPairs, holdoutPairs - warmPairs, customers.count(), rmse,
                        ranking(relevant, alsTop, k), ranking(relevant, popularTop, k));
            } finally {
                warm.unpersist();
            }
        } finally {
            train.unpersist();
        }
    }

    /** What the final recommendations came to: customers served and the share of items recommended to anyone. */
    public record Served(long customers, long itemsRecommended) {
    }

    /**
     * The top {@code settings.top()} items per customer, as {@code user} and {@code recommendations:
     * [{item, score}]} with the ids as they were in the logs, best first.
     */
    public static Dataset<Row> recommendations(SparkSession spark, ALSModel model, Pairs all, RecommendSettings settings) {
        int k = settings.top();
        int skip = settings.excludeSeen() ? seenToSkip(all.pairs()) : 0;
        Dataset<Row> ranked = ranked(candidates(model.recommendForAllUsers(k + skip)), all.pairs(), settings.excludeSeen(), k);
        Dataset<Row> named = withOriginalIds(spark, withOriginalIds(spark, ranked, all.items(), ITEM, "item"), all.users(), USER, "user");
        return named.groupBy("user").agg(sort_array(collect_list(struct(col(RANK), col("item"), col(SCORE).cast(DataTypes.DoubleType)
                .as("score")))).as("ranked"))
                .select(col("user"), expr("transform(ranked, r -> named_struct('item', r.item, 'score', r.score))").as("recommendations"));
    }

    /** Customers served and distinct items recommended, from the (kept) recommendations. */
    public static Served served(Dataset<Row> recommendations) {
        return new Served(recommendations.count(), recommendations.select(explode(col("recommendations.item"))).distinct().count());
    }

    /** Saves the model and, for text ids, the fitted id indexes, in Spark ML's own format. */
    public static void save(ALSModel model, Pairs pairs, StorageUri folder, String modelFolder, String userIndex, String itemIndex) {
        try {
            model.write().overwrite().save(folder.resolve(modelFolder).hadoopPath());
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

    /** Spark's recommendation arrays as (customer, item, score) rows. */
    private static Dataset<Row> candidates(Dataset<Row> recommended) {
        return recommended.select(col(USER), explode(col("recommendations")).as("r"))
                .select(col(USER), col("r." + ITEM).as(ITEM), col("r.rating").cast(DataTypes.DoubleType).as(SCORE));
    }

    /** The k best candidates per customer, seen ones left out when asked, with their rank. */
    private static Dataset<Row> ranked(Dataset<Row> candidates, Dataset<Row> seen, boolean excludeSeen, int k) {
        Dataset<Row> unseen = excludeSeen ? candidates.join(seen.select(USER, ITEM), scala(USER, ITEM), "left_anti") : candidates;
        return unseen.withColumn(RANK, row_number().over(Window.partitionBy(USER).orderBy(desc(SCORE), asc(ITEM))))
                .filter(col(RANK).leq(k));
    }

    /** The k best per customer as an array of item ids (doubles, as RankingEvaluator takes them), best first. */
    private static Dataset<Row> top(Dataset<Row> candidates, Dataset<Row> seen, boolean excludeSeen, int k) {
        return ranked(candidates, seen, excludeSeen, k).groupBy(USER)
                .agg(sort_array(collect_list(struct(col(RANK), col(ITEM).cast(DataTypes.DoubleType).as(ITEM)))).as("ranked"))
                .select(col(USER), expr("transform(ranked, r -> r." + ITEM + ")").as("prediction"));
    }

    private static Ranking ranking(Dataset<Row> relevant, Dataset<Row> top, int k) {
        Dataset<Row> joined = relevant.join(top, scala(USER), "left")
                .select(col("label"), expr("coalesce(prediction, cast(array() as array<double>))").as("prediction"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            RankingEvaluator evaluator = new RankingEvaluator().setLabelCol("label").setPredictionCol("prediction").setK(k);
            return new Ranking(evaluator.setMetricName("precisionAtK").evaluate(joined), evaluator.setMetricName("recallAtK").evaluate(joined),
                    evaluator.setMetricName("meanAveragePrecisionAtK").evaluate(joined), evaluator.setMetricName("ndcgAtK").evaluate(joined));
        } finally {
            joined.unpersist();
        }
    }

    /** How many seen items to fetch beyond k so that k unseen ones remain: the most any customer has, capped. */
    private static int seenToSkip(Dataset<Row> pairs) {
        Row r = pairs.groupBy(USER).count().agg(max("count")).first();
        return r.isNullAt(0) ? 0 : (int) Math.min(MAX_SEEN_SKIPPED, r.getLong(0));
    }

    private static boolean numeric(StructType schema, String column) {
        return schema.apply(column).dataType() instanceof NumericType;
    }

    /** The id as read: numbers as doubles (checked below), text trimmed, empty text as missing. */
    private static Column id(String column, boolean numeric) {
        Column c = col(quoted(column));
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

    private static Dataset<Row> withOriginalIds(SparkSession spark, Dataset<Row> rows, IdColumn id, String column, String name) {
        if (!id.text()) {
            return rows.withColumnRenamed(column, name).withColumn(name, col(name).cast(DataTypes.LongType));
        }
        String[] labels = id.index().labelsArray()[0];
        List<Row> mapping = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            mapping.add(RowFactory.create(i, labels[i]));
        }
        Dataset<Row> names = spark.createDataFrame(mapping, new StructType(new StructField[] {
            DataTypes.createStructField(column, DataTypes.IntegerType, false), DataTypes.createStructField(name, DataTypes.StringType, false)}));
        return rows.join(broadcast(names), scala(column)).drop(column);
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static scala.collection.immutable.Seq<String> scala(String... columns) {
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toSeq();
    }
}
