package io.fitscore.ml.scoring;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;

/**
 * Tribuo regression trees (one CART tree, or a forest averaged by {@link AveragingCombiner}) flattened
 * once into parallel arrays and scored from them: the same splits ({@code value > threshold} goes right),
 * the same leaves and the same running weighted mean as Tribuo's own {@code predict}, without building
 * a sparse vector and a prediction object per tree and row.
 */
public final class FlatTrees implements BatchPredictor {

    private static final long serialVersionUID = 1L;

    private final int[] roots;
    private final float[] weights;
    /** Split feature per node, -1 for a leaf. */
    private final int[] feature;
    private final double[] threshold;
    private final int[] lessOrEqual;
    private final int[] greater;
    private final double[] leafValue;

    /** A tree and how its model's feature ids map to the ids of the features being scored. */
    private record Tree(Node<Regressor> root, int[] featureIds) {
    }

    private FlatTrees(List<Tree> trees, float[] weights) {
        List<Node<Regressor>> nodes = new ArrayList<>();
        Map<Node<Regressor>, int[]> idsOf = new IdentityHashMap<>();
        for (Tree tree : trees) {
            int start = nodes.size();
            collect(tree.root(), nodes);
            for (int i = start; i < nodes.size(); i++) {
                idsOf.put(nodes.get(i), tree.featureIds());
            }
        }
        int n = nodes.size();
        feature = new int[n];
        threshold = new double[n];
        lessOrEqual = new int[n];
        greater = new int[n];
        leafValue = new double[n];
        Map<Node<Regressor>, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(nodes.get(i), i);
        }
        for (int i = 0; i < n; i++) {
            Node<Regressor> node = nodes.get(i);
            if (node instanceof SplitNode<Regressor> split) {
                feature[i] = idsOf.get(node)[split.getFeatureID()];
                threshold[i] = split.splitValue();
                lessOrEqual[i] = index.get(split.getLessThanOrEqual());
                greater[i] = index.get(split.getGreaterThan());
            } else {
                feature[i] = -1;
                leafValue[i] = ((LeafNode<Regressor>) node).getOutput().getValues()[0];
            }
        }
        roots = trees.stream().mapToInt(t -> index.get(t.root())).toArray();
        this.weights = weights;
    }

    /** The flat form of a model, or null when it is not a single-output Tribuo tree or an averaged forest of them. */
    public static FlatTrees of(Model<Regressor> model) {
        ImmutableFeatureMap features = model.getFeatureIDMap();
        if (model instanceof WeightedEnsembleModel<Regressor> ensemble) {
            float[] weights = averagingWeights(ensemble);
            if (weights == null) {
                return null;
            }
            List<Tree> trees = new ArrayList<>();
            for (Model<Regressor> member : ensemble.getModels()) {
                Tree tree = treeOf(member, features);
                if (tree == null) {
                    return null;
                }
                trees.add(tree);
            }
            return new FlatTrees(trees, weights);
        }
        Tree tree = treeOf(model, features);
        return tree == null ? null : new FlatTrees(List.of(tree), null);
    }

    /**
     * The member weights of an ensemble combined by {@link AveragingCombiner}, else null. Tribuo keeps the
     * combiner and weights protected, so they are read reflectively; if that fails the model is scored by
     * Tribuo itself instead.
     */
    public static float[] averagingWeights(WeightedEnsembleModel<Regressor> ensemble) {
        try {
            Field combiner = WeightedEnsembleModel.class.getDeclaredField("combiner");
            Field weights = WeightedEnsembleModel.class.getDeclaredField("weights");
            combiner.setAccessible(true);
            weights.setAccessible(true);
            float[] w = (float[]) weights.get(ensemble);
            return combiner.get(ensemble) instanceof AveragingCombiner && w != null && w.length == ensemble.getNumModels()
                    ? w.clone() : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Tree treeOf(Model<Regressor> model, ImmutableFeatureMap scored) {
        Node<Regressor> root = null;
        if (model instanceof IndependentRegressionTreeModel independent) {
            Map<String, Node<Regressor>> roots = independent.getRoots();
            root = roots.size() == 1 ? roots.values().iterator().next() : null;
        } else if (model instanceof TreeModel<Regressor> tree && model.getOutputIDInfo().size() == 1) {
            root = tree.getRoot();
        }
        if (root == null) {
            return null;
        }
        ImmutableFeatureMap own = model.getFeatureIDMap();
        int[] ids = new int[own.size()];
        for (int id = 0; id < ids.length; id++) {
            ids[id] = scored.getID(own.get(id).getName());
            if (ids[id] < 0) {
                return null;
            }
        }
        return new Tree(root, ids);
    }

    /**
     * The trees' nodes as flat arrays (read, never changed): node i splits on {@code feature[i]} ({@code -1} for a leaf
     * holding {@code leafValue[i]}), going to {@code greater[i]} when the value is above {@code threshold[i]} and to
     * {@code lessOrEqual[i]} otherwise. Each tree's nodes are contiguous, in preorder from {@code roots[t]} up to the
     * next root; {@code weights} are the averaging weights of a forest's trees, null for one tree.
     */
    public record Layout(int[] roots, float[] weights, int[] feature, double[] threshold, int[] lessOrEqual, int[] greater,
            double[] leafValue) {
    }

    /** The flat arrays these trees are scored from. */
    public Layout layout() {
        return new Layout(roots, weights, feature, threshold, lessOrEqual, greater, leafValue);
    }

    private static void collect(Node<Regressor> node, List<Node<Regressor>> out) {
        out.add(node);
        if (node instanceof SplitNode<Regressor> split) {
            collect(split.getLessThanOrEqual(), out);
            collect(split.getGreaterThan(), out);
        }
    }

    @Override
    public double absent() {
        return 0.0;
    }

    @Override
    public Session open(int threads) {
        return (x, rows, width, out) -> {
            for (int r = 0; r < rows; r++) {
                out[r] = predictRow(x, r * width);
            }
        };
    }

    private double predictRow(double[] x, int offset) {
        if (weights == null) {
            return leaf(roots[0], x, offset);
        }
        // AveragingCombiner's weighted running mean, step for step, so results match Tribuo's to the bit.
        double mean = 0;
        double weightSum = 0;
        for (int t = 0; t < roots.length; t++) {
            float w = weights[t];
            weightSum += w;
            mean += (w / weightSum) * (leaf(roots[t], x, offset) - mean);
        }
        return mean;
    }

    private double leaf(int node, double[] x, int offset) {
        int i = node;
        while (feature[i] >= 0) {
            i = x[offset + feature[i]] > threshold[i] ? greater[i] : lessOrEqual[i];
        }
        return leafValue[i];
    }
}
