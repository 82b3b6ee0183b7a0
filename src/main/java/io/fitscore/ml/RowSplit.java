package io.fitscore.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Which rows a model was trained on and which were held out, kept as row fingerprints so that the
 * split can be told again for any row, on an executor, without shipping the rows themselves.
 */
public final class RowSplit implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String TRAIN = "train";
    public static final String TEST = "test";
    public static final String UNLABELLED = "unlabelled";
    /** A labelled row outside the training sample, or any row scored by a saved model. */
    public static final String SCORED = "scored";

    private final long[] train;
    private final long[] test;

    private RowSplit(long[] train, long[] test) {
        this.train = train;
        this.test = test;
    }

    public static RowSplit of(List<List<Object>> trainRows, List<List<Object>> testRows) {
        return new RowSplit(sortedFingerprints(trainRows), sortedFingerprints(testRows));
    }

    /** No training rows: every labelled row is {@value #SCORED}. */
    public static RowSplit none() {
        return new RowSplit(new long[0], new long[0]);
    }

    /** The split of a row: unlabelled without a target, else train, test, or scored when in neither. */
    public String splitOf(List<Object> row, boolean labelled) {
        if (!labelled) {
            return UNLABELLED;
        }
        long fingerprint = Table.fingerprint(row);
        // Identical rows share a fingerprint; if copies fell on both sides, the row counts as trained on.
        if (Arrays.binarySearch(train, fingerprint) >= 0) {
            return TRAIN;
        }
        return Arrays.binarySearch(test, fingerprint) >= 0 ? TEST : SCORED;
    }

    private static long[] sortedFingerprints(List<List<Object>> rows) {
        long[] f = rows.stream().mapToLong(Table::fingerprint).toArray();
        Arrays.sort(f);
        return f;
    }
}
