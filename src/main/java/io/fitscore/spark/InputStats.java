package io.fitscore.spark;

/**
 * What one input contributed and what was dropped from it, and why. {@code malformedRows} are rows
 * with a value that does not fit the column's type (read as missing there) or with too few or too many fields.
 */
public record InputStats(String uri, long rowsRead, long droppedMissingKey, long droppedDuplicates, long unmatchedRows,
        long malformedRows) {
}
