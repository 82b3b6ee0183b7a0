package io.fitscore.ml.scoring;

import java.util.Arrays;
import java.util.List;

import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * A Tribuo XGBoost regression model (gbtree, squared error) scored in Java from flat arrays read out of
 * XGBoost's own JSON model: no native matrix per batch, no JNI call, every task's cores busy on plain
 * array walks. It follows XGBoost's float arithmetic: features compared as floats ({@code x < split},
 * missing to the default side) and leaf values added to the base score one tree at a time in float, so it
 * gives XGBoost's predictions to the bit ({@code CompiledModelTest}).
 */
public final class XGBoostTrees implements BatchPredictor {

    private static final long serialVersionUID = 1L;
    /** Rows walked through one tree before the next: the tree's nodes stay in cache for the block. */
    private static final int BLOCK = 64;
    /** Deeper trees would need 2^depth leaves each as complete trees; XGBoost's native batch scores those. */
    static final int MAX_DEPTH = 12;

    private final float baseScore;
    private final int depth;
    /**
     * Every tree as a complete binary tree of {@code depth} levels (children of node i at 2i+1 and 2i+2),
     * trees end to end: a walk is always {@code depth} steps with no branch on the data, which is what
     * makes it fast. A leaf above the last level is reached through padding nodes that always go left.
     */
    private final int[] feature;
    private final float[] split;
    private final int[] missingRight;
    private final float[] leaves;

    private XGBoostTrees(float baseScore, int depth, int[] feature, float[] split, int[] missingRight, float[] leaves) {
        this.baseScore = baseScore;
        this.depth = depth;
        this.feature = feature;
        this.split = split;
        this.missingRight = missingRight;
        this.leaves = leaves;
    }

    /** The Java form of a single-output squared-error gbtree model, or null for anything else (scored natively). */
    public static XGBoostTrees of(Model<Regressor> model) {
        BoosterTrees read = BoosterTrees.of(model);
        return read == null ? null : of(read);
    }

    static XGBoostTrees of(BoosterTrees read) {
        List<BoosterTrees.Tree> parsed = read.trees();
        int depth = 0;
        for (BoosterTrees.Tree t : parsed) {
            depth = Math.max(depth, t.depth(0));
        }
        if (depth > MAX_DEPTH) {
            return null;
        }
        int inner = (1 << depth) - 1;
        int leafCount = 1 << depth;
        int[] feature = new int[parsed.size() * inner];
        float[] split = new float[parsed.size() * inner];
        int[] missingRight = new int[parsed.size() * inner];
        float[] leaves = new float[parsed.size() * leafCount];
        for (int t = 0; t < parsed.size(); t++) {
            place(parsed.get(t), 0, 0, t * inner, t * leafCount, depth, feature, split, missingRight, leaves);
        }
        return new XGBoostTrees(read.baseScore(), depth, feature, split, missingRight, leaves);
    }

    /** Writes XGBoost node {@code node} at complete-tree position {@code slot} (and its subtree below it). */
    private static void place(BoosterTrees.Tree tree, int node, int slot, int innerBase, int leafBase, int depth, int[] feature, float[] split,
            int[] missingRight, float[] leaves) {
        int inner = (1 << depth) - 1;
        if (slot >= inner) {
            leaves[leafBase + slot - inner] = tree.condition()[node];
            return;
        }
        if (tree.left()[node] < 0) {
            // A leaf above the last level: padding that sends every value, missing included, to the left.
            feature[innerBase + slot] = 0;
            split[innerBase + slot] = Float.POSITIVE_INFINITY;
            missingRight[innerBase + slot] = 0;
            place(tree, node, 2 * slot + 1, innerBase, leafBase, depth, feature, split, missingRight, leaves);
            return;
        }
        feature[innerBase + slot] = tree.index()[node];
        split[innerBase + slot] = tree.condition()[node];
        missingRight[innerBase + slot] = tree.defaultLeft()[node] ? 0 : 1;
        place(tree, tree.left()[node], 2 * slot + 1, innerBase, leafBase, depth, feature, split, missingRight, leaves);
        place(tree, tree.right()[node], 2 * slot + 2, innerBase, leafBase, depth, feature, split, missingRight, leaves);
    }

