package io.fitscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fitscore.testing.LocalSpark;

/**
 * Dropping exact duplicates inside the key's partitions keeps what Spark's dropDuplicates keeps: one of each distinct
 * row, rows differing in one value (a null among them) both kept.
 */
class FirstSeenTest {

    @RegisterExtension
    static final LocalSpark job = new LocalSpark(3);

    /** Seeded rows: 600 keys, values from small sets so that many rows repeat exactly and many differ in one value. */
    private static Dataset<Row> rowsWithDuplicates(int count) {
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "k" + random.nextInt(600);
            Double budget = random.nextInt(10) == 0 ? null : (double) random.nextInt(3);
            String genre = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> "drama";
                default -> "drama ";
            };
            rows.add(RowFactory.create(key, budget, genre, (long) random.nextInt(2)));
        }
        StructType schema = new StructType().add("title", DataTypes.StringType).add("budget", DataTypes.DoubleType)
                .add("genre", DataTypes.StringType).add("year", DataTypes.LongType);
        return job.spark().createDataFrame(rows, schema);
    }

    private static Map<Row, Integer> counted(List<Row> rows) {
        Map<Row, Integer> counts = new HashMap<>();
        rows.forEach(r -> counts.merge(r, 1, Integer::sum));
        return counts;
    }

    @Test
    void keepsOneOfEachDistinctRowAsDropDuplicatesDoes() {
        Dataset<Row> rows = rowsWithDuplicates(30_000);
        List<Row> expected = rows.dropDuplicates().collectAsList();
        LongAccumulator dropped = job.spark().sparkContext().longAccumulator();
        List<Row> kept = FirstSeen.dropDuplicatesWithinPartitions(rows.repartition(3, col("title")), dropped).collectAsList();

        // Far fewer distinct rows than rows, and each partition holds more than the table's first size (4096).
        assertTrue(expected.size() < 20_000 && expected.size() > 3 * 4096, "distinct rows: " + expected.size());
        assertEquals(expected.size(), kept.size());
        Map<Row, Integer> keptCounts = counted(kept);
        assertEquals(counted(expected), keptCounts);
        assertTrue(keptCounts.values().stream().allMatch(n -> n == 1));
        // Every row it did not keep is counted as dropped, once.
        assertEquals(30_000 - expected.size(), dropped.value());
    }

    @Test
    void duplicatesInOtherPartitionsAreNotItsBusiness() {
        // Round-robin partitions split equal rows: the drop is partition-local by contract, so some survive twice.
        Dataset<Row> rows = rowsWithDuplicates(30_000);
        long distinct = rows.dropDuplicates().count();
        long kept = FirstSeen.dropDuplicatesWithinPartitions(rows.repartition(3), job.spark().sparkContext().longAccumulator()).count();
        assertTrue(kept > distinct, kept + " rows kept of " + distinct + " distinct");
    }
}
