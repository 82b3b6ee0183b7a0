package io.fitscore.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent, deliberately simple reading of CSV text, used to work out what the job should
 * produce (e.g. how many rows the cleaned inner join has) without using the job's own code.
 */
public final class CsvFixture {

    private final List<String> header;
    private final List<List<String>> rows;

    private CsvFixture(List<String> header, List<List<String>> rows) {
        this.header = header;
        this.rows = rows;
    }

    public static CsvFixture parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> current = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                current.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                current.add(field.toString());
                field.setLength(0);
                records.add(current);
                current = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !current.isEmpty()) {
            current.add(field.toString());
            records.add(current);
        }
        return new CsvFixture(records.get(0), records.subList(1, records.size()));
    }

    public static String normaliseKey(String key) {
        return key.replaceAll("^[\\s\\p{Z}\\x{FEFF}]+|[\\s\\p{Z}\\x{FEFF}]+$", "");
    }

    public List<String> header() {
        return header;
    }

    public int column(String name) {
        return header.indexOf(name);
    }

    public List<List<String>> rows() {
        return rows;
    }

    /** Rows with a non-empty normalised key, exact duplicates (after key normalisation) removed. */
    public List<List<String>> cleanRows(String key) {
        int k = column(key);
        Set<List<String>> unique = new LinkedHashSet<>();
        for (List<String> row : rows) {
            List<String> copy = new ArrayList<>(row);
            copy.set(k, normaliseKey(row.get(k)));
            if (!copy.get(k).isEmpty()) {
                unique.add(copy);
            }
        }
        return new ArrayList<>(unique);
    }

    /** Number of rows of the inner join of two cleaned tables on the key (many-to-many). */
    public static long innerJoinCount(CsvFixture left, CsvFixture right, String key) {
        Map<String, Integer> rightCounts = new HashMap<>();
        int rk = right.column(key);
        for (List<String> row : right.cleanRows(key)) {
            rightCounts.merge(row.get(rk), 1, Integer::sum);
        }
        int lk = left.column(key);
        long count = 0;
        for (List<String> row : left.cleanRows(key)) {
            count += rightCounts.getOrDefault(row.get(lk), 0);
        }
        return count;
    }
}
