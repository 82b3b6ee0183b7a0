package io.fitscore.spark;

/** What one input contributed and what was dropped from it, and why. */
public record InputStats(String uri, long rowsRead, long droppedMissingKey, long droppedDuplicates, long unmatchedRows) {
}
