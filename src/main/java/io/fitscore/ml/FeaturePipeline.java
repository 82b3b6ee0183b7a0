package io.fitscore.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Turns table rows into Tribuo examples with named features. Fitted on training rows only, then
 * immutable; features are named (e.g. {@code duration}, {@code language=English},
 * {@code genres:Drama}) so a model never sees misaligned columns.
 *
 * <p>Missing values: a missing number takes the training median and sets {@code <column>@missing};
 * a missing category becomes the level {@code <missing>}; a missing multi-valued field sets no label.
 */
public final class FeaturePipeline {

    static final String OTHER = "<other>";
    static final String MISSING = "<missing>";

    /** One raw column's encoding rule, learnt from training rows. */
    public sealed interface ColumnEncoding permits Numeric, Categorical, MultiLabel {
        String column();
    }

    /** A number, imputed with the training median. */
    public record Numeric(String column, double median) implements ColumnEncoding {
    }

    /** One-hot text; levels rarer than the minimum count fold into {@value #OTHER}. */
    public record Categorical(String column, Set<String> levels) implements ColumnEncoding {
        public Categorical {
            levels = Set.copyOf(levels);
        }
    }

    /** Several labels in one field, one feature per kept label. */
    public record MultiLabel(String column, String separator, Set<String> labels) implements ColumnEncoding {
        public MultiLabel {
            labels = Set.copyOf(labels);
        }
    }

    private final String target;
    private final List<ColumnEncoding> encodings;

    private FeaturePipeline(String target, List<ColumnEncoding> encodings) {
        this.target = target;
        this.encodings = List.copyOf(encodings);
    }

    /** Learns the encodings from the given training rows of the table. */
    public static FeaturePipeline fit(Table table, List<List<Object>> trainRows, FeatureSpec spec) {
        List<ColumnEncoding> encodings = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            Table.Column column = table.columns().get(c);
            if (!spec.isCandidate(column.name())) {
                continue;
            }
            int idx = c;
            if (column.numeric()) {
                double[] present = trainRows.stream().map(r -> r.get(idx))
                        .filter(v -> v != null && Double.isFinite((Double) v)).mapToDouble(v -> (Double) v).sorted().toArray();
                if (present.length > 0) {
                    encodings.add(new Numeric(column.name(), median(present)));
                }
            } else if (spec.multiValued().contains(column.name())) {
                Map<String, Integer> counts = new TreeMap<>();
                Pattern split = Pattern.compile(Pattern.quote(spec.separator()));
                for (List<Object> row : trainRows) {
                    for (String label : labels(row.get(idx), split)) {
                        counts.merge(label, 1, Integer::sum);
                    }
                }
                Set<String> kept = keep(counts, spec.minLevelCount());
                if (!kept.isEmpty()) {
                    encodings.add(new MultiLabel(column.name(), spec.separator(), kept));
                }
            } else {
                Map<String, Integer> counts = new TreeMap<>();
                for (List<Object> row : trainRows) {
                    counts.merge(level(row.get(idx)), 1, Integer::sum);
                }
                Set<String> kept = keep(counts, spec.minLevelCount());
                if (!kept.isEmpty()) {
                    encodings.add(new Categorical(column.name(), kept));
                }
            }
        }
        return new FeaturePipeline(spec.target(), encodings);
    }

    /** Binds the pipeline to a table's column positions; fails when a needed column is absent. */
    public RowEncoder bind(Table table) {
        int[] positions = new int[encodings.size()];
        for (int i = 0; i < encodings.size(); i++) {
            positions[i] = table.indexOf(encodings.get(i).column());
            if (positions[i] < 0) {
                throw new IllegalArgumentException("column '" + encodings.get(i).column() + "' is missing");
            }
        }
        int targetPosition = table.indexOf(target);
        Pattern[] separators = new Pattern[encodings.size()];
        for (int i = 0; i < encodings.size(); i++) {
            if (encodings.get(i) instanceof MultiLabel m) {
                separators[i] = Pattern.compile(Pattern.quote(m.separator()));
            }
        }
        return row -> encode(row, positions, targetPosition, separators);
    }

    /** Maps one row to a Tribuo example. */
    @FunctionalInterface
    public interface RowEncoder {
        ArrayExample<Regressor> encode(List<Object> row);
    }

    private ArrayExample<Regressor> encode(List<Object> row, int[] positions, int targetPosition, Pattern[] separators) {
        Object t = targetPosition < 0 ? null : row.get(targetPosition);
        Regressor output = t instanceof Double d && Double.isFinite(d) ? new Regressor(target, d) : RegressionFactory.UNKNOWN_REGRESSOR;
        ArrayExample<Regressor> example = new ArrayExample<>(output);
        Map<String, Double> features = new LinkedHashMap<>();
        for (int i = 0; i < encodings.size(); i++) {
            Object value = row.get(positions[i]);
            ColumnEncoding encoding = encodings.get(i);
            if (encoding instanceof Numeric n) {
                if (value instanceof Double d && Double.isFinite(d)) {
                    features.put(n.column(), d);
                } else {
                    features.put(n.column(), n.median());
                    features.put(n.column() + "@missing", 1.0);
                }
            } else if (encoding instanceof Categorical c) {
                String level = level(value);
                features.put(c.column() + "=" + (c.levels().contains(level) ? level : OTHER), 1.0);
            } else if (encoding instanceof MultiLabel m) {
                for (String label : labels(value, separators[i])) {
                    if (m.labels().contains(label)) {
                        features.put(m.column() + ":" + label, 1.0);
                    }
                }
            }
        }
        features.forEach(example::add);
        return example;
    }

    /** Names of the features that carry numbers rather than 0/1 indicators. */
    public Set<String> numericFeatureNames() {
        Set<String> names = new LinkedHashSet<>();
        for (ColumnEncoding e : encodings) {
            if (e instanceof Numeric n) {
                names.add(n.column());
            }
        }
        return names;
    }

    public List<ColumnEncoding> encodings() {
        return encodings;
    }

    public String target() {
        return target;
    }

    private static String level(Object value) {
        if (value == null) {
            return MISSING;
        }
        String s = value.toString().strip();
        return s.isEmpty() ? MISSING : s;
    }

    private static Set<String> labels(Object value, Pattern separator) {
        Set<String> out = new LinkedHashSet<>();
        if (value == null) {
            return out;
        }
        Arrays.stream(separator.split(value.toString())).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static Set<String> keep(Map<String, Integer> counts, int minCount) {
        Set<String> kept = new LinkedHashSet<>();
        counts.forEach((level, n) -> {
            if (n >= minCount) {
                kept.add(level);
            }
        });
        return kept;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
