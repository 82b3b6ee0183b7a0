package io.fitscore.spark;

import java.util.List;
import java.util.Optional;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The joined (or single) input table, still in Spark, with the counts of how it was made. */
public record JoinedInputs(Dataset<Row> rows, long rowCount, Optional<String> keyColumn, List<InputStats> inputs) {
}
