package io.fitscore.supervised;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fitscore.testing.LocalSpark;

/** The training sample is chosen by the rows' content: the same rows however Spark splits them. */
class RowCollectorTest {

    @RegisterExtension
    static final LocalSpark job = new LocalSpark(3);

    private static Dataset<Row> rows(int count) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(RowFactory.create("movie " + i, i % 7 == 0 ? null : (double) (i % 100)));
        }
        return job.spark().createDataFrame(rows, new StructType().add("title", DataTypes.StringType).add("score", DataTypes.DoubleType));
    }

    private static Set<String> titles(List<Row> sample) {
        Set<String> titles = new HashSet<>();
        sample.forEach(r -> titles.add(r.getString(0)));
        return titles;
    }

    @Test
    void theSampleIsTheSameRowsWhateverThePartitioning() {
        Dataset<Row> rows = rows(20_000);
        List<Row> inThree = RowCollector.sample(rows.repartition(3), 2_000, 20_000, 42);
        List<Row> inSeven = RowCollector.sample(rows.repartition(7), 2_000, 20_000, 42);
        List<Row> otherSeed = RowCollector.sample(rows.repartition(3), 2_000, 20_000, 43);

        assertEquals(2_000, inThree.size(), "exactly max-rows: a few more pass the threshold, the smallest ranks stay");
        assertEquals(2_000, titles(inThree).size());
        assertEquals(titles(inThree), titles(inSeven));
        Set<String> shared = new HashSet<>(titles(inThree));
        shared.retainAll(titles(otherSeed));
        assertNotEquals(titles(inThree), titles(otherSeed));
        // Two independent 10% samples share about 10% of their rows.
        assertTrue(shared.size() > 100 && shared.size() < 330, "rows shared by two seeds: " + shared.size());
    }
}
