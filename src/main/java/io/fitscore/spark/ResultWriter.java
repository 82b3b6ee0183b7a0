package io.fitscore.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.fitscore.aws.StorageFailures;
import io.fitscore.aws.StorageUri;
import io.fitscore.ml.ScoredRow;
import io.fitscore.ml.Table;
import io.fitscore.run.ExitCode;

/** Turns scored rows into a typed Spark DataFrame and writes it as JSON lines. */
public final class ResultWriter {

    public static final String PREDICTION = "prediction";
    public static final String SPLIT = "split";
    /** Spark's marker of a complete write; fitscore publishes it last. */
    public static final String SUCCESS_MARKER = "_SUCCESS";
    private static final int ROWS_PER_PART = 100_000;

    private ResultWriter() {
    }

    /** The typed result frame: carried columns, the target, the prediction and the split. */
    public static Dataset<Row> toFrame(SparkSession spark, Table table, List<ScoredRow> scored, List<String> carried, String target) {
        List<StructField> fields = new ArrayList<>();
        int[] positions = new int[carried.size()];
        for (int i = 0; i < carried.size(); i++) {
            Table.Column column = table.column(carried.get(i));
            positions[i] = table.indexOf(column.name());
            fields.add(DataTypes.createStructField(column.name(), column.numeric() ? DataTypes.DoubleType : DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(target, DataTypes.DoubleType, true));
        fields.add(DataTypes.createStructField(PREDICTION, DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField(SPLIT, DataTypes.StringType, false));
        StructType schema = DataTypes.createStructType(fields);
        List<Row> rows = new ArrayList<>(scored.size());
        for (ScoredRow s : scored) {
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < positions.length; i++) {
                values[i] = s.values().get(positions[i]);
            }
            values[positions.length] = s.target();
            values[positions.length + 1] = s.prediction();
            values[positions.length + 2] = s.split();
            rows.add(RowFactory.create(values));
        }
        int parts = Math.max(1, (scored.size() + ROWS_PER_PART - 1) / ROWS_PER_PART);
        return spark.createDataFrame(rows, schema).repartition(parts);
    }

    /** Writes the results as JSON lines (null fields kept) to a fresh staging prefix. */
    public static void write(Dataset<Row> frame, StorageUri output) {
        try {
            frame.write().mode(SaveMode.Overwrite).option("ignoreNullFields", "false").json(output.hadoopPath());
        } catch (Exception e) { // Spark (Scala) also throws undeclared checked IOExceptions
            throw StorageFailures.classify(output.toString(), e, ExitCode.OUTPUT_FAILED, "results cannot be written");
        }
    }
}
