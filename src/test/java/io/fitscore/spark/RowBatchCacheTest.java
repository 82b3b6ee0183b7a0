package io.fitscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fitscore.testing.LocalSpark;

/** A run's session caches rows as rows: what comes back from the cache is what went in, whole or by some columns. */
class RowBatchCacheTest {

    @RegisterExtension
    static final LocalSpark job = new LocalSpark(3);

    private static final StructType SCHEMA = new StructType().add("id", DataTypes.LongType).add("title", DataTypes.StringType)
            .add("score", DataTypes.DoubleType).add("votes", DataTypes.IntegerType).add("seen", DataTypes.BooleanType)
            .add("budget", DataTypes.createDecimalType(20, 2)).add("released", DataTypes.DateType)
            .add("updated", DataTypes.TimestampType);

    /** 40,000 rows of about 200 bytes (several 4 MB batches a partition), nulls in every column, one row of 5 MB. */
    private static Dataset<Row> rows() {
        Random random = new Random(11);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            boolean nulls = i % 17 == 0;
            String title = nulls ? null : i == 1234 ? "x".repeat(5 << 20) : "title é " + i + " " + "y".repeat(random.nextInt(300));
            rows.add(RowFactory.create((long) i, title, nulls ? null : random.nextGaussian(), nulls ? null : random.nextInt(),
                    nulls ? null : random.nextBoolean(), nulls ? null : BigDecimal.valueOf(random.nextInt(1_000_000), 2),
                    nulls ? null : Date.valueOf("2020-01-01"), nulls ? null : new Timestamp(1_600_000_000_000L + i)));
        }
        return job.spark().createDataFrame(rows, SCHEMA).repartition(3);
    }

    @Test
    void theSessionCachesWithRowBatches() {
        assertEquals(io.fitscore.spark.line.RowBatchCacheSerializer.class.getName(), job.spark().conf().get("spark.sql.cache.serializer"));
    }

    @Test
    void cachedRowsComeBackWholeAndByColumn() {
        Dataset<Row> source = rows();
        List<Row> expected = source.orderBy("id").collectAsList();
        Dataset<Row> cached = source.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            assertEquals(40_000, cached.count());
            assertTrue(cached.orderBy("id").queryExecution().executedPlan().toString().contains("InMemoryTableScan"),
                    "the cache is read");
            assertEquals(expected, cached.orderBy("id").collectAsList());

            // Some columns, in another order, and a filter on the cached rows.
            List<Row> some = cached.filter(col("votes").gt(0)).select("score", "id", "title").orderBy("id").collectAsList();
            List<Row> expectedSome = expected.stream().filter(r -> !r.isNullAt(3) && r.getInt(3) > 0)
                    .map(r -> RowFactory.create(r.get(2), r.get(0), r.get(1))).toList();
            assertTrue(expectedSome.size() > 10_000);
            assertEquals(expectedSome, some);
        } finally {
            cached.unpersist(true);
        }
    }
}
