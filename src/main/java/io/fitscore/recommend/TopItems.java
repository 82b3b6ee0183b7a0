package io.fitscore.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.fitscore.spark.line.SparkLine;

/**
 * The top k items per customer, and the ranking metrics of the items they went on to buy, computed customer by customer
 * inside Spark's tasks: each customer's row carries the items they already have (left out of their ranking when asked)
 * and, to measure, the held-out ones; the recommenders (ALS's item factors, the best sellers, item-to-item neighbours)
 * are broadcast once and k items are kept per customer with a small heap. No candidate list is exploded, joined or
 * windowed, so ranking costs one pass over the customers, whatever k.
 */
final class TopItems {

    static final String USER = "__user";
    static final String ITEM = "__item";
    static final String SEEN = "__seen";
    static final String RELEVANT = "__relevant";
    static final String FACTOR = "__factor";

    private TopItems() {
    }

    /** The items that can be recommended, by position: sorted ALS item ids. */
    record ItemSpace(int[] ids) implements Serializable {

        static ItemSpace of(int[] ids) {
            int[] sorted = ids.clone();
            Arrays.sort(sorted);
            return new ItemSpace(sorted);
        }

        int size() {
            return ids.length;
        }

        /** The position of an item id, or -1 for an item outside the space. */
        int position(int id) {
            int p = Arrays.binarySearch(ids, id);
            return p >= 0 ? p : -1;
        }
    }

    /** One customer as a recommender sees them: their factor (ALS), and the positions of the items they have. */
    record Customer(float[] factor, int[] seen) {
    }

    /** Ranks items for a customer. Implementations are broadcast to every task, so they are plain arrays. */
    interface Recommender extends Serializable {

        /** Fills {@code scores} (one per item position) for the customer; NaN: not a candidate. */
        void score(Customer customer, double[] scores);
    }

    /** ALS: the dot product of the customer's and each item's factors. */
    record Factors(int rank, float[] itemFactors) implements Recommender {
        @Override
        public void score(Customer customer, double[] scores) {
            float[] u = customer.factor();
            if (u == null) {
                Arrays.fill(scores, Double.NaN);
                return;
            }
            for (int j = 0, base = 0; j < scores.length; j++, base += rank) {
                double s = 0;
                for (int f = 0; f < rank; f++) {
                    s += u[f] * itemFactors[base + f];
                }
                scores[j] = s;
            }
        }
    }

    /** The same score for every customer, e.g. how many customers bought each item. */
    record Fixed(double[] itemScores) implements Recommender {
        @Override
        public void score(Customer customer, double[] scores) {
            System.arraycopy(itemScores, 0, scores, 0, scores.length);
        }
    }

    /**
     * Item to item: an item scores the sum of its similarities to the items the customer has ("customers who bought
     * this also bought"); items no owned item neighbours are not candidates.
     */
    record Neighbours(int[][] neighbour, float[][] similarity) implements Recommender {
        @Override
        public void score(Customer customer, double[] scores) {
            Arrays.fill(scores, Double.NaN);
            for (int owned : customer.seen()) {
                int[] n = neighbour[owned];
                float[] s = similarity[owned];
                for (int i = 0; i < n.length; i++) {
                    int j = n[i];
                    scores[j] = (Double.isNaN(scores[j]) ? 0 : scores[j]) + s[i];
                }
            }
        }
    }

    /**
     * The positions of the k best-scored items, best first (a higher score, then the lower item id), leaving out
     * {@code excluded} positions and NaN scores; fewer when fewer are candidates.
     */
    static int[] top(double[] scores, boolean[] excluded, int k) {
        // A min-heap of the k best so far: its root is the worst kept, replaced when a better one comes.
        int[] heap = new int[k];
        int size = 0;
        for (int j = 0; j < scores.length; j++) {
            if (excluded[j] || Double.isNaN(scores[j])) {
                continue;
            }
            if (size < k) {
                heap[size] = j;
                siftUp(heap, size++, scores);
            } else if (better(j, heap[0], scores)) {
                heap[0] = j;
                siftDown(heap, size, scores);
            }
        }
        int[] out = new int[size];
        for (int i = size - 1; i >= 0; i--) {
            out[i] = heap[0];
            heap[0] = heap[--size];
            siftDown(heap, size, scores);
        }
        return out;
    }

    /** Whether item position a ranks before b: a higher score, or the same score and a lower position (a lower id). */
    private static boolean better(int a, int b, double[] scores) {
        return scores[a] > scores[b] || scores[a] == scores[b] && a < b;
    }

