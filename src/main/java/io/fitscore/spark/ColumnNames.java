package io.fitscore.spark;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Columns by their exact names: CSV headers may hold dots, spaces and backticks, which Spark would otherwise parse. */
public final class ColumnNames {

    private ColumnNames() {
    }

    /** The name as a quoted identifier, for Spark SQL text and {@code col}. */
    public static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** The column of that exact name. */
    public static Column named(String name) {
        return col(quoted(name));
    }

    /** Every column of the rows, in order. */
    public static Column[] all(Dataset<Row> rows) {
        return Arrays.stream(rows.columns()).map(ColumnNames::named).toArray(Column[]::new);
    }
}
