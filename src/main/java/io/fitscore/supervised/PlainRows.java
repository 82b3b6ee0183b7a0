package io.fitscore.supervised;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.fitscore.ml.Table;

/**
 * The one conversion of Spark rows to plain Java values, used on the driver (collect) and on the
 * executors (scoring) alike. Executors run it with only Spark, Tribuo and fitscore's own jar on their
 * classpath, so it depends on nothing else (no logging, no CDI).
 */
public final class PlainRows {

    private PlainRows() {
    }

    /** The plain-Java columns of a Spark schema: numbers become doubles, everything else text. */
    public static List<Table.Column> columnsOf(StructType schema) {
        List<Table.Column> columns = new ArrayList<>();
        for (StructField f : schema.fields()) {
            columns.add(new Table.Column(f.name(), f.dataType() instanceof NumericType));
        }
        return columns;
    }

    /** One Spark row as plain Java values: Double for numbers, String for text, null for missing. */
    public static List<Object> valuesOf(Row row, List<Table.Column> columns) {
        Object[] v = new Object[columns.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = plain(row.get(i), columns.get(i).numeric());
        }
        return Collections.unmodifiableList(Arrays.asList(v));
    }

    private static Object plain(Object value, boolean numeric) {
        if (value == null) {
            return null;
        }
        if (numeric) {
            return ((Number) value).doubleValue();
        }
        return value.toString();
    }
}
