package io.fitscore.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import scala.Tuple2;

/**
 * Item-to-item co-occurrence, "customers who bought this also bought", computed in Spark so that it scales as ALS
 * does: for every two items, the customers who have both, over the square root of each one's customers (the cosine of
 * their customer sets); each item keeps its {@value #NEIGHBOURS} most similar. A customer's items then score every
 * neighbour by the sum of its similarities ({@link TopItems.Neighbours}). A customer counts with at most
 * {@value #ITEMS_PER_CUSTOMER} items (the largest quantities), so that a wholesaler of thousands of items, whose pairs
 * grow with the square, says no more than others.
 *
 * <p>Each task counts its customers' pairs in a primitive hash table and hands on one count per pair it saw, so the
 * shuffle carries distinct pairs, not every pair of every basket (far less to shuffle than SQL's explode-and-group); each item's best neighbours are kept by a bounded selection per item.
 */
final class CoOccurrence {

    static final int NEIGHBOURS = 50;
    static final int ITEMS_PER_CUSTOMER = 200;
    /** A task's table of pair counts is handed on and emptied when it holds this many pairs. */
    private static final int FLUSH_PAIRS = 1 << 22;

    private CoOccurrence() {
    }

    /** Each item's most similar items among {@code space}, from customer-item pairs (user, item, rating). */
    static TopItems.Neighbours neighbours(SparkSession spark, Dataset<Row> pairs, TopItems.ItemSpace space) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<TopItems.ItemSpace> items = context.broadcast(space);
        int n = space.size();
        Dataset<Row> baskets = pairs.groupBy(TopItems.USER).agg(collect_list(struct(col(CollaborativeFiltering.RATING), col(TopItems.ITEM)))
                .as("__basket"));
        // Keys: a * n + b for a pair of positions a < b; a * n + a counts the customers who have a.
        JavaPairRDD<Long, Integer> counts = baskets.javaRDD().mapPartitionsToPair((Iterator<Row> it) -> {
            TopItems.ItemSpace sp = items.value();
            LongCounter counter = new LongCounter(1 << 12);
            List<Tuple2<Long, Integer>> out = new ArrayList<>();
            while (it.hasNext()) {
                int[] basket = basket(it.next().getList(1), sp);
                for (int i = 0; i < basket.length; i++) {
                    long a = basket[i];
                    counter.add(a * n + a);
                    for (int j = i + 1; j < basket.length; j++) {
                        counter.add(a * n + basket[j]);
                    }
                }
                if (counter.size() >= FLUSH_PAIRS) {
                    counter.drainTo(out);
                }
            }
            counter.drainTo(out);
            return out.iterator();
        }).reduceByKey(Integer::sum).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long[] customers = new long[n];
            for (Tuple2<Long, Integer> diagonal : counts.filter(t -> t._1() / n == t._1() % n).collect()) {
                customers[(int) (diagonal._1() % n)] = diagonal._2();
            }
            Broadcast<long[]> perItem = context.broadcast(customers);
            List<Tuple2<Integer, Best>> best = counts.filter(t -> t._1() / n != t._1() % n).flatMapToPair(t -> {
                int a = (int) (t._1() / n);
                int b = (int) (t._1() % n);
                long[] c = perItem.value();
                float similarity = (float) (t._2() / Math.sqrt((double) c[a] * c[b]));
                return List.of(new Tuple2<>(a, new Best(b, similarity)), new Tuple2<>(b, new Best(a, similarity))).iterator();
            }).aggregateByKey(new Best(), (kept, one) -> kept.merge(one), Best::merge).collect();
            perItem.destroy();
            int[][] neighbour = new int[n][];
            float[][] similarity = new float[n][];
            for (int i = 0; i < n; i++) {
                neighbour[i] = new int[0];
                similarity[i] = new float[0];
            }
            for (Tuple2<Integer, Best> t : best) {
                neighbour[t._1()] = Arrays.copyOf(t._2().positions, t._2().size);
                similarity[t._1()] = Arrays.copyOf(t._2().similarities, t._2().size);
            }
            return new TopItems.Neighbours(neighbour, similarity);
        } finally {
            counts.unpersist(false);
            items.destroy();
        }
    }

    /** The neighbours as rows (item, neighbour, similarity) with the ALS item ids, to save or inspect. */
    static Dataset<Row> table(SparkSession spark, TopItems.Neighbours neighbours, TopItems.ItemSpace space) {
        List<Row> rows = new ArrayList<>();
        for (int a = 0; a < space.size(); a++) {
            for (int k = 0; k < neighbours.neighbour()[a].length; k++) {
                rows.add(RowFactory.create(space.ids()[a], space.ids()[neighbours.neighbour()[a][k]], neighbours.similarity()[a][k]));
            }
        }
        return spark.createDataFrame(rows, new StructType().add("item", DataTypes.IntegerType).add("neighbour", DataTypes.IntegerType)
                .add("similarity", DataTypes.FloatType));
    }

    /** A customer's item positions, at most {@link #ITEMS_PER_CUSTOMER}: the largest quantities, then the lower ids. */
    private static int[] basket(List<Row> entries, TopItems.ItemSpace space) {
        List<Row> sorted = new ArrayList<>(entries);
        if (sorted.size() > ITEMS_PER_CUSTOMER) {
            sorted.sort((x, y) -> x.getFloat(0) != y.getFloat(0) ? Float.compare(y.getFloat(0), x.getFloat(0))
                    : Integer.compare(x.getInt(1), y.getInt(1)));
            sorted = sorted.subList(0, ITEMS_PER_CUSTOMER);
        }
        int[] out = new int[sorted.size()];
        int used = 0;
        for (Row r : sorted) {
            int p = space.position(r.getInt(1));
            if (p >= 0) {
                out[used++] = p;
            }
        }
        out = Arrays.copyOf(out, used);
        Arrays.sort(out);
        return out;
    }

    /** The {@value #NEIGHBOURS} most similar items of one item seen so far, best first (then the lower position). */
    static final class Best implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        int[] positions = new int[NEIGHBOURS];
        float[] similarities = new float[NEIGHBOURS];
        int size;

        Best() {
        }

        Best(int position, float similarity) {
            positions[0] = position;
            similarities[0] = similarity;
            size = 1;
        }

        Best merge(Best other) {
            for (int i = 0; i < other.size; i++) {
                offer(other.positions[i], other.similarities[i]);
            }
            return this;
        }

        private void offer(int position, float similarity) {
            int at = size;
            while (at > 0 && (similarities[at - 1] < similarity || similarities[at - 1] == similarity && positions[at - 1] > position)) {
                at--;
            }
            if (at >= NEIGHBOURS) {
                return;
            }
            int moved = Math.min(size, NEIGHBOURS - 1) - at;
            System.arraycopy(positions, at, positions, at + 1, moved);
            System.arraycopy(similarities, at, similarities, at + 1, moved);
            positions[at] = position;
            similarities[at] = similarity;
            size = Math.min(size + 1, NEIGHBOURS);
        }
    }

    /** Counts of non-negative long keys in an open-addressing table of primitives. */
    static final class LongCounter {
        private long[] keys;
        private int[] counts;
        private int size;

        LongCounter(int capacity) {
            keys = new long[Integer.highestOneBit(Math.max(4, capacity) - 1) << 1];
            Arrays.fill(keys, -1);
            counts = new int[keys.length];
        }

        void add(long key) {
            if (size * 2 >= keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = (int) (mix(key) & mask);
            while (keys[i] != -1 && keys[i] != key) {
                i = (i + 1) & mask;
            }
            if (keys[i] == -1) {
                keys[i] = key;
                size++;
            }
            counts[i]++;
        }

        int size() {
            return size;
        }

        void drainTo(List<Tuple2<Long, Integer>> out) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != -1) {
                    out.add(new Tuple2<>(keys[i], counts[i]));
                    keys[i] = -1;
                    counts[i] = 0;
                }
            }
            size = 0;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new long[oldKeys.length * 2];
            Arrays.fill(keys, -1);
            counts = new int[keys.length];
            size = 0;
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != -1) {
                    int i = (int) (mix(oldKeys[j]) & mask);
                    while (keys[i] != -1) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    counts[i] = oldCounts[j];
                    size++;
                }
            }
        }

        private static long mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 29);
        }
    }
}
