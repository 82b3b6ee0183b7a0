package io.fitscore.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one column's values were spread in a run: for a number, the shares of rows between its deciles; for text, the
 * shares of its most frequent levels and of all others; in both, the share missing. A later run's values are counted
 * into the same bins, which is what the population stability index compares.
 *
 * @param edges a number's upper bin edges (the deciles, without repeats); empty for text
 * @param levels text's levels that hold at least 1% of the rows (at most 50), most frequent first; empty for a number
 * @param shares per bin: one per edge and one above the last (a number), or one per level and one for all others
 *               (text); then the share missing
 * @param seen every distinct text value, when there were at most 1,000 (else empty): what tells a new level
 * @param separator for a column of several labels a field ({@code Drama|Comedy}), what separates them: its levels are
 *                  then the labels, and its shares those of all labels given; null for other columns
 */
public record ColumnProfile(String column, boolean numeric, int rows, double[] edges, List<String> levels, double[] shares,
        List<String> seen, String separator) {

    /** Levels kept as bins per text column: the rest count as one bin, so rare levels do not make noise of the index. */
    static final int MOST_LEVELS = 50;
    static final double LEAST_LEVEL_SHARE = 0.01;
    static final int MOST_SEEN = 1000;
    private static final int BINS = 10;

    /** The profile of {@code values} (Double or String, null when missing). */
    static ColumnProfile of(String column, boolean numeric, List<Object> values) {
        return of(column, numeric, values, null);
    }

    /** The profile of a text column's values, read as labels separated by {@code separator} when it is not null. */
    static ColumnProfile of(String column, boolean numeric, List<Object> fields, String separator) {
        List<Object> values = labels(fields, separator);
        if (numeric) {
            double[] present = values.stream().filter(v -> v instanceof Double d && Double.isFinite(d)).mapToDouble(v -> (Double) v).sorted().toArray();
            double[] edges = present.length == 0 ? new double[0] : Arrays.stream(deciles(present)).distinct().toArray();
            return new ColumnProfile(column, true, values.size(), edges, List.of(), shares(true, edges, List.of(), values), List.of(), null);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (Object v : values) {
            if (v != null) {
                counts.merge(v.toString(), 1, Integer::sum);
            }
        }
        List<String> levels = counts.entrySet().stream().filter(e -> e.getValue() >= LEAST_LEVEL_SHARE * values.size())
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(MOST_LEVELS).map(Map.Entry::getKey).toList();
        List<String> seen = counts.size() <= MOST_SEEN ? counts.keySet().stream().sorted().toList() : List.of();
        return new ColumnProfile(column, false, values.size(), new double[0], levels, shares(false, new double[0], levels, values), seen,
                separator);
    }

    private static double[] deciles(double[] sorted) {
        double[] edges = new double[BINS - 1];
        for (int i = 1; i < BINS; i++) {
            edges[i - 1] = sorted[Math.min(sorted.length - 1, (int) Math.floor(i * sorted.length / (double) BINS))];
        }
        return edges;
    }

    /** A multi-valued column's fields as their labels (a missing field stays one missing value); other columns as they are. */
    private static List<Object> labels(List<Object> fields, String separator) {
        if (separator == null) {
            return fields;
        }
        List<Object> labels = new ArrayList<>();
        for (Object field : fields) {
            if (field == null) {
                labels.add(null);
                continue;
            }
            for (String label : field.toString().split(java.util.regex.Pattern.quote(separator))) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }

    /** A column's fields as this profile counts them: a multi-valued column's as their labels, others as they are. */
    List<Object> valuesOf(List<Object> fields) {
        return labels(fields, separator);
    }

    /** The shares of {@code values} ({@link #valuesOf}) in this profile's bins. */
    double[] sharesOf(List<Object> values) {
        return shares(numeric, edges, levels, values);
    }

    /** The shares of {@code values} in the bins of a number's {@code edges} or of text's {@code levels}, then missing. */
    private static double[] shares(boolean numeric, double[] edges, List<String> levels, List<Object> values) {
        int bins = numeric ? edges.length + 1 : levels.size() + 1;
        double[] counts = new double[bins + 1];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            index.put(levels.get(i), i);
        }
        for (Object v : values) {
            if (v == null || (v instanceof Double d && !Double.isFinite(d))) {
                counts[bins]++;
            } else if (numeric) {
                counts[bin(edges, (Double) v)]++;
            } else {
                counts[index.getOrDefault(v.toString(), levels.size())]++;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] = values.isEmpty() ? 0 : counts[i] / values.size();
        }
        return counts;
    }

    private static int bin(double[] edges, double value) {
        int at = Arrays.binarySearch(edges, value);
        return at >= 0 ? at : -at - 1;
    }

    /**
     * The distinct text values of {@code values} ({@link #valuesOf}) this profile never saw, most frequent first; none when
     * it saw too many values to keep them all (an id-like column, where every value is new).
     */
    List<String> newLevels(List<Object> values, int most) {
        if (seen.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> known = new java.util.HashSet<>(seen);
        Map<String, Integer> counts = new HashMap<>();
        for (Object v : values) {
            if (v != null && !known.contains(v.toString())) {
                counts.merge(v.toString(), 1, Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey())).limit(most).forEach(e -> out.add(e.getKey()));
        return out;
    }
}
