package io.fitscore.regression;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jboss.logging.Logger;

import io.fitscore.ml.Table;
import io.fitscore.spark.JoinedInputs;

/** Brings the joined rows to the driver as a {@link Table} to train on, never more than a fixed number of rows. */
public final class RowCollector {

    private static final Logger LOG = Logger.getLogger(RowCollector.class);

    /** The collected rows, whether they are a sample of more, and the joined inputs they came from. */
    public record Collected(Table table, JoinedInputs joined, boolean sampled) {
    }

    private RowCollector() {
    }

    public static Collected collect(JoinedInputs joined, int maxRows, long seed) {
        long available = joined.rowCount();
        Dataset<Row> bounded = joined.rows();
        boolean sampled = available > maxRows;
        if (sampled) {
            // Oversample slightly so the seeded Bernoulli sample rarely falls short, then cap exactly.
            double fraction = Math.min(1.0, maxRows * 1.05 / available);
            bounded = bounded.sample(false, fraction, seed);
            // By design (the documented training sample), not a problem: info, not a warning.
            LOG.infof("%d joined rows exceed fitscore.train.max-rows=%d: training on a seeded sample of about %d rows", available, maxRows, maxRows);
        }
        List<Row> rows = bounded.limit(maxRows).collectAsList();
        List<Table.Column> columns = PlainRows.columnsOf(bounded.schema());
        List<List<Object>> values = new ArrayList<>(rows.size());
        for (Row row : rows) {
            values.add(PlainRows.valuesOf(row, columns));
        }
        // Spark's row order depends on partitioning; a fixed order makes seeded splits repeatable.
        values.sort(ROW_ORDER);
        return new Collected(new Table(columns, values), joined, sampled);
    }

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
