package io.fitscore.ml.explain;

import java.util.Arrays;

import io.fitscore.ml.scoring.BoosterTrees;

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
    /** Built where first explained (each executor), never shipped: see {@link LeafTables}. */
    private transient volatile LeafTables tables;
    private transient volatile boolean tablesTried;

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

    /** The trees laid end to end, children by absolute node index. */
    public static TreeShap of(BoosterTrees read) {
        int total = read.trees().stream().mapToInt(BoosterTrees.Tree::size).sum();
        int[] roots = new int[read.trees().size()];
        int[] left = new int[total];
        int[] right = new int[total];
        int[] feature = new int[total];
        float[] split = new float[total];
        boolean[] defaultLeft = new boolean[total];
        double[] value = new double[total];
        double[] cover = new double[total];
        double base = read.baseScore();
        int maxDepth = 0;
        long work = 0;
        int at = 0;
        for (int t = 0; t < roots.length; t++) {
            BoosterTrees.Tree tree = read.trees().get(t);
            roots[t] = at;
            for (int i = 0; i < tree.size(); i++) {
                boolean leaf = tree.left()[i] < 0;
                left[at + i] = leaf ? -1 : at + tree.left()[i];
                right[at + i] = leaf ? -1 : at + tree.right()[i];
                feature[at + i] = tree.index()[i];
                split[at + i] = tree.condition()[i];
                value[at + i] = tree.condition()[i];
                defaultLeft[at + i] = tree.defaultLeft()[i];
                cover[at + i] = tree.cover()[i];
            }
            at += tree.size();
            base += meanValue(roots[t], left, right, value, cover);
            int depth = tree.depth(0);
            maxDepth = Math.max(maxDepth, depth);
            work += leaves(roots[t], left, right) * (long) (depth + 1) * (depth + 1);
        }
        return new TreeShap(base, roots, left, right, feature, split, defaultLeft, value, cover, maxDepth, work);
    }

    private static double meanValue(int node, int[] left, int[] right, double[] value, double[] cover) {
        if (left[node] < 0) {
            return value[node];
        }
        int l = left[node];
        int r = right[node];
        return (meanValue(l, left, right, value, cover) * cover[l] + meanValue(r, left, right, value, cover) * cover[r]) / cover[node];
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

    /**
     * Nanoseconds per unit of work on this machine kind, both cores busy (bench/scoring/run.sh ROWS explain): the recursion 2-7 per
     * leaf times depth squared, the tables about 3.5 per node and path split with both cores at work; rounded up, since
     * the estimate guards a budget.
     */
    static final double RECURSION_NANOS = 8;
    static final double TABLE_NANOS = 3.5;

    @Override
    public double nanosPerRow() {
        LeafTables built = leafTables();
        return built != null ? built.workPerRow() * TABLE_NANOS : workPerRow * RECURSION_NANOS;
    }

    @Override
    public double absent() {
        return Double.NaN;
    }

    /**
     * Most table entries a booster's {@link LeafTables} may hold: 32 MB of doubles (floats would lose 1e-4 on targets
     * in the thousands). Boosting of depth 5 and 600 rounds needs at most 3.1 million; deep trees (2^depth patterns per
     * leaf) stay on the recursive walk.
     */
    static final long MOST_TABLE_ENTRIES = 4_000_000;

    @Override
    public Session open() {
        LeafTables built = leafTables();
        return built != null ? built.open() : recursive();
    }

    /** The recursive algorithm itself, whatever the trees' depth: what {@link #open} gives when the tables do not fit. */
    public Session recursive() {
        int size = (maxDepth + 3) * (maxDepth + 4) / 2;
        return new Walk(new int[size], new double[size], new double[size], new double[size]);
    }

    /** Whether {@link #open} explains from leaf tables (they fit in {@link #MOST_TABLE_ENTRIES}) rather than by recursion. */
    public boolean tabulated() {
        return leafTables() != null;
    }

    /** The tables if they fit in {@link #MOST_TABLE_ENTRIES}, built once per JVM; else null. */
    private LeafTables leafTables() {
        if (!tablesTried) {
            synchronized (this) {
                if (!tablesTried) {
                    tables = LeafTables.build(this, MOST_TABLE_ENTRIES);
                    tablesTried = true;
                }
            }
        }
        return tables;
    }

    /**
     * Every leaf's contributions to the features on its path, tabulated for each pattern of which of those features a
     * row agrees with (its value goes the path's way at every split on that feature). Path-dependent TreeSHAP is a sum
     * over leaves whose terms depend on the row only through that pattern, so a row costs one comparison per node and a
     * table lookup per leaf instead of the recursion's unwinding at every leaf: O(leaves x depth) per tree, not
     * O(leaves x depth^2) with a large constant. Exact: the tables are the recursion's own arithmetic, run once per pattern.
     */
    static final class LeafTables {
        private final TreeShap trees;
        /** Per tree, its leaves' range in the per-leaf arrays. */
        private final int[] firstLeaf;
        private final int[] leafNode;
        /** Per leaf: its path's splits' range in the per-split arrays, its unique features' range, its table's offset. */
        private final int[] splitStart;
        private final int[] uniqueStart;
        private final int[] tableStart;
        private final int[] splitNode;
        /** 1 where the path goes left at the split, else 0. */
        private final int[] splitLeft;
        /** Per split on a path: which of the leaf's unique features (bit) it tests. */
        private final int[] splitBit;
        private final int[] uniqueFeature;
        private final double[] table;

        private LeafTables(TreeShap trees, int[] firstLeaf, int[] leafNode, int[] splitStart, int[] uniqueStart, int[] tableStart,
                int[] splitNode, int[] splitLeft, int[] splitBit, int[] uniqueFeature, double[] table) {
            this.trees = trees;
            this.firstLeaf = firstLeaf;
            this.leafNode = leafNode;
            this.splitStart = splitStart;
            this.uniqueStart = uniqueStart;
            this.tableStart = tableStart;
            this.splitNode = splitNode;
            this.splitLeft = splitLeft;
            this.splitBit = splitBit;
            this.uniqueFeature = uniqueFeature;
            this.table = table;
        }

        /** Per row: one comparison per node and, per leaf, one step per path split and one addition per unique feature. */
        long workPerRow() {
            return trees.left.length + splitNode.length + uniqueFeature.length;
        }

        static LeafTables build(TreeShap t, long mostEntries) {
            java.util.List<int[]> paths = new java.util.ArrayList<>(); // per leaf: nodes root..leaf
            int[] firstLeaf = new int[t.roots.length + 1];
            for (int i = 0; i < t.roots.length; i++) {
                firstLeaf[i] = paths.size();
                collect(t, t.roots[i], new int[0], paths);
            }
            firstLeaf[t.roots.length] = paths.size();
            int leaves = paths.size();
            int[] leafNode = new int[leaves];
            int[] splitStart = new int[leaves + 1];
            int[] uniqueStart = new int[leaves + 1];
            int[] tableStart = new int[leaves + 1];
            java.util.List<Integer> splitNodes = new java.util.ArrayList<>();
            java.util.List<Boolean> splitLefts = new java.util.ArrayList<>();
            java.util.List<Integer> splitBits = new java.util.ArrayList<>();
            java.util.List<Integer> uniques = new java.util.ArrayList<>();
            long entries = 0;
            for (int l = 0; l < leaves; l++) {
                int[] path = paths.get(l);
                leafNode[l] = path[path.length - 1];
                splitStart[l] = splitNodes.size();
                uniqueStart[l] = uniques.size();
                tableStart[l] = (int) entries;
                java.util.List<Integer> own = new java.util.ArrayList<>();
                for (int k = 0; k + 1 < path.length; k++) {
                    int node = path[k];
                    int f = t.feature[node];
                    if (!own.contains(f)) {
                        own.add(f);
                    }
                    splitNodes.add(node);
                    splitLefts.add(path[k + 1] == t.left[node]);
                    splitBits.add(own.indexOf(f));
                }
                uniques.addAll(own);
                if (own.size() > 20) {
                    return null;
                }
                entries += (1L << own.size()) * own.size();
                if (entries > mostEntries) {
                    return null;
                }
            }
            splitStart[leaves] = splitNodes.size();
            uniqueStart[leaves] = uniques.size();
            tableStart[leaves] = (int) entries;
            int[] splitNode = splitNodes.stream().mapToInt(Integer::intValue).toArray();
            int[] splitLeft = new int[splitNode.length];
            for (int i = 0; i < splitLeft.length; i++) {
                splitLeft[i] = splitLefts.get(i) ? 1 : 0;
            }
            int[] splitBit = splitBits.stream().mapToInt(Integer::intValue).toArray();
            int[] uniqueFeature = uniques.stream().mapToInt(Integer::intValue).toArray();
            double[] table = new double[(int) entries];
            Walk walk = (Walk) t.recursive();
            double[] zero = new double[21];
            double[] one = new double[21];
            for (int l = 0; l < leaves; l++) {
                int d = uniqueStart[l + 1] - uniqueStart[l];
                java.util.Arrays.fill(zero, 0, d, 1.0);
                for (int s = splitStart[l]; s < splitStart[l + 1]; s++) {
                    int node = splitNode[s];
                    int child = splitLeft[s] == 1 ? t.left[node] : t.right[node];
                    zero[splitBit[s]] *= t.cover[child] / t.cover[node];
                }
                double value = t.value[leafNode[l]];
                for (int pattern = 0; pattern < (1 << d); pattern++) {
                    for (int k = 0; k < d; k++) {
                        one[k] = (pattern >>> k & 1) == 1 ? 1.0 : 0.0;
                    }
                    walk.leafContributions(zero, one, d, value, table, tableStart[l] + pattern * d);
                }
            }
            return new LeafTables(t, firstLeaf, leafNode, splitStart, uniqueStart, tableStart, splitNode, splitLeft, splitBit,
                    uniqueFeature, table);
        }

        private static void collect(TreeShap t, int node, int[] above, java.util.List<int[]> out) {
            int[] path = java.util.Arrays.copyOf(above, above.length + 1);
            path[above.length] = node;
            if (t.left[node] < 0) {
                out.add(path);
                return;
            }
            collect(t, t.left[node], path, out);
            collect(t, t.right[node], path, out);
        }

        /**
         * Tree by tree over the whole batch, so one tree's table (tens of kilobytes) stays in cache for every row, rather
         * than row by row through all tables (megabytes), a cache miss per leaf.
         */
        Session open() {
            int[] goesLeft = new int[trees.left.length];
            return (features, rows, width, out) -> {
                java.util.Arrays.fill(out, 0, rows * (width + 1), 0.0);
                for (int t = 0; t < trees.roots.length; t++) {
                    int firstNode = trees.roots[t];
                    int endNode = t + 1 < trees.roots.length ? trees.roots[t + 1] : trees.left.length;
                    for (int r = 0; r < rows; r++) {
                        int in = r * width;
                        int at = r * (width + 1);
                        for (int node = firstNode; node < endNode; node++) {
                            if (trees.left[node] >= 0) {
                                float v = (float) features[in + trees.feature[node]];
                                goesLeft[node] = (v != v ? trees.defaultLeft[node] : v < trees.split[node]) ? 1 : 0;
                            }
                        }
                        for (int l = firstLeaf[t]; l < firstLeaf[t + 1]; l++) {
                            int d = uniqueStart[l + 1] - uniqueStart[l];
                            if (d == 0) {
                                continue;
                            }
                            int pattern = (1 << d) - 1;
                            // Without a branch on the row's way, which would be mispredicted half the time.
                            for (int s = splitStart[l]; s < splitStart[l + 1]; s++) {
                                pattern &= ~((goesLeft[splitNode[s]] ^ splitLeft[s]) << splitBit[s]);
                            }
                            int row = tableStart[l] + pattern * d;
                            int u = uniqueStart[l];
                            for (int k = 0; k < d; k++) {
                                out[at + uniqueFeature[u + k]] += table[row + k];
                            }
                        }
                    }
                }
                for (int r = 0; r < rows; r++) {
                    out[r * (width + 1) + width] = trees.baseValue;
                }
            };
        }
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

        /**
         * One leaf's contributions to its {@code d} unique path features, given each feature's zero fraction (the
         * share of training cover that follows the path's splits on it) and one fraction (1 if the row does, else 0):
         * the recursion's extend at every path element, then its unwound sum per element, written at {@code out[at..]}.
         */
        void leafContributions(double[] zero, double[] one, int d, double value, double[] out, int at) {
            extend(0, 0, 1, 1, -1);
            for (int k = 0; k < d; k++) {
                extend(0, k + 1, zero[k], one[k], k);
            }
            for (int k = 0; k < d; k++) {
                out[at + k] = unwoundSum(0, d, k + 1) * (one[k] - zero[k]) * value;
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
