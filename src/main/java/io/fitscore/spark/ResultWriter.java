package io.fitscore.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import io.fitscore.storage.StorageFailures;
import io.fitscore.storage.StorageUri;
import io.fitscore.failure.ExitCode;

/** Writes a result frame as JSON lines (or CSV with a header). */
public final class ResultWriter {

    /** Spark's marker of a complete write; fitscore publishes it last. */
    public static final String SUCCESS_MARKER = "_SUCCESS";

    private ResultWriter() {
    }

    /** Writes the results as JSON lines (null fields kept) to a fresh staging prefix, one part file per partition. */
    public static void write(Dataset<Row> frame, StorageUri output) {
        save(output, () -> frame.write().mode(SaveMode.Overwrite).option("ignoreNullFields", "false").json(output.hadoopPath()));
    }

    /** Writes the results as CSV part files, each with a header line, to a fresh staging prefix. */
    public static void writeCsv(Dataset<Row> frame, StorageUri output) {
        save(output, () -> frame.write().mode(SaveMode.Overwrite).option("header", "true").csv(output.hadoopPath()));
    }

    private static void save(StorageUri output, Runnable write) {
        try {
            write.run();
        } catch (Exception e) { // Spark (Scala) also throws undeclared checked IOExceptions
            throw StorageFailures.classify(output.toString(), e, ExitCode.OUTPUT_FAILED, "results cannot be written");
        }
    }
}
