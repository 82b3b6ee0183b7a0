package io.fitscore.ml.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tribuo.Model;
import org.tribuo.regression.Regressor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.fitscore.json.JsonDocuments;

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

    /** Models already read: the explainer, the ONNX export and bulk scoring each read the same model's booster in a run. */
    private static final List<Read> READ = new ArrayList<>();

    /** A model (held weakly, compared by identity) and its trees, null when it has none here. */
    private record Read(WeakReference<Model<Regressor>> model, BoosterTrees trees) {
    }

    /**
     * The trees of a single-output Tribuo XGBoost model, or null for another model, objective or booster, several
     * targets, or categorical splits. Read once per model (the arrays are shared: never change them).
     */
    public static BoosterTrees of(Model<Regressor> model) {
        if (!XGBoostBatch.isSingleBooster(model)) {
            return null;
        }
        // One reader at a time: a second caller for the same model (the explainer beside the export) waits for the first's trees.
        synchronized (READ) {
            READ.removeIf(r -> r.model().get() == null);
            for (Read r : READ) {
                if (r.model().get() == model) {
                    return r.trees();
                }
            }
            BoosterTrees trees = parse(XGBoostBatch.boosterBytes(model, "json"));
            READ.add(new Read(new WeakReference<>(model), trees));
            return trees;
        }
    }

    /**
     * Reads XGBoost's JSON model in one streaming pass straight into primitive arrays: a JSON tree of a deep forest's
     * millions of numbers costs several times as long and as much memory.
     */
    static BoosterTrees parse(byte[] json) {
        try (JsonParser parser = JsonDocuments.MAPPER.getFactory().createParser(json)) {
            Parsed model = new Parsed();
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("learner")) {
                    learner(parser, model);
                } else {
                    parser.skipChildren();
                }
            }
            return model.result();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the JSON says, gathered in whatever order its fields come. */
    private static final class Parsed {
        String objective;
        String booster;
        int targets = 1;
        String baseScore;
        final List<Tree> trees = new ArrayList<>();
        boolean categorical;

        BoosterTrees result() {
            if (!"reg:squarederror".equals(objective) || !"gbtree".equals(booster) || targets != 1 || categorical || baseScore == null) {
                return null;
            }
            return new BoosterTrees(Float.parseFloat(baseScore), List.copyOf(trees));
        }
    }

    private static void learner(JsonParser parser, Parsed model) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "gradient_booster" -> gradientBooster(parser, model);
                case "learner_model_param" -> {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        parser.nextToken();
                        if (name.equals("base_score")) {
                            model.baseScore = parser.getValueAsString();
                        } else if (name.equals("num_target")) {
                            model.targets = Integer.parseInt(parser.getValueAsString("1"));
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
                case "objective" -> {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        parser.nextToken();
                        if (name.equals("name")) {
                            model.objective = parser.getValueAsString();
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    private static void gradientBooster(JsonParser parser, Parsed model) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("name")) {
                model.booster = parser.getValueAsString();
            } else if (field.equals("model")) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (name.equals("trees")) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            model.trees.add(tree(parser, model));
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static Tree tree(JsonParser parser, Parsed model) throws IOException {
        int[] left = null;
        int[] right = null;
        int[] index = null;
        double[] condition = null;
        int[] defaults = null;
        double[] hessian = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "left_children" -> left = ints(parser);
                case "right_children" -> right = ints(parser);
                case "split_indices" -> index = ints(parser);
                case "split_conditions" -> condition = doubles(parser);
                case "default_left" -> defaults = ints(parser);
                case "sum_hessian" -> hessian = doubles(parser);
                case "categories_nodes" -> {
                    model.categorical |= parser.currentToken() == JsonToken.START_ARRAY && parser.nextToken() != JsonToken.END_ARRAY;
                    parser.skipChildren();
                }
                default -> parser.skipChildren();
            }
        }
        if (left == null || right == null || index == null || condition == null || defaults == null || hessian == null) {
            throw new IllegalStateException("XGBoost's JSON model has a tree without its node arrays");
        }
        int n = left.length;
        Tree t = new Tree(left, right, index, new float[n], new boolean[n], hessian);
        for (int i = 0; i < n; i++) {
            t.condition[i] = (float) condition[i];
            t.defaultLeft[i] = defaults[i] != 0;
        }
        return t;
    }

    /** An array of integers (or of booleans, as 1 and 0). */
    private static int[] ints(JsonParser parser) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY);
        int[] out = new int[64];
        int n = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = token == JsonToken.VALUE_TRUE ? 1 : token == JsonToken.VALUE_FALSE ? 0 : parser.getIntValue();
        }
        return Arrays.copyOf(out, n);
    }

    private static double[] doubles(JsonParser parser) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY);
        double[] out = new double[64];
        int n = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = parser.getDoubleValue();
        }
        return Arrays.copyOf(out, n);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("XGBoost's JSON model: expected " + expected + ", found " + actual);
        }
    }
}