    private static void siftUp(int[] heap, int i, double[] scores) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!better(heap[parent], heap[i], scores)) {
                return;
            }
            swap(heap, i, parent);
            i = parent;
        }
    }

    private static void siftDown(int[] heap, int size, double[] scores) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            int worst = i;
            if (left < size && better(heap[worst], heap[left], scores)) {
                worst = left;
            }
            if (left + 1 < size && better(heap[worst], heap[left + 1], scores)) {
                worst = left + 1;
            }
            if (worst == i) {
                return;
            }
            swap(heap, i, worst);
            i = worst;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * Sums of the per-customer ranking metrics at k, as Spark's RankingMetrics defines them for binary relevance:
     * precision (hits / k), recall (hits / relevant), average precision (the precision at each hit, over
     * min(relevant, k)) and NDCG (1 / log2(rank + 1) per hit, over the best possible).
     */
    static void addMetrics(int[] ranked, boolean[] relevant, int relevantCount, int k, double[] sums, int offset) {
        int hits = 0;
        double precisionSum = 0;
        double dcg = 0;
        for (int i = 0; i < ranked.length && i < k; i++) {
            if (relevant[ranked[i]]) {
                hits++;
                precisionSum += hits / (double) (i + 1);
                dcg += 1 / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(relevantCount, k); i++) {
            ideal += 1 / log2(i + 2);
        }
        sums[offset] += hits / (double) k;
        sums[offset + 1] += relevantCount == 0 ? 0 : hits / (double) relevantCount;
        sums[offset + 2] += relevantCount == 0 ? 0 : precisionSum / Math.min(relevantCount, k);
        sums[offset + 3] += ideal == 0 ? 0 : dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * Each customer's row: their id, the items they have in {@code seen} (pairs), the items they have in {@code relevant}
     * (pairs; empty: none asked), and their ALS factor when {@code factors} (id, features) is given.
     */
    static Dataset<Row> customers(Dataset<Row> seen, Dataset<Row> relevant, Dataset<Row> factors) {
        Dataset<Row> rows = seen.groupBy(USER).agg(collect_list(col(ITEM)).as(SEEN));
        if (relevant != null) {
            rows = relevant.groupBy(USER).agg(collect_list(col(ITEM)).as(RELEVANT)).join(rows, SparkLine.seq(USER), "left");
        }
        if (factors != null) {
            rows = rows.join(factors.select(col("id").as(USER), col("features").as(FACTOR)), SparkLine.seq(USER), "left");
        }
        return rows;
    }

    /** The ranking metrics of one recommender over the customers measured. */
    record Metrics(double precisionAtK, double recallAtK, double mapAtK, double ndcgAtK) {
    }

    /** What a measurement found: the customers measured and every recommender's metrics, in the order given. */
    record Measured(long customers, List<Metrics> metrics) {
    }

    /**
     * Ranks the held-out customers' items with every recommender (items they have left out when {@code excludeSeen})
     * and averages each one's metrics at k over the customers, in one pass over {@code customers} (from
     * {@link #customers} with a relevant part).
     */
    static Measured measure(SparkSession spark, Dataset<Row> customers, ItemSpace space, List<Recommender> recommenders, int k,
            boolean excludeSeen) {
        Broadcast<ItemSpace> items = broadcast(spark, space);
        Broadcast<List<Recommender>> shared = broadcast(spark, new ArrayList<>(recommenders));
        int width = 1 + 4 * recommenders.size();
        JavaRDD<Row> rows = customers.javaRDD();
        double[] sums = rows.mapPartitions((Iterator<Row> it) -> {
            ItemSpace space2 = items.value();
            List<Recommender> ranked = shared.value();
            double[] out = new double[width];
            double[] scores = new double[space2.size()];
            boolean[] excluded = new boolean[space2.size()];
            boolean[] relevant = new boolean[space2.size()];
            while (it.hasNext()) {
                Row r = it.next();
                int[] relevantPositions = positions(space2, r.getList(r.fieldIndex(RELEVANT)));
                int relevantCount = r.getList(r.fieldIndex(RELEVANT)).size();
                int[] seen = r.isNullAt(r.fieldIndex(SEEN)) ? new int[0] : positions(space2, r.getList(r.fieldIndex(SEEN)));
                Customer customer = new Customer(factor(r), seen);
                for (int p : relevantPositions) {
                    relevant[p] = true;
                }
                if (excludeSeen) {
                    for (int p : seen) {
                        excluded[p] = true;
                    }
                }
                out[0]++;
                for (int m = 0; m < ranked.size(); m++) {
                    ranked.get(m).score(customer, scores);
                    addMetrics(top(scores, excluded, k), relevant, relevantCount, k, out, 1 + 4 * m);
                }
                for (int p : relevantPositions) {
                    relevant[p] = false;
                }
                for (int p : seen) {
                    excluded[p] = false;
                }
            }
            return List.of(out).iterator();
        }).reduce((a, b) -> {
            double[] c = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                c[i] = a[i] + b[i];
            }
            return c;
        });
        items.destroy();
        shared.destroy();
        long measured = (long) sums[0];
        List<Metrics> metrics = new ArrayList<>();
        for (int m = 0; m < recommenders.size(); m++) {
            int o = 1 + 4 * m;
            double n = Math.max(1, measured);
            metrics.add(new Metrics(sums[o] / n, sums[o + 1] / n, sums[o + 2] / n, sums[o + 3] / n));
        }
        return new Measured(measured, metrics);
    }

    /** How a customer's and an item's ALS ids are written in the output: as numbers, or as the text ids they index. */
    record Labels(String[] users, String[] items) implements Serializable {

        Object user(int id) {
            return users == null ? (Object) (long) id : users[id];
        }

        Object item(int id) {
            return items == null ? (Object) (long) id : items[id];
        }

        DataType userType() {
            return users == null ? DataTypes.LongType : DataTypes.StringType;
        }

        DataType itemType() {
            return items == null ? DataTypes.LongType : DataTypes.StringType;
        }
    }

    /**
     * The top k items of every customer in {@code customers} (from {@link #customers} without a relevant part) by one
     * recommender, as {@code user} and {@code recommendations: [{item, score}]} with the ids as they were in the logs.
     */
    static Dataset<Row> recommend(SparkSession spark, Dataset<Row> customers, ItemSpace space, Recommender recommender, Labels labels, int k,
            boolean excludeSeen) {
        Broadcast<ItemSpace> items = broadcast(spark, space);
        Broadcast<Recommender> shared = broadcast(spark, recommender);
        Broadcast<Labels> names = broadcast(spark, labels);
        StructType recommendation = new StructType(new StructField[] {DataTypes.createStructField("item", labels.itemType(), false),
            DataTypes.createStructField("score", DataTypes.DoubleType, false)});
        StructType schema = new StructType(new StructField[] {DataTypes.createStructField("user", labels.userType(), false),
            DataTypes.createStructField("recommendations", DataTypes.createArrayType(recommendation, false), false)});
        JavaRDD<Row> out = customers.javaRDD().mapPartitions((Iterator<Row> it) -> {
            ItemSpace space2 = items.value();
            Recommender ranker = shared.value();
            Labels label = names.value();
            double[] scores = new double[space2.size()];
            boolean[] excluded = new boolean[space2.size()];
            // One customer at a time, as the writer pulls them: a partition is never held whole.
            return new Iterator<Row>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Row next() {
                    Row r = it.next();
                    int[] seen = positions(space2, r.getList(r.fieldIndex(SEEN)));
                    if (excludeSeen) {
                        for (int p : seen) {
                            excluded[p] = true;
                        }
                    }
                    ranker.score(new Customer(factor(r), seen), scores);
                    int[] best = top(scores, excluded, k);
                    for (int p : seen) {
                        excluded[p] = false;
                    }
                    Row[] recommended = new Row[best.length];
                    for (int i = 0; i < best.length; i++) {
                        recommended[i] = RowFactory.create(label.item(space2.ids()[best[i]]), scores[best[i]]);
                    }
                    return RowFactory.create(label.user(r.getInt(r.fieldIndex(USER))), SparkLine.seq(Arrays.asList(recommended)));
                }
            };
        });
        return spark.createDataFrame(out, schema);
    }

    private static float[] factor(Row r) {
        int i = r.schema().getFieldIndex(FACTOR).isDefined() ? r.fieldIndex(FACTOR) : -1;
        if (i < 0 || r.isNullAt(i)) {
            return null;
        }
        List<Object> values = r.getList(i);
        float[] out = new float[values.size()];
        for (int f = 0; f < out.length; f++) {
            out[f] = ((Number) values.get(f)).floatValue();
        }
        return out;
    }

    private static int[] positions(ItemSpace space, List<Object> ids) {
        int[] out = new int[ids.size()];
        int n = 0;
        for (Object id : ids) {
            int p = space.position(((Number) id).intValue());
            if (p >= 0) {
                out[n++] = p;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static <T> Broadcast<T> broadcast(SparkSession spark, T value) {
        return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(value);
    }
}
