package io.fitscore.ml.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
            fields(parser, top -> top.equals("learner") && fields(parser, learner -> switch (learner) {
                case "gradient_booster" -> fields(parser, booster -> switch (booster) {
                    case "name" -> set(() -> model.booster = parser.getValueAsString());
                    case "model" -> fields(parser, field -> field.equals("trees") && trees(parser, model));
                    default -> false;
                });
                case "learner_model_param" -> fields(parser, param -> switch (param) {
                    case "base_score" -> set(() -> model.baseScore = parser.getValueAsString());
                    case "num_target" -> set(() -> model.targets = Integer.parseInt(parser.getValueAsString("1")));
                    default -> false;
                });
                case "objective" -> fields(parser, field -> field.equals("name") && set(() -> model.objective = parser.getValueAsString()));
                default -> false;
            }));
            return model.result();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one field's value the parser stands on; true when it did, false to have the value skipped. */
    @FunctionalInterface
    private interface FieldReader {
        boolean read(String name) throws IOException;
    }

    /** Reads an assignment's value; always true, for {@link FieldReader}s. */
    @FunctionalInterface
    private interface Assignment {
        void run() throws IOException;
    }

    private static boolean set(Assignment assignment) throws IOException {
        assignment.run();
        return true;
    }

    /**
     * Walks the fields of the object the parser stands at the start of, up to its end: each field's value is handed to
     * {@code reader} and skipped whole when it does not read it. True, for nesting in a {@link FieldReader}.
     */
    private static boolean fields(JsonParser parser, FieldReader reader) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (!reader.read(name)) {
                parser.skipChildren();
            }
        }
        return true;
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

    private static boolean trees(JsonParser parser, Parsed model) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY);
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            model.trees.add(tree(parser, model));
        }
        return true;
    }

    private static Tree tree(JsonParser parser, Parsed model) throws IOException {
        // By field name: XGBoost writes them in its own order, each array a number per node.
        Map<String, double[]> arrays = new HashMap<>();
        fields(parser, field -> switch (field) {
            case "left_children", "right_children", "split_indices", "split_conditions", "default_left", "sum_hessian" ->
                set(() -> arrays.put(field, numbers(parser)));
            // Categorical splits are left to XGBoost itself.
            case "categories_nodes" -> set(() -> model.categorical |= numbers(parser).length > 0);
            default -> false;
        });
        if (arrays.size() < 6) {
            throw new IllegalStateException("XGBoost's JSON model has a tree without its node arrays");
        }
        double[] left = arrays.get("left_children");
        double[] right = arrays.get("right_children");
        double[] index = arrays.get("split_indices");
        double[] condition = arrays.get("split_conditions");
        double[] defaultLeft = arrays.get("default_left");
        int n = left.length;
        Tree t = new Tree(new int[n], new int[n], new int[n], new float[n], new boolean[n], arrays.get("sum_hessian"));
        for (int i = 0; i < n; i++) {
            t.left[i] = (int) left[i];
            t.right[i] = (int) right[i];
            t.index[i] = (int) index[i];
            t.condition[i] = (float) condition[i];
            t.defaultLeft[i] = defaultLeft[i] != 0;
        }
        return t;
    }

    /** An array of numbers (booleans as 1 and 0): node ids, feature indices and float thresholds are all exact in a double. */
    private static double[] numbers(JsonParser parser) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY);
        double[] out = new double[64];
        int n = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = token == JsonToken.VALUE_TRUE ? 1 : token == JsonToken.VALUE_FALSE ? 0 : parser.getDoubleValue();
        }
        return Arrays.copyOf(out, n);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalStateException("XGBoost's JSON model: expected " + expected + ", found " + actual);
        }
    }
}
