package io.fitscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.Map;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;

/**
 * The inner rows of a full outer join, with the rows of either side that found no partner counted as they go by.
 * Counted in the filter's own function, in accumulators, because an observation of the joined rows is an operator of
 * its own: Spark writes every row of the outer join (both sides' columns) a second time for it. Being
 * nondeterministic, the filter also keeps Spark from turning the outer join into an inner one, which would lose
 * the unmatched rows before they are counted.
 */
final class InnerRows implements UDF2<Boolean, Boolean, Boolean> {

    private static final long serialVersionUID = 1L;
    private final LongAccumulator leftOnly;
    private final LongAccumulator rightOnly;

    private InnerRows(SparkContext context) {
        leftOnly = context.longAccumulator("fitscore-unmatched-left");
        rightOnly = context.longAccumulator("fitscore-unmatched-right");
    }

    /** Counts for one join: what {@link #of} counted once the join's rows are read. */
    static InnerRows counting(SparkContext context) {
        return new InnerRows(context);
    }

    /**
     * The rows of {@code outer} where both marker columns (each true on its side's rows, missing where that side had
     * no partner) are there, without the markers.
     */
    Dataset<Row> of(Dataset<Row> outer, String leftMarker, String rightMarker) {
        var filter = udf(this, DataTypes.BooleanType).asNondeterministic();
        return outer.filter(filter.apply(col(leftMarker), col(rightMarker))).drop(leftMarker, rightMarker);
    }

    @Override
    public Boolean call(Boolean left, Boolean right) {
        if (left == null) {
            rightOnly.add(1);
            return false;
        }
        if (right == null) {
            leftOnly.add(1);
            return false;
        }
        return true;
    }

    /** The unmatched rows of each side, named as the observation that counted them before: unmatched_0 and _1. */
    Map<String, Object> figures() {
        return Map.of("unmatched_0", leftOnly.value(), "unmatched_1", rightOnly.value());
    }
}
