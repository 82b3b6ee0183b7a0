package io.fitscore.ml.explain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.json.JsonDocuments;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Exact TreeSHAP (the path-dependent algorithm of Lundberg et al., "From local explanations to global understanding
 * with explainable AI for trees", 2020) on an XGBoost booster's trees, read from its JSON model with each node's cover
 * (its sum of hessians): per row, each feature's Shapley value of the prediction, the features absent from a path
 * weighted by the training rows' covers, as XGBoost's own {@code predictContrib} computes it. The base value is the base
 * score plus each tree's cover-weighted mean leaf, so base plus contributions is the prediction. Features compare as
 * floats ({@code x < split} goes left, a missing value to the node's default side), as in XGBoost's own walk.
 *
 * <p>Cost per row is the sum over trees of leaves times depth squared: a few microseconds for shallow boosting, much
 * more for deep forests, which is why callers bound the rows they explain.
 */
public final class TreeShap implements Contributions {

    private static final long serialVersionUID = 1L;

    private final double baseValue;
    private final int[] roots;
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    private final float[] split;
    private final boolean[] defaultLeft;
    /** A leaf's value; unused for a split. */
    private final double[] value;
    private final double[] cover;
    private final int maxDepth;
    /** Sum over trees of leaves times (depth + 1) squared: the work of explaining one row, for cost guards. */
    private final long workPerRow;

    private TreeShap(double baseValue, int[] roots, int[] left, int[] right, int[] feature, float[] split, boolean[] defaultLeft,
            double[] value, double[] cover, int maxDepth, long workPerRow) {
        this.baseValue = baseValue;
        this.roots = roots;
        this.left = left;
        this.right = right;
        this.feature = feature;
        this.split = split;
        this.defaultLeft = defaultLeft;
        this.value = value;
        this.cover = cover;
        this.maxDepth = maxDepth;
        this.workPerRow = workPerRow;
    }

    /** The explainer of a single-output squared-error gbtree booster, or null for any other objective or booster. */
    public static TreeShap of(Booster booster) {
        try {
            return parse(JsonDocuments.MAPPER.readTree(booster.toByteArray("json")));
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot read the XGBoost booster: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TreeShap parse(JsonNode json) {
        JsonNode learner = json.path("learner");
        JsonNode booster = learner.path("gradient_booster");
        if (!"reg:squarederror".equals(learner.path("objective").path("name").asText()) || !"gbtree".equals(booster.path("name").asText())
                || learner.path("learner_model_param").path("num_target").asInt(1) != 1) {
            return null;
        }
        JsonNode trees = booster.path("model").path("trees");
        int total = 0;
        for (JsonNode tree : trees) {
            if (tree.path("categories_nodes").size() > 0) {
                return null;
            }
            total += tree.path("left_children").size();
        }
        int[] roots = new int[trees.size()];
        int[] left = new int[total];
        int[] right = new int[total];
        int[] feature = new int[total];
        float[] split = new float[total];
        boolean[] defaultLeft = new boolean[total];
        double[] value = new double[total];
        double[] cover = new double[total];
        int at = 0;
        int t = 0;
        for (JsonNode tree : trees) {
            roots[t++] = at;
            JsonNode lefts = tree.path("left_children");
            JsonNode rights = tree.path("right_children");
            JsonNode indices = tree.path("split_indices");
            JsonNode conditions = tree.path("split_conditions");
            JsonNode defaults = tree.path("default_left");
            JsonNode hessians = tree.path("sum_hessian");
            for (int i = 0; i < lefts.size(); i++) {
                int l = lefts.get(i).asInt();
                left[at + i] = l < 0 ? -1 : at + l;
                right[at + i] = l < 0 ? -1 : at + rights.get(i).asInt();
                feature[at + i] = indices.get(i).asInt();
                split[at + i] = (float) conditions.get(i).asDouble();
                value[at + i] = (float) conditions.get(i).asDouble();
                defaultLeft[at + i] = defaults.get(i).asInt() != 0;
                cover[at + i] = hessians.get(i).asDouble();
            }
            at += lefts.size();
        }
        double base = Float.parseFloat(learner.path("learner_model_param").path("base_score").asText());
        int depth = 0;
        long work = 0;
        for (int root : roots) {
            base += meanValue(root, left, right, value, cover);
            depth = Math.max(depth, depth(root, left, right));
            work += leaves(root, left, right) * (long) (depth(root, left, right) + 1) * (depth(root, left, right) + 1);
        }
        return new TreeShap(base, roots, left, right, feature, split, defaultLeft, value, cover, depth, work);
    }

    private static double meanValue(int node, int[] left, int[] right, double[] value, double[] cover) {
        if (left[node] < 0) {
            return value[node];
        }
        int l = left[node];
        int r = right[node];
        return (meanValue(l, left, right, value, cover) * cover[l] + meanValue(r, left, right, value, cover) * cover[r]) / cover[node];
    }

    private static int depth(int node, int[] left, int[] right) {
        return left[node] < 0 ? 0 : 1 + Math.max(depth(left[node], left, right), depth(right[node], left, right));
    }

    private static long leaves(int node, int[] left, int[] right) {
        return left[node] < 0 ? 1 : leaves(left[node], left, right) + leaves(right[node], left, right);
    }

    /** The base value: what the model predicts with no feature known, averaged over its training rows' covers. */
    public double baseValue() {
        return baseValue;
    }

    @Override
    public String method() {
        return "exact TreeSHAP (path-dependent) on the boosted trees";
    }

    @Override
    public long workPerRow() {
        return workPerRow;
    }

    @Override
    public double absent() {
        return Double.NaN;
    }

    @Override
    public Session open() {
        int size = (maxDepth + 3) * (maxDepth + 4) / 2;
        return new Walk(new int[size], new double[size], new double[size], new double[size]);
    }

    /** One thread's path buffers: each recursion level works on its own copy of the path above it. */
    private final class Walk implements Session {
        private final int[] pathFeature;
        private final double[] pathZero;
        private final double[] pathOne;
        private final double[] pathWeight;
        private double[] x;
        private int xOffset;
        private double[] phi;
        private int phiOffset;

        Walk(int[] pathFeature, double[] pathZero, double[] pathOne, double[] pathWeight) {
            this.pathFeature = pathFeature;
            this.pathZero = pathZero;
            this.pathOne = pathOne;
            this.pathWeight = pathWeight;
        }

        @Override
        public void contributions(double[] features, int rows, int width, double[] out) {
            x = features;
            phi = out;
            Arrays.fill(out, 0, rows * (width + 1), 0.0);
            for (int r = 0; r < rows; r++) {
                xOffset = r * width;
                phiOffset = r * (width + 1);
                for (int root : roots) {
                    recurse(root, 0, 0, 1, 1, -1);
                }
                out[phiOffset + width] = baseValue;
            }
        }

        private boolean goesLeft(int node) {
            float v = (float) x[xOffset + feature[node]];
            return v != v ? defaultLeft[node] : v < split[node];
        }

        private void recurse(int node, int parentPath, int depth, double parentZero, double parentOne, int parentFeature) {
            int path = parentPath + depth + 1;
            System.arraycopy(pathFeature, parentPath, pathFeature, path, depth);
            System.arraycopy(pathZero, parentPath, pathZero, path, depth);
            System.arraycopy(pathOne, parentPath, pathOne, path, depth);
            System.arraycopy(pathWeight, parentPath, pathWeight, path, depth);
            extend(path, depth, parentZero, parentOne, parentFeature);
            if (left[node] < 0) {
                for (int i = 1; i <= depth; i++) {
                    double w = unwoundSum(path, depth, i);
                    phi[phiOffset + pathFeature[path + i]] += w * (pathOne[path + i] - pathZero[path + i]) * value[node];
                }
                return;
            }
            int hot = goesLeft(node) ? left[node] : right[node];
            int cold = hot == left[node] ? right[node] : left[node];
            double incomingZero = 1;
            double incomingOne = 1;
            int unique = depth;
            for (int k = 1; k <= depth; k++) {
                if (pathFeature[path + k] == feature[node]) {
                    incomingZero = pathZero[path + k];
                    incomingOne = pathOne[path + k];
                    unwind(path, depth, k);
                    unique--;
                    break;
                }
            }
            recurse(hot, path, unique + 1, cover[hot] / cover[node] * incomingZero, incomingOne, feature[node]);
            recurse(cold, path, unique + 1, cover[cold] / cover[node] * incomingZero, 0, feature[node]);
        }

        private void extend(int path, int depth, double zero, double one, int featureIndex) {
            pathFeature[path + depth] = featureIndex;
            pathZero[path + depth] = zero;
            pathOne[path + depth] = one;
            pathWeight[path + depth] = depth == 0 ? 1 : 0;
            for (int i = depth - 1; i >= 0; i--) {
                pathWeight[path + i + 1] += one * pathWeight[path + i] * (i + 1) / (depth + 1);
                pathWeight[path + i] = zero * pathWeight[path + i] * (depth - i) / (depth + 1);
            }
        }

        private void unwind(int path, int depth, int index) {
            double one = pathOne[path + index];
            double zero = pathZero[path + index];
            double next = pathWeight[path + depth];
            for (int i = depth - 1; i >= 0; i--) {
                if (one != 0) {
                    double kept = pathWeight[path + i];
                    pathWeight[path + i] = next * (depth + 1) / ((i + 1) * one);
                    next = kept - pathWeight[path + i] * zero * (depth - i) / (depth + 1);
                } else {
                    pathWeight[path + i] = pathWeight[path + i] * (depth + 1) / (zero * (depth - i));
                }
            }
            for (int i = index; i < depth; i++) {
                pathFeature[path + i] = pathFeature[path + i + 1];
                pathZero[path + i] = pathZero[path + i + 1];
                pathOne[path + i] = pathOne[path + i + 1];
            }
        }

        private double unwoundSum(int path, int depth, int index) {
            double one = pathOne[path + index];
            double zero = pathZero[path + index];
            double next = pathWeight[path + depth];
            double total = 0;
            for (int i = depth - 1; i >= 0; i--) {
                if (one != 0) {
                    double w = next * (depth + 1) / ((i + 1) * one);
                    total += w;
                    next = pathWeight[path + i] - w * zero * (depth - i) / (depth + 1);
                } else if (zero != 0) {
                    total += pathWeight[path + i] / zero / ((double) (depth - i) / (depth + 1));
                }
            }
            return total;
        }
    }
}
