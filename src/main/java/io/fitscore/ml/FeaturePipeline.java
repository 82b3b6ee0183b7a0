package io.fitscore.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Turns table rows into Tribuo examples with named features. Fitted on training rows only, then
 * immutable; it is saved as features.json and rebuilt from it to score with a saved model. Features
 * are named ({@code duration}, {@code language=English}, {@code genres:Drama}, {@code director_name#mean})
 * so a model never sees misaligned columns.
 *
 * <p>Rules: a missing number takes the training median and sets {@code <column>@missing}; a
 * log-transformed number is {@code log1p(max(0, x))}. A missing category becomes the level
 * {@code <missing>}, an unseen or rare one {@code <other>}. A missing multi-valued field sets no label.
 * A target-encoded level is replaced by the smoothed mean target of its training rows; an unseen
 * level gets the training mean of the target. A product is ((a - mean) / sd) * ((b - mean) / sd) of two numeric
 * columns as encoded above, standardised by their training means and deviations. With a target scale, the model learns and predicts
 * (y - mean) / sd; {@link #unscale} maps its predictions back. Serializable, so Spark can ship it to
 * executors with the model.
 */
public record FeaturePipeline(String target, List<ColumnEncoding> encodings, TargetScale targetScale) implements Serializable {

    static final String OTHER = "<other>";
    static final String MISSING = "<missing>";
    private static final int INNER_FOLDS = 5;

    public FeaturePipeline {
        encodings = List.copyOf(encodings);
        targetScale = targetScale == null ? TargetScale.IDENTITY : targetScale;
    }

    /** How the target is scaled for the model: (y - mean) / sd. */
    public record TargetScale(double mean, double sd) implements Serializable {
        public static final TargetScale IDENTITY = new TargetScale(0, 1);

        double scale(double y) {
            return (y - mean) / sd;
        }

        public double unscale(double prediction) {
            return prediction * sd + mean;
        }
    }

    /** A model's prediction in the target's own units. */
    public double unscale(double prediction) {
        return targetScale.unscale(prediction);
    }

    /** One raw column's encoding rule, learnt from training rows. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({@JsonSubTypes.Type(value = Numeric.class, name = "numeric"),
        @JsonSubTypes.Type(value = Categorical.class, name = "categorical"),
        @JsonSubTypes.Type(value = MultiLabel.class, name = "multi_label"),
        @JsonSubTypes.Type(value = TargetMean.class, name = "target_mean"),
        @JsonSubTypes.Type(value = Product.class, name = "product")})
    public sealed interface ColumnEncoding extends Serializable permits Numeric, Categorical, MultiLabel, TargetMean, Product {
        String column();
    }

    /** A number, imputed with the training median, optionally log1p-transformed. */
    public record Numeric(String column, double median, boolean log) implements ColumnEncoding {

        /** The feature's value for a raw cell: the median when missing, then log1p if set, clamped to a float's range. */
        public double value(Object raw) {
            double x = raw instanceof Double d && Double.isFinite(d) ? d : median;
            return clamp(log ? Math.log1p(Math.max(0, x)) : x);
        }
    }

    /**
     * XGBoost works in floats and rejects infinities: a finite double beyond the float range (1e308 in a CSV)
     * would become one. Clamped here, for every model alike, so training and scoring see the same value.
     */
    static double clamp(double x) {
        return Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, x));
    }

    /** One-hot text; levels rarer than the minimum count fold into {@value #OTHER}. */
    public record Categorical(String column, Set<String> levels) implements ColumnEncoding {
        public Categorical {
            levels = Collections.unmodifiableSet(new java.util.TreeSet<>(levels));
        }
    }

    /** Several labels in one field, one feature per kept label. */
    public record MultiLabel(String column, String separator, Set<String> labels) implements ColumnEncoding {
        public MultiLabel {
            labels = Collections.unmodifiableSet(new java.util.TreeSet<>(labels));
        }
    }

    /** A high-cardinality text column replaced by the smoothed mean target of its level. */
    public record TargetMean(String column, Map<String, Double> means, double prior) implements ColumnEncoding {
        public TargetMean {
            means = Collections.unmodifiableMap(new TreeMap<>(means));
        }
    }

    /**
     * The product of two numeric columns' encoded values, each standardised by its training mean and deviation (a square
     * when both are the same column). Both columns also have their own {@link Numeric} encoding in the pipeline.
     */
    public record Product(String column, String other, double mean, double sd, double otherMean, double otherSd) implements ColumnEncoding {
    }

    /** Learns the encodings from the given training rows of the table. */
    public static FeaturePipeline fit(Table table, List<List<Object>> trainRows, FeatureSpec spec) {
        int targetIndex = table.indexOf(spec.target());
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
                    boolean log = spec.logTransformed().contains(column.name())
                            || (spec.autoLog() && isSkewedNonNegative(present) && logFitsTheTargetBetter(trainRows, idx, targetIndex));
                    encodings.add(new Numeric(column.name(), median(present), log));
                }
            } else if (spec.multiValued().contains(column.name()) || looksMultiValued(trainRows, idx, spec.separator())) {
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
            } else if (spec.targetEncoded().contains(column.name()) && targetIndex >= 0) {
                encodings.add(targetMean(column.name(), idx, targetIndex, trainRows, spec.targetSmoothing()));
            } else {
                Map<String, Integer> counts = new TreeMap<>();
                for (List<Object> row : trainRows) {
                    counts.merge(level(row.get(idx)), 1, Integer::sum);
                }
                if (counts.size() > spec.maxLevels()) {
                    continue; // an id or free text: one-hot would only memorise
                }
                Set<String> kept = keep(counts, spec.minLevelCount());
                if (!kept.isEmpty()) {
                    encodings.add(new Categorical(column.name(), kept));
                }
            }
        }
        if (spec.productsOf() > 0 && targetIndex >= 0) {
            encodings.addAll(products(table, trainRows, targetIndex, encodings, spec.productsOf()));
        }
        TargetScale scale = TargetScale.IDENTITY;
        if (spec.standardiseTarget() && targetIndex >= 0) {
            double[] y = trainRows.stream().mapToDouble(r -> (Double) r.get(targetIndex)).toArray();
            double mean = Arrays.stream(y).average().orElse(0);
            double sd = Math.sqrt(Arrays.stream(y).map(v -> (v - mean) * (v - mean)).average().orElse(0));
            scale = new TargetScale(mean, sd > 0 ? sd : 1);
        }
        return new FeaturePipeline(spec.target(), encodings, scale);
    }

    /**
     * The pairwise products and squares of the {@code among} numeric columns whose encoded values correlate most with
     * the target on the training rows (ties by column order): a screen that keeps the products few (36 of 8 columns)
     * where all pairs of a wide table would be thousands, and lets an L1 penalty keep the ones that help.
     */
    private static List<Product> products(Table table, List<List<Object>> rows, int targetIndex, List<ColumnEncoding> encodings, int among) {
        double[] y = rows.stream().mapToDouble(r -> (Double) r.get(targetIndex)).toArray();
        double yMean = Arrays.stream(y).average().orElse(0);
        record Screened(Numeric encoding, double mean, double sd, double correlation) {
        }
        List<Screened> screened = new ArrayList<>();
        for (ColumnEncoding e : encodings) {
            if (e instanceof Numeric n) {
                int idx = table.indexOf(n.column());
                double[] x = rows.stream().mapToDouble(r -> n.value(r.get(idx))).toArray();
                double mean = Arrays.stream(x).average().orElse(0);
                double sxx = 0;
                double sxy = 0;
                double syy = 0;
                for (int i = 0; i < x.length; i++) {
                    sxx += (x[i] - mean) * (x[i] - mean);
                    sxy += (x[i] - mean) * (y[i] - yMean);
                    syy += (y[i] - yMean) * (y[i] - yMean);
                }
                if (sxx > 0 && syy > 0) {
                    screened.add(new Screened(n, mean, Math.sqrt(sxx / x.length), Math.abs(sxy) / Math.sqrt(sxx * syy)));
                }
            }
        }
        List<Screened> top = screened.stream().sorted((a, b) -> Double.compare(b.correlation(), a.correlation())).limit(among).toList();
        List<Product> out = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            for (int j = i; j < top.size(); j++) {
                Screened a = top.get(i);
                Screened b = top.get(j);
                out.add(new Product(a.encoding().column(), b.encoding().column(), a.mean(), a.sd(), b.mean(), b.sd()));
            }
        }
        return out;
    }

    private static TargetMean targetMean(String column, int idx, int targetIndex, List<List<Object>> rows, double smoothing) {
        double prior = rows.stream().mapToDouble(r -> (Double) r.get(targetIndex)).average().orElse(0);
        Map<String, double[]> sums = new HashMap<>();
        for (List<Object> row : rows) {
            String level = level(row.get(idx));
            if (!level.equals(MISSING)) {
                double[] s = sums.computeIfAbsent(level, k -> new double[2]);
                s[0] += (Double) row.get(targetIndex);
                s[1] += 1;
            }
        }
        Map<String, Double> means = new HashMap<>();
        sums.forEach((level, s) -> means.put(level, (s[0] + smoothing * prior) / (s[1] + smoothing)));
        return new TargetMean(column, means, prior);
    }

    /** Binds the pipeline to a table's column positions; fails naming the first needed column that is absent. */
    public RowEncoder bind(Table table) {
        return bind(table, Map.of());
    }

    /**
     * Binds for training: target-mean columns of the training rows are encoded out of fold (from
     * means of the other inner folds), so no training row sees its own target.
     */
    public RowEncoder bindForTraining(Table table, List<List<Object>> trainRows, FeatureSpec spec, long seed) {
        Map<String, Map<List<Object>, Double>> outOfFold = new HashMap<>();
        int targetIndex = table.indexOf(target);
        for (ColumnEncoding e : encodings) {
            if (e instanceof TargetMean) {
                int idx = table.indexOf(e.column());
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < trainRows.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, new Random(seed));
                Map<List<Object>, Double> values = new IdentityHashMap<>();
                for (int fold = 0; fold < INNER_FOLDS; fold++) {
                    List<List<Object>> rest = new ArrayList<>();
                    List<List<Object>> held = new ArrayList<>();
                    for (int i = 0; i < order.size(); i++) {
                        (i % INNER_FOLDS == fold ? held : rest).add(trainRows.get(order.get(i)));
                    }
                    TargetMean partial = targetMean(e.column(), idx, targetIndex, rest, spec.targetSmoothing());
                    for (List<Object> row : held) {
                        values.put(row, partial.means().getOrDefault(level(row.get(idx)), partial.prior()));
                    }
                }
                outOfFold.put(e.column(), values);
            }
        }
        return bind(table, outOfFold);
    }

    private RowEncoder bind(Table table, Map<String, Map<List<Object>, Double>> overrides) {
        FeatureVectors vectors = FeatureVectors.inPipelineSpace(this, table.columns(), overrides);
        String[] names = featureNames().toArray(String[]::new);
        int targetPosition = table.indexOf(target);
        return row -> {
            double[] values = new double[names.length];
            // Every value a feature can take is finite, so NaN marks the features the row does not have.
            vectors.encode(row, values, 0, Double.NaN);
            int present = 0;
            for (double v : values) {
                present += Double.isNaN(v) ? 0 : 1;
            }
            String[] presentNames = new String[present];
            double[] presentValues = new double[present];
            for (int j = 0, k = 0; j < values.length; j++) {
                if (!Double.isNaN(values[j])) {
                    presentNames[k] = names[j];
                    presentValues[k++] = values[j];
                }
            }
            Object t = targetPosition < 0 ? null : row.get(targetPosition);
            Regressor output = t instanceof Double d && Double.isFinite(d) ? new Regressor(target, targetScale.scale(d))
                    : RegressionFactory.UNKNOWN_REGRESSOR;
            return new ArrayExample<>(output, presentNames, presentValues);
        };
    }

    /** A column the pipeline needs is not in the table being scored. */
    public static final class MissingColumnException extends IllegalArgumentException {
        private final String column;

        MissingColumnException(String column) {
            super("column '" + column + "' is missing");
            this.column = column;
        }

        public String column() {
            return column;
        }
    }

    /** Maps one row to a Tribuo example. */
    @FunctionalInterface
    public interface RowEncoder {
        ArrayExample<Regressor> encode(List<Object> row);
    }

    /**
     * Every feature the pipeline can produce, in a fixed order: the feature space. Names exist here,
     * once per fitted pipeline; rows are encoded by index ({@link FeatureVectors}).
     */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (ColumnEncoding e : encodings) {
            if (e instanceof Numeric n) {
                names.add(numericName(n));
                names.add(missingName(n));
            } else if (e instanceof Categorical c) {
                for (String level : c.levels()) {
                    names.add(levelName(c, level));
                }
                if (!c.levels().contains(OTHER)) {
                    names.add(levelName(c, OTHER));
                }
            } else if (e instanceof MultiLabel m) {
                for (String label : m.labels()) {
                    names.add(labelName(m, label));
                }
            } else if (e instanceof TargetMean tm) {
                names.add(meanName(tm));
            } else if (e instanceof Product pr) {
                names.add(productName(pr));
            }
        }
        return names;
    }

    static String numericName(Numeric n) {
        return n.column();
    }

    static String missingName(Numeric n) {
        return n.column() + "@missing";
    }

    static String levelName(Categorical c, String level) {
        return c.column() + "=" + level;
    }

    static String labelName(MultiLabel m, String label) {
        return m.column() + ":" + label;
    }

    static String meanName(TargetMean tm) {
        return tm.column() + "#mean";
    }

    static String productName(Product p) {
        return p.column() + "*" + p.other();
    }

    /** Names of the features that carry numbers rather than 0/1 indicators. */
    public Set<String> numericFeatureNames() {
        Set<String> names = new LinkedHashSet<>();
        for (ColumnEncoding e : encodings) {
            if (e instanceof Numeric n) {
                names.add(n.column());
            } else if (e instanceof TargetMean tm) {
                names.add(meanName(tm));
            } else if (e instanceof Product pr) {
                names.add(productName(pr));
            }
        }
        return names;
    }

    /** The raw columns the pipeline reads. */
    public List<String> columns() {
        return encodings.stream().map(ColumnEncoding::column).distinct().toList();
    }

    /** A text column where at least a fifth of the values hold the separator is taken for a multi-valued one. */
    private static boolean looksMultiValued(List<List<Object>> rows, int idx, String separator) {
        long present = 0;
        long split = 0;
        for (List<Object> row : rows) {
            Object v = row.get(idx);
            if (v != null) {
                present++;
                if (v.toString().contains(separator)) {
                    split++;
                }
            }
        }
        return present > 0 && split * 5 >= present;
    }

    /**
     * Whether log1p of the column is more strongly correlated with the target than the column itself, over the training
     * rows that have both: a skewed column may be skewed because the target grows with it in proportion (investment and a
     * firm's value), and then its logarithm would bend a straight line a linear model fits. Trees are indifferent either way.
     */
    private static boolean logFitsTheTargetBetter(List<List<Object>> trainRows, int column, int targetIndex) {
        if (targetIndex < 0) {
            return true;
        }
        int n = 0;
        double[] sums = new double[8]; // x, log x, y, x², (log x)², y², xy, (log x)y
        for (List<Object> row : trainRows) {
            if (row.get(column) instanceof Double x && Double.isFinite(x) && row.get(targetIndex) instanceof Double y && Double.isFinite(y)) {
                double l = Math.log1p(Math.max(0, x));
                n++;
                sums[0] += x;
                sums[1] += l;
                sums[2] += y;
                sums[3] += x * x;
                sums[4] += l * l;
                sums[5] += y * y;
                sums[6] += x * y;
                sums[7] += l * y;
            }
        }
        if (n < 3) {
            return true;
        }
        double raw = Math.abs(correlation(n, sums[0], sums[2], sums[3], sums[5], sums[6]));
        double logged = Math.abs(correlation(n, sums[1], sums[2], sums[4], sums[5], sums[7]));
        return !(raw >= logged);
    }

    private static double correlation(int n, double sumA, double sumB, double sumAa, double sumBb, double sumAb) {
        double covariance = sumAb - sumA * sumB / n;
        double varianceA = sumAa - sumA * sumA / n;
        double varianceB = sumBb - sumB * sumB / n;
        return varianceA > 0 && varianceB > 0 ? covariance / Math.sqrt(varianceA * varianceB) : 0;
    }

    private static boolean isSkewedNonNegative(double[] sorted) {
        if (sorted[0] < 0 || sorted.length < 3) {
            return false;
        }
        double mean = Arrays.stream(sorted).average().orElse(0);
        double m2 = 0;
        double m3 = 0;
        for (double x : sorted) {
            m2 += (x - mean) * (x - mean);
            m3 += (x - mean) * (x - mean) * (x - mean);
        }
        m2 /= sorted.length;
        m3 /= sorted.length;
        return m2 > 0 && m3 / Math.pow(m2, 1.5) > 2;
    }

    static String level(Object value) {
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
