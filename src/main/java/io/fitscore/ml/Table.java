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
    public record Column(String name, boolean numeric) {
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
}
