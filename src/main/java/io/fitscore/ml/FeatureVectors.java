package io.fitscore.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A fitted {@link FeaturePipeline} compiled against one table layout and one feature index: it writes a
 * row's features straight into a slice of a primitive array, by slot numbers computed once here. No
 * feature name is built and no map is filled per row; only text values are looked up (level to slot).
 *
 * <p>A feature the row does not have keeps the caller's "absent" value: 0 for Tribuo's sparse models,
 * NaN for XGBoost, where absent means missing. Features the index does not know (slot -1) are dropped,
 * as Tribuo drops features a model has not seen.
 */
public final class FeatureVectors implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final byte NUMERIC = 0;
    private static final byte CATEGORICAL = 1;
    private static final byte MULTI_LABEL = 2;
    private static final byte TARGET_MEAN = 3;
    private static final byte PRODUCT = 4;

    private final int width;
    private final byte[] kind;
    private final int[] position;
    /** Numeric and target-mean: the value's slot; categorical: the {@code <other>} slot. */
    private final int[] slot;
    /** Numeric: the slot of {@code column@missing}. */
    private final int[] missingSlot;
    /** Numeric: the encoding; product: its first factor's. */
    private final FeaturePipeline.Numeric[] numeric;
    /** Product: its second factor's encoding and position, and the factors' means and deviations. */
    private final FeaturePipeline.Numeric[] otherNumeric;
    private final int[] otherPosition;
    private final FeaturePipeline.Product[] product;
    /** Categorical levels and multi-valued labels to slots. */
    private final Map<String, Integer>[] slots;
    private final String[] separator;
    private final Map<String, Double>[] means;
    private final double[] prior;
    /** Per encoding: which of {@link #sources}' names its features are reported under. */
    private final int[] source;
    private final List<String> sourceNames;
    /** Per source: the first encoding reported under it, whose cells are the value shown. */
    private final int[] sourceEncoding;
    /** Out-of-fold target means of training rows, by row identity; only while training, never shipped. */
    private final transient Map<List<Object>, Double>[] outOfFold;

    @SuppressWarnings("unchecked")
    private FeatureVectors(FeaturePipeline pipeline, List<Table.Column> columns, ToIntFunction<String> slotOf, int width,
            Map<String, Map<List<Object>, Double>> overrides) {
        List<FeaturePipeline.ColumnEncoding> encodings = pipeline.encodings();
        int n = encodings.size();
        this.width = width;
        kind = new byte[n];
        position = new int[n];
        slot = new int[n];
        missingSlot = new int[n];
        numeric = new FeaturePipeline.Numeric[n];
        otherNumeric = new FeaturePipeline.Numeric[n];
        otherPosition = new int[n];
        product = new FeaturePipeline.Product[n];
        slots = new Map[n];
        separator = new String[n];
        means = new Map[n];
        prior = new double[n];
        outOfFold = new Map[n];
        source = new int[n];
        List<String> names = new java.util.ArrayList<>();
        Table shape = new Table(columns, List.of());
        for (int i = 0; i < n; i++) {
            FeaturePipeline.ColumnEncoding e = encodings.get(i);
            position[i] = shape.indexOf(e.column());
            if (position[i] < 0) {
                throw new FeaturePipeline.MissingColumnException(e.column());
            }
            if (e instanceof FeaturePipeline.Numeric num) {
                kind[i] = NUMERIC;
                slot[i] = slotOf.applyAsInt(FeaturePipeline.numericName(num));
                missingSlot[i] = slotOf.applyAsInt(FeaturePipeline.missingName(num));
                numeric[i] = num;
            } else if (e instanceof FeaturePipeline.Categorical c) {
                kind[i] = CATEGORICAL;
                slots[i] = new HashMap<>();
                for (String level : c.levels()) {
                    slots[i].put(level, slotOf.applyAsInt(FeaturePipeline.levelName(c, level)));
                }
                slot[i] = slotOf.applyAsInt(FeaturePipeline.levelName(c, FeaturePipeline.OTHER));
            } else if (e instanceof FeaturePipeline.MultiLabel m) {
                kind[i] = MULTI_LABEL;
                slots[i] = new HashMap<>();
                for (String label : m.labels()) {
                    slots[i].put(label, slotOf.applyAsInt(FeaturePipeline.labelName(m, label)));
                }
                separator[i] = m.separator();
            } else if (e instanceof FeaturePipeline.TargetMean tm) {
                kind[i] = TARGET_MEAN;
                slot[i] = slotOf.applyAsInt(FeaturePipeline.meanName(tm));
                means[i] = tm.means();
                prior[i] = tm.prior();
                outOfFold[i] = overrides.get(tm.column());
            } else if (e instanceof FeaturePipeline.Product pr) {
                kind[i] = PRODUCT;
                slot[i] = slotOf.applyAsInt(FeaturePipeline.productName(pr));
                product[i] = pr;
                numeric[i] = numericEncoding(encodings, pr.column());
                otherNumeric[i] = numericEncoding(encodings, pr.other());
                otherPosition[i] = shape.indexOf(pr.other());
                if (otherPosition[i] < 0) {
                    throw new FeaturePipeline.MissingColumnException(pr.other());
                }
            }
            String name = e instanceof FeaturePipeline.Product pr ? FeaturePipeline.productName(pr) : e.column();
            if (!names.contains(name)) {
                names.add(name);
            }
            source[i] = names.indexOf(name);
        }
        sourceNames = List.copyOf(names);
        sourceEncoding = new int[names.size()];
        for (int i = n - 1; i >= 0; i--) {
            sourceEncoding[source[i]] = i;
        }
    }

    /**
     * The input column each feature comes from, as a user reads it: a categorical column's levels, a multi-valued
     * column's labels, a number's missing flag and its target mean all under the column's name; a product of two
     * columns under {@code a*b}.
     */
    public List<String> sources() {
        return sourceNames;
    }

    /** For each feature slot, its index in {@link #sources()}, or -1 for a slot no encoding writes (Tribuo's bias). */
    public int[] sourceOfSlot() {
        int[] of = new int[width];
        Arrays.fill(of, -1);
        for (int i = 0; i < kind.length; i++) {
            if (kind[i] != MULTI_LABEL) {
                mark(of, slot[i], source[i]);
            }
            if (kind[i] == NUMERIC) {
                mark(of, missingSlot[i], source[i]);
            }
            if (slots[i] != null) {
                for (int s : slots[i].values()) {
                    mark(of, s, source[i]);
                }
            }
        }
        return of;
    }

    private static void mark(int[] of, int slot, int source) {
        if (slot >= 0 && slot < of.length) {
            of[slot] = source;
        }
    }

    /** A row's value of source {@code s} as text: the cell, or for a product both cells joined by {@code *}. */
    public String sourceValue(List<Object> row, int s) {
        int i = sourceEncoding[s];
        return kind[i] == PRODUCT ? text(row.get(position[i])) + "*" + text(row.get(otherPosition[i])) : text(row.get(position[i]));
    }

    private static String text(Object value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        return value == null ? null : value.toString();
    }

    private static FeaturePipeline.Numeric numericEncoding(List<FeaturePipeline.ColumnEncoding> encodings, String column) {
        return encodings.stream().filter(e -> e instanceof FeaturePipeline.Numeric && e.column().equals(column))
                .map(FeaturePipeline.Numeric.class::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a product of '" + column + "', which has no numeric encoding"));
    }

    /** Encodes into the pipeline's own feature space ({@link FeaturePipeline#featureNames()}), for training. */
    static FeatureVectors inPipelineSpace(FeaturePipeline pipeline, List<Table.Column> columns,
            Map<String, Map<List<Object>, Double>> overrides) {
        List<String> names = pipeline.featureNames();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(names.get(i), i);
        }
        return new FeatureVectors(pipeline, columns, name -> index.getOrDefault(name, -1), names.size(), overrides);
    }

    /** Encodes into a model's feature index (feature name to id, -1 when the model does not know it). */
    public static FeatureVectors inModelSpace(FeaturePipeline pipeline, List<Table.Column> columns, ToIntFunction<String> idOf,
            int modelFeatures) {
        return new FeatureVectors(pipeline, columns, idOf, modelFeatures, Map.of());
    }

    /** Features per row. */
    public int width() {
        return width;
    }

    /**
     * Writes a batch of rows' features row after row into {@code buffer}, or into a larger array when it is too small
     * for them; returns the array written.
     */
    public double[] encodeBatch(List<List<Object>> rows, double[] buffer, double absent) {
        double[] out = buffer.length < rows.size() * width ? new double[rows.size() * width] : buffer;
        for (int r = 0; r < rows.size(); r++) {
            encode(rows.get(r), out, r * width, absent);
        }
        return out;
    }

    /** Writes one row's features into {@code out[offset .. offset + width)}; absent features get {@code absent}. */
    public void encode(List<Object> row, double[] out, int offset, double absent) {
        Arrays.fill(out, offset, offset + width, absent);
        for (int i = 0; i < kind.length; i++) {
            Object value = row.get(position[i]);
            switch (kind[i]) {
                case NUMERIC -> {
                    if (!(value instanceof Double d && Double.isFinite(d))) {
                        put(out, offset, missingSlot[i], 1.0);
                    }
                    put(out, offset, slot[i], numeric[i].value(value));
                }
                case PRODUCT -> {
                    FeaturePipeline.Product p = product[i];
                    double a = (numeric[i].value(value) - p.mean()) / p.sd();
                    double b = (otherNumeric[i].value(row.get(otherPosition[i])) - p.otherMean()) / p.otherSd();
                    put(out, offset, slot[i], FeaturePipeline.clamp(a * b));
                }
                case CATEGORICAL -> {
                    Integer s = slots[i].get(FeaturePipeline.level(value));
                    put(out, offset, s != null ? s : slot[i], 1.0);
                }
                case MULTI_LABEL -> {
                    if (value != null) {
                        encodeLabels(value.toString(), i, out, offset);
                    }
                }
                default -> {
                    Double encoded = outOfFold[i] == null ? null : outOfFold[i].get(row);
                    if (encoded == null) {
                        encoded = means[i].getOrDefault(FeaturePipeline.level(value), prior[i]);
                    }
                    put(out, offset, slot[i], encoded);
                }
            }
        }
    }

    private void encodeLabels(String text, int i, double[] out, int offset) {
        String sep = separator[i];
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(sep, start);
            if (end < 0) {
                end = text.length();
            }
            String label = text.substring(start, end).strip();
            if (!label.isEmpty()) {
                Integer s = slots[i].get(label);
                if (s != null) {
                    put(out, offset, s, 1.0);
                }
            }
            start = end + sep.length();
        }
    }

    private static void put(double[] out, int offset, int slot, double value) {
        if (slot >= 0) {
            out[offset + slot] = value;
        }
    }
}
