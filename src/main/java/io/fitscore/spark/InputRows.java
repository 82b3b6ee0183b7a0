package io.fitscore.spark;

import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The inputs' rows, still in Spark, with the counts of how they were made: joined on the key (or a single table) for
 * run, score and reduce; stacked one input under the other for recommend's logs.
 */
public record InputRows(Dataset<Row> rows, long rowCount, List<InputStats> inputs) {
}
