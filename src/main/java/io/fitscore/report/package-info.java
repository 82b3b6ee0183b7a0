/**
 * What a run leaves beside its results: the metrics record, the artifacts' names and writers, and the self-
 * contained HTML reports.
 */
package io.fitscore.report;