    /**
     * 1 if value x at node i goes right, else 0: x < split goes left, as in XGBoost, and a missing value to the
     * node's default side. Without a branch on the comparison, which would be mispredicted half the time:
     * for x != split, x - split is never 0 (IEEE subnormals), and its sign bit says whether x < split.
     */
    private int right(float x, int i) {
        return x != x ? missingRight[i] : (Float.floatToRawIntBits(x - split[i]) >>> 31) ^ 1;
    }

    @Override
    public double absent() {
        return Double.NaN;
    }

    @Override
    public Session open(int threads) {
        return new Session() {
            private final float[] sums = new float[BLOCK];
            private float[] values = new float[0];

            @Override
            public void predict(double[] features, int rows, int width, double[] out) {
                if (values.length < rows * width) {
                    values = new float[rows * width];
                }
                // XGBoost compares features as floats.
                for (int i = 0; i < rows * width; i++) {
                    values[i] = (float) features[i];
                }
                int inner = (1 << depth) - 1;
                int trees = leaves.length >> depth;
                for (int start = 0; start < rows; start += BLOCK) {
                    int end = Math.min(rows, start + BLOCK);
                    Arrays.fill(sums, baseScore);
                    for (int t = 0; t < trees; t++) {
                        int innerBase = t * inner;
                        int leafBase = t << depth;
                        // Eight rows walk down together, their positions in registers: each walk is a chain of
                        // dependent loads, and the eight chains overlap in the CPU.
                        int r = start;
                        for (; r + 7 < end; r += 8) {
                            int o0 = r * width;
                            int o1 = o0 + width;
                            int o2 = o1 + width;
                            int o3 = o2 + width;
                            int o4 = o3 + width;
                            int o5 = o4 + width;
                            int o6 = o5 + width;
                            int o7 = o6 + width;
                            int s0 = 0;
                            int s1 = 0;
                            int s2 = 0;
                            int s3 = 0;
                            int s4 = 0;
                            int s5 = 0;
                            int s6 = 0;
                            int s7 = 0;
                            for (int level = 0; level < depth; level++) {
                                s0 = 2 * s0 + 1 + right(values[o0 + feature[innerBase + s0]], innerBase + s0);
                                s1 = 2 * s1 + 1 + right(values[o1 + feature[innerBase + s1]], innerBase + s1);
                                s2 = 2 * s2 + 1 + right(values[o2 + feature[innerBase + s2]], innerBase + s2);
                                s3 = 2 * s3 + 1 + right(values[o3 + feature[innerBase + s3]], innerBase + s3);
                                s4 = 2 * s4 + 1 + right(values[o4 + feature[innerBase + s4]], innerBase + s4);
                                s5 = 2 * s5 + 1 + right(values[o5 + feature[innerBase + s5]], innerBase + s5);
                                s6 = 2 * s6 + 1 + right(values[o6 + feature[innerBase + s6]], innerBase + s6);
                                s7 = 2 * s7 + 1 + right(values[o7 + feature[innerBase + s7]], innerBase + s7);
                            }
                            int k = r - start;
                            sums[k] += leaves[leafBase + s0 - inner];
                            sums[k + 1] += leaves[leafBase + s1 - inner];
                            sums[k + 2] += leaves[leafBase + s2 - inner];
                            sums[k + 3] += leaves[leafBase + s3 - inner];
                            sums[k + 4] += leaves[leafBase + s4 - inner];
                            sums[k + 5] += leaves[leafBase + s5 - inner];
                            sums[k + 6] += leaves[leafBase + s6 - inner];
                            sums[k + 7] += leaves[leafBase + s7 - inner];
                        }
                        for (; r < end; r++) {
                            int o = r * width;
                            int slot = 0;
                            for (int level = 0; level < depth; level++) {
                                slot = 2 * slot + 1 + right(values[o + feature[innerBase + slot]], innerBase + slot);
                            }
                            sums[r - start] += leaves[leafBase + slot - inner];
                        }
                    }
                    for (int r = start; r < end; r++) {
                        out[r] = sums[r - start];
                    }
                }
            }
        };
    }
}
