package io.fitscore.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.Model;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;

import io.fitscore.ml.explain.AveragedContributions;
import io.fitscore.ml.explain.Contributions;
import io.fitscore.ml.explain.LinearContributions;
import io.fitscore.ml.explain.TreeShap;
import io.fitscore.ml.scoring.AveragedModels;
import io.fitscore.ml.scoring.BoosterTrees;
import io.fitscore.ml.scoring.FlatTrees;
import io.fitscore.ml.scoring.XGBoostBatch;

/**
 * A trained model's per-row explanations compiled for one table layout: each row's contributions by input column (a
 * categorical column's levels summed under its name, a product of two columns under {@code a*b}), in the target's
 * units, with the base value they start from, so that base plus every column's contribution is the row's prediction.
 * Boosted trees are explained by exact TreeSHAP, linear models by weight times distance from the training mean, an
 * averaged blend by its members' weighted contributions; Tribuo's own trees (the opt-in CART forest) keep no cover
 * counts and are not explained.
 */
public final class RowExplainer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final FeaturePipeline pipeline;
    /** The model's feature names by id: what a new table layout is encoded against. */
    private final List<String> featureNames;
    private final FeatureVectors vectors;
    private final Contributions contributions;
    private final int[] sourceOfSlot;
    private final List<String> sources;

    private RowExplainer(FeaturePipeline pipeline, List<String> featureNames, List<Table.Column> columns, Contributions contributions) {
        this.pipeline = pipeline;
        this.featureNames = featureNames;
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < featureNames.size(); id++) {
            ids.put(featureNames.get(id), id);
        }
        this.vectors = FeatureVectors.inModelSpace(pipeline, columns, name -> ids.getOrDefault(name, -1), featureNames.size());
        this.contributions = contributions;
        this.sourceOfSlot = vectors.sourceOfSlot();
        this.sources = vectors.sources();
    }

    /**
     * The same explainer for rows laid out as {@code columns}: the model's contributions (TreeSHAP's tables included)
     * are shared, only the encoding is compiled again. Fails with {@link FeaturePipeline.MissingColumnException} if a
     * column the pipeline needs is absent.
     */
    public RowExplainer forColumns(List<Table.Column> columns) {
        return new RowExplainer(pipeline, featureNames, columns, contributions);
    }

    /** Whether {@link #of} needs the training means to explain {@code model}: a linear model, or a blend with one. */
    public static boolean needsMeans(Model<Regressor> model) {
        if (model instanceof WeightedEnsembleModel<Regressor> ensemble) {
            return ensemble.getModels().stream().anyMatch(RowExplainer::needsMeans);
        }
        return LinearForm.applies(model);
    }

    /** Each model feature's mean over {@code rows} (laid out as {@code columns}), by feature name, absent counted as 0. */
    public static Map<String, Double> featureMeans(Model<Regressor> model, FeaturePipeline pipeline, List<Table.Column> columns,
            List<List<Object>> rows) {
        int width = model.getFeatureIDMap().size();
        FeatureVectors vectors = FeatureVectors.inModelSpace(pipeline, columns, model.getFeatureIDMap()::getID, width);
        double[] sums = new double[width];
        double[] row = new double[width];
        for (List<Object> r : rows) {
            vectors.encode(r, row, 0, 0.0);
            for (int j = 0; j < width; j++) {
                sums[j] += row[j];
            }
        }
        Map<String, Double> means = new HashMap<>();
        for (int j = 0; j < width; j++) {
            means.put(model.getFeatureIDMap().get(j).getName(), rows.isEmpty() ? 0.0 : sums[j] / rows.size());
        }
        return means;
    }

    /**
     * The explainer of {@code model} for rows laid out as {@code columns}, or null when the model's kind is not
     * explained (Tribuo's trees) or a linear part has no {@code means} to measure from.
     *
     * @param means {@link #featureMeans} of the training rows; asked for only where {@link #needsMeans}, may be null
     */
    public static RowExplainer of(Model<Regressor> model, FeaturePipeline pipeline, List<Table.Column> columns, Map<String, Double> means) {
        Contributions c = contributions(model, means);
        if (c == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int id = 0; id < model.getFeatureIDMap().size(); id++) {
            names.add(model.getFeatureIDMap().get(id).getName());
        }
        return new RowExplainer(pipeline, List.copyOf(names), columns, c);
    }

    private static Contributions contributions(Model<Regressor> model, Map<String, Double> means) {
        if (XGBoostBatch.isSingleBooster(model)) {
            BoosterTrees trees = BoosterTrees.of(model);
            return trees == null ? null : TreeShap.of(trees);
        }
        if (LinearForm.applies(model)) {
            return means == null ? null : linear(model, means);
        }
        if (model instanceof WeightedEnsembleModel<Regressor> ensemble) {
            float[] weights = FlatTrees.averagingWeights(ensemble);
            if (weights == null) {
                return null;
            }
            List<Contributions> members = new ArrayList<>();
            for (Model<Regressor> member : ensemble.getModels()) {
                Contributions c = AveragedModels.sameFeatures(member.getFeatureIDMap(), model.getFeatureIDMap())
                        ? contributions(member, means) : null;
                if (c == null || Double.compare(c.absent(), members.isEmpty() ? c.absent() : members.get(0).absent()) != 0) {
                    return null;
                }
                members.add(c);
            }
            return new AveragedContributions(members, weights);
        }
        return null;
    }

    /** A linear model's contributions, measured from the training means of its features. */
    private static Contributions linear(Model<Regressor> model, Map<String, Double> means) {
        LinearForm form = LinearForm.of(model);
        double[] mean = new double[form.weights().length];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = means.getOrDefault(model.getFeatureIDMap().get(j).getName(), 0.0);
        }
        return new LinearContributions(form.weights(), form.intercept(), mean);
    }

    /** How the contributions are computed, for the report. */
    public String method() {
        return contributions.method();
    }

    /** Estimated core-seconds to explain {@code rows} rows. */
    public double estimatedSeconds(long rows) {
        return rows * contributions.nanosPerRow() * 1e-9;
    }

    /** How many rows fit in {@code seconds} core-seconds. */
    public long affordableRows(double seconds) {
        return (long) Math.min(Long.MAX_VALUE / 2, seconds / (Math.max(1, contributions.nanosPerRow()) * 1e-9));
    }

    /** The names contributions are reported under: input columns, and {@code a*b} for products. */
    public List<String> sources() {
        return sources;
    }

    /** Each input column's mean absolute contribution over some rows, largest first: what the model leans on. */
    public record ColumnContributions(int rows, List<String> columns, double[] meanAbsolute) {
    }

    /** The mean absolute contribution of each source over {@code rows}, largest first (ties by source order). */
    public ColumnContributions meanAbsolute(List<List<Object>> rows) {
        int s = sources.size();
        double[] sums = new double[s];
        Session session = open();
        for (int start = 0; start < rows.size(); start += CompiledModel.BATCH_ROWS) {
            List<List<Object>> batch = rows.subList(start, Math.min(rows.size(), start + CompiledModel.BATCH_ROWS));
            session.explain(batch);
            for (int r = 0; r < batch.size(); r++) {
                for (int j = 0; j < s; j++) {
                    sums[j] += Math.abs(session.contribution(r, j));
                }
            }
        }
        Integer[] order = new Integer[s];
        for (int j = 0; j < s; j++) {
            order[j] = j;
            sums[j] = rows.isEmpty() ? 0 : sums[j] / rows.size();
        }
        Arrays.sort(order, (a, b) -> Double.compare(sums[b], sums[a]));
        return new ColumnContributions(rows.size(), Arrays.stream(order).map(sources::get).toList(),
                Arrays.stream(order).mapToDouble(j -> sums[j]).toArray());
    }

    /** A session for one thread. */
    public Session open() {
        return new Session(contributions.open());
    }

    /** Explains batches of rows; holds reusable buffers. Not thread-safe. */
    public final class Session {
        private final Contributions.Session session;
        private double[] features = new double[0];
        private double[] raw = new double[0];
        private double[] bySource = new double[0];
        private double[] base = new double[0];

        private Session(Contributions.Session session) {
            this.session = session;
        }

        /**
         * Explains a batch: afterwards {@link #contribution} and {@link #base} answer for its rows, until the next
         * call.
         */
        public void explain(List<List<Object>> rows) {
            int n = rows.size();
            int width = vectors.width();
            if (raw.length < n * (width + 1)) {
                raw = new double[n * (width + 1)];
            }
            int s = sources.size();
            if (bySource.length < n * s) {
                bySource = new double[n * s];
            }
            if (base.length < n) {
                base = new double[n];
            }
            features = vectors.encodeBatch(rows, features, contributions.absent());
            if (n == 0) {
                return;
            }
            session.contributions(features, n, width, raw);
            Arrays.fill(bySource, 0, n * s, 0.0);
            for (int r = 0; r < n; r++) {
                int at = r * (width + 1);
                double unassigned = 0;
                for (int j = 0; j < width; j++) {
                    int source = sourceOfSlot[j];
                    if (source >= 0) {
                        bySource[r * s + source] += raw[at + j] * pipeline.targetScale().sd();
                    } else {
                        unassigned += raw[at + j];
                    }
                }
                // A model feature no encoding writes is absent in every row: whatever it adds is folded into the base.
                base[r] = pipeline.unscale(raw[at + width] + unassigned);
            }
        }

        /** Row r's contribution of source s, in the target's units. */
        public double contribution(int r, int s) {
            return bySource[r * sources.size() + s];
        }

        /** Row r's base value, in the target's units. */
        public double base(int r) {
            return base[r];
        }

        /** Row r's value of source s, as text. */
        public String value(List<Object> row, int s) {
            return vectors.sourceValue(row, s);
        }

        /**
         * The {@code top} sources of row r by absolute contribution, largest first (ties by source order), into
         * {@code out}; returns how many were written (fewer when there are fewer sources).
         */
        public int top(int r, int top, int[] out) {
            int s = sources.size();
            int k = Math.min(top, s);
            int filled = 0;
            for (int j = 0; j < s; j++) {
                double a = Math.abs(contribution(r, j));
                int at;
                if (filled < k) {
                    at = filled++;
                } else if (k > 0 && a > Math.abs(contribution(r, out[k - 1]))) {
                    at = k - 1;
                } else {
                    continue;
                }
                while (at > 0 && Math.abs(contribution(r, out[at - 1])) < a) {
                    out[at] = out[at - 1];
                    at--;
                }
                out[at] = j;
            }
            return filled;
        }
    }
}
