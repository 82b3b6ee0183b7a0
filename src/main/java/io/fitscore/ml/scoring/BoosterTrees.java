package io.fitscore.ml.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.fitscore.json.JsonDocuments;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A single-output squared-error gbtree booster's trees as XGBoost's own JSON model stores them: what the Java tree
 * walk ({@link XGBoostTrees}) and TreeSHAP read, each into its own layout.
 *
 * @param baseScore the booster's base score, added to every prediction
 * @param trees its trees in boosting order
 */
public record BoosterTrees(float baseScore, List<Tree> trees) {

    /**
     * One tree: children by node index (-1 for a leaf), a split's feature and threshold (as float, which XGBoost
     * compares in), the side a missing value takes, a leaf's value in its split condition, and each node's cover (sum
     * of hessians of the training rows that reached it).
     */
    public record Tree(int[] left, int[] right, int[] index, float[] condition, boolean[] defaultLeft, double[] cover) {

        /** Levels below {@code node}: 0 for a leaf. */
        public int depth(int node) {
            return left[node] < 0 ? 0 : 1 + Math.max(depth(left[node]), depth(right[node]));
        }

        /** Nodes in the tree. */
        public int size() {
            return left.length;
        }
    }

    /** The trees of a booster, or null for another objective or booster, several targets, or categorical splits. */
    public static BoosterTrees of(Booster booster) {
        try {
            return parse(JsonDocuments.MAPPER.readTree(booster.toByteArray("json")));
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot read the XGBoost booster: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BoosterTrees parse(JsonNode json) {
        JsonNode learner = json.path("learner");
        JsonNode booster = learner.path("gradient_booster");
        if (!"reg:squarederror".equals(learner.path("objective").path("name").asText()) || !"gbtree".equals(booster.path("name").asText())
                || learner.path("learner_model_param").path("num_target").asInt(1) != 1) {
            return null;
        }
        List<Tree> trees = new ArrayList<>();
        for (JsonNode tree : booster.path("model").path("trees")) {
            if (tree.path("categories_nodes").size() > 0) {
                return null; // categorical splits: left to XGBoost itself
            }
            JsonNode lefts = tree.path("left_children");
            JsonNode rights = tree.path("right_children");
            JsonNode indices = tree.path("split_indices");
            JsonNode conditions = tree.path("split_conditions");
            JsonNode defaults = tree.path("default_left");
            JsonNode hessians = tree.path("sum_hessian");
            int n = lefts.size();
            Tree t = new Tree(new int[n], new int[n], new int[n], new float[n], new boolean[n], new double[n]);
            for (int i = 0; i < n; i++) {
                t.left[i] = lefts.get(i).asInt();
                t.right[i] = rights.get(i).asInt();
                t.index[i] = indices.get(i).asInt();
                t.condition[i] = (float) conditions.get(i).asDouble();
                t.defaultLeft[i] = defaults.get(i).asInt() != 0;
                t.cover[i] = hessians.get(i).asDouble();
            }
            trees.add(t);
        }
        return new BoosterTrees(Float.parseFloat(learner.path("learner_model_param").path("base_score").asText()), trees);
    }
}
