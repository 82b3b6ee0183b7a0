package io.fitscore.supervised;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.jboss.logging.Logger;

import io.fitscore.ml.Table;
import io.fitscore.spark.InputRows;
import io.fitscore.spark.ColumnNames;

/** Brings the joined rows to the driver as a {@link Table} to train on, never more than a fixed number of rows. */
public final class RowCollector {

    private static final Logger LOG = Logger.getLogger(RowCollector.class);

    /** The collected rows, whether they are a sample of more, and the joined inputs they came from. */
    public record Collected(Table table, InputRows joined, boolean sampled) {
    }

    private RowCollector() {
    }

    public static Collected collect(InputRows joined, int maxRows, long seed) {
        long available = joined.rowCount();
        boolean sampled = available > maxRows;
        List<Row> rows;
        if (sampled) {
            rows = sample(joined.rows(), maxRows, available, seed);
            // By design (the documented training sample), not a problem: info, not a warning.
            LOG.infof("%d joined rows exceed fitscore.train.max-rows=%d: training on a seeded sample of %d rows", available, maxRows, rows.size());
        } else {
            rows = joined.rows().limit(maxRows).collectAsList();
        }
        List<Table.Column> columns = PlainRows.columnsOf(joined.rows().schema());
        List<List<Object>> values = new ArrayList<>(rows.size());
        for (Row row : rows) {
            values.add(PlainRows.valuesOf(row, columns));
        }
        // Spark's row order depends on partitioning; a fixed order makes seeded splits repeatable.
        values.sort(ROW_ORDER);
        return new Collected(new Table(columns, values), joined, sampled);
    }

    /**
     * At most {@code maxRows} of {@code available} rows, chosen by their content, not their place: each row gets a seeded
     * hash of all its values as a number in [0, 1); the rows under a threshold that lets about 5% more than
     * {@code maxRows} through come to the driver, which keeps the {@code maxRows} with the smallest. The same rows are
     * chosen whatever the partitioning, the order rows arrive in or the machine, as long as the rows are the same (a
     * change in how the inputs are split or shuffled no longer changes the model). Ranked on the driver: a sort in Spark
     * would cost a shuffle of every row for the few it keeps. Each row carries its rank as one extra, last value.
     */
    static List<Row> sample(Dataset<Row> rows, int maxRows, long available, long seed) {
        Column[] all = ColumnNames.all(rows);
        Column[] seeded = new Column[all.length + 1];
        seeded[0] = lit(seed);
        System.arraycopy(all, 0, seeded, 1, all.length);
        double fraction = Math.min(1.0, maxRows * 1.05 / available);
        // The hash's top 53 bits as a uniform number in [0, 1).
        Column uniform = shiftrightunsigned(xxhash64(seeded), 11).cast(DataTypes.DoubleType).divide(lit(Math.pow(2, 53)));
        int rank = all.length;
        List<Row> passed = new ArrayList<>(rows.withColumn(SAMPLE_RANK, uniform).filter(col(SAMPLE_RANK).lt(fraction)).collectAsList());
        passed.sort(Comparator.comparingDouble(r -> r.getDouble(rank)));
        return passed.size() > maxRows ? passed.subList(0, maxRows) : passed;
    }

    private static final String SAMPLE_RANK = "__fitscore_sample_rank";

    private static final Comparator<List<Object>> ROW_ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private static int compareValues(Object x, Object y) {
        if (x == y) {
            return 0;
        }
        if (x == null) {
            return -1;
        }
        if (y == null) {
            return 1;
        }
        if (x instanceof Double dx && y instanceof Double dy) {
            return Double.compare(dx, dy);
        }
        return x.toString().compareTo(y.toString());
    }
}
