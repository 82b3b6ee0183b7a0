package io.fitscore.spark;

import java.io.Serializable;
import java.util.Map;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * What the lean CSV reader counted while it read an input: its data rows, the rows it dropped for a missing key, and
 * the malformed rows. Counted in the reader's own loop, in accumulators that Spark adds up from the tasks, because an
 * observation of the rows read is an operator of its own, for which Spark writes every row a second time.
 */
final class ReadCounts implements Serializable {

    private static final long serialVersionUID = 1L;
    private final LongAccumulator rows;
    private final LongAccumulator missingKey;
    private final LongAccumulator malformed;

    private ReadCounts(SparkContext context) {
        rows = context.longAccumulator("fitscore-rows-read");
        missingKey = context.longAccumulator("fitscore-rows-without-key");
        malformed = context.longAccumulator("fitscore-malformed-rows");
    }

    static ReadCounts register(SparkContext context) {
        return new ReadCounts(context);
    }

    void row(boolean isMalformed, boolean isMissingKey) {
        rows.add(1);
        if (isMalformed) {
            malformed.add(1);
        }
        if (isMissingKey) {
            missingKey.add(1);
        }
    }

    /** The counts, named as InputReader's observation of Spark's reader names them; complete once the rows were read. */
    Map<String, Object> figures() {
        return Map.of("rows", rows.value(), "missing_key", missingKey.value(), "malformed", malformed.value());
    }
}
