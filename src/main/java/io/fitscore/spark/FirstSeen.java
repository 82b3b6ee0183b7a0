package io.fitscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;


import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;

/**
 * Exact duplicate rows dropped inside the partitions they are already in, without a shuffle or an aggregate of whole
 * rows: each row is fingerprinted once (Spark's 64-bit xxHash and 32-bit Murmur3 of all its values: 96 bits), and a
 * task keeps a row the first time its partition shows the fingerprint. Correct only where equal rows share a partition,
 * e.g. after partitioning by a column of the rows (the join key); a false duplicate needs two different rows of one
 * partition with the same 96 bits, about n^2 / 2^97 (10 million rows: 6e-16).
 *
 * <p>The rows dropped are counted here, in an accumulator, rather than by observing the rows kept: an observation is
 * an operator of its own, which makes Spark write every kept row into a new row for it and breaks the generated code
 * of the join's stage in two.
 */
public final class FirstSeen implements UDF2<Long, Integer, Boolean> {

    private static final long serialVersionUID = 1L;
    private static final String WIDE = "__fitscore_fp64";
    private static final String NARROW = "__fitscore_fp32";

    /** Shipped with each task's copy of this function; Spark adds the tasks' counts up on the driver. */
    private final LongAccumulator dropped;

    // A task deserialises its own copy of the plan, so this table is one task's, one partition's.
    private transient long[] wide;
    private transient int[] narrow;
    private transient boolean[] used;
    private transient int size;

    private FirstSeen(LongAccumulator dropped) {
        this.dropped = dropped;
    }

    /**
     * {@code rows} without exact duplicates, assuming equal rows are in the same partition; the partitioning is kept.
     *
     * @param dropped counts the duplicates dropped once the rows are read (registered with the session's context)
     */
    public static Dataset<Row> dropDuplicatesWithinPartitions(Dataset<Row> rows, LongAccumulator dropped) {
        Column[] all = ColumnNames.all(rows);
        // Nondeterministic: Spark must call it once per row, in order, and move it nowhere.
        UserDefinedFunction firstSeen = udf(new FirstSeen(dropped), DataTypes.BooleanType).asNondeterministic();
        return rows.withColumn(WIDE, xxhash64(all)).withColumn(NARROW, hash(all))
                .filter(firstSeen.apply(col(WIDE), col(NARROW))).drop(WIDE, NARROW);
    }

    @Override
    public Boolean call(Long fingerprint, Integer check) {
        if (wide == null || size * 2 >= wide.length) {
            grow();
        }
        long w = fingerprint;
        int n = check;
        int mask = wide.length - 1;
        int i = (int) (mix(w) & mask);
        while (used[i]) {
            if (wide[i] == w && narrow[i] == n) {
                dropped.add(1);
                return false;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        wide[i] = w;
        narrow[i] = n;
        size++;
        return true;
    }

    private void grow() {
        long[] oldWide = wide;
        int[] oldNarrow = narrow;
        boolean[] oldUsed = used;
        int capacity = oldWide == null ? 1 << 12 : oldWide.length * 2;
        wide = new long[capacity];
        narrow = new int[capacity];
        used = new boolean[capacity];
        size = 0;
        if (oldWide != null) {
            int mask = capacity - 1;
            for (int j = 0; j < oldWide.length; j++) {
                if (oldUsed[j]) {
                    int i = (int) (mix(oldWide[j]) & mask);
                    while (used[i]) {
                        i = (i + 1) & mask;
                    }
                    used[i] = true;
                    wide[i] = oldWide[j];
                    narrow[i] = oldNarrow[j];
                    size++;
                }
            }
        }
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
