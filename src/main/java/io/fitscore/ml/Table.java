package io.fitscore.ml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Plain Java rows on the driver: named, typed columns and one list of values per row
 * (Double for numbers, String for text, null for missing).
 */
public record Table(List<Column> columns, List<List<Object>> rows) {

    /** A column name and whether its values are numbers. */
    public record Column(String name, boolean numeric) implements java.io.Serializable {
    }

    public Table {
        columns = List.copyOf(columns);
        rows = Collections.unmodifiableList(new ArrayList<>(rows));
    }

    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    public Column column(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + name);
        }
        return columns.get(i);
    }

    public int size() {
        return rows.size();
    }

    /**
     * A 64-bit fingerprint of a row's values: the same for equal rows wherever they are computed (driver
     * or executor), so a row of the training sample is recognised again when Spark scores all rows.
     */
    public static long fingerprint(List<Object> row) {
        long h = 0x9E3779B97F4A7C15L;
        for (Object value : row) {
            long v;
            if (value == null) {
                v = 0x5bd1e995L;
            } else if (value instanceof Double d) {
                v = Double.doubleToLongBits(d);
            } else {
                v = 0xcbf29ce484222325L; // FNV-1a over the text's chars
                String text = value.toString();
                for (int i = 0; i < text.length(); i++) {
                    v = (v ^ text.charAt(i)) * 0x100000001b3L;
                }
            }
            h = mix(h ^ mix(v));
        }
        return h;
    }

    // splitmix64's finaliser: every input bit affects every output bit.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
