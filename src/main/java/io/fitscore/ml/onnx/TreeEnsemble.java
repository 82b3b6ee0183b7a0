package io.fitscore.ml.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Regression trees gathered node by node into one ONNX-ML {@code TreeEnsembleRegressor} whose leaf values are summed.
 * Float ensembles (XGBoost's: it compares features as floats) read the features cast to float, so a value that
 * rounds onto a threshold goes where XGBoost sends it; double ensembles (Tribuo's trees) keep double thresholds and
 * leaves. Either way onnxruntime hands the sum out as float, the operator's only output type.
 */
public final class TreeEnsemble {

    private final boolean doubles;
    private final AttributeProto.Builder treeIds = ints("nodes_treeids");
    private final AttributeProto.Builder nodeIds = ints("nodes_nodeids");
    private final AttributeProto.Builder featureIds = ints("nodes_featureids");
    private final AttributeProto.Builder modes = AttributeProto.newBuilder().setName("nodes_modes").setType(AttributeProto.AttributeType.STRINGS);
    private final AttributeProto.Builder trueIds = ints("nodes_truenodeids");
    private final AttributeProto.Builder falseIds = ints("nodes_falsenodeids");
    private final AttributeProto.Builder missingTrue = ints("nodes_missing_value_tracks_true");
    private final AttributeProto.Builder targetTrees = ints("target_treeids");
    private final AttributeProto.Builder targetNodes = ints("target_nodeids");
    private final AttributeProto.Builder targetIds = ints("target_ids");
    private double[] thresholds = new double[1024];
    private int nodes;
    private double[] weights = new double[512];
    private int leaves;

    private TreeEnsemble(boolean doubles) {
        this.doubles = doubles;
    }

    /** Trees that compare features as floats and hold float leaves (XGBoost). */
    public static TreeEnsemble floats() {
        return new TreeEnsemble(false);
    }

    /** Trees with double thresholds and leaves (Tribuo). */
    public static TreeEnsemble doubles() {
        return new TreeEnsemble(true);
    }

    private static AttributeProto.Builder ints(String name) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    }

    /**
     * A split node: a row goes to {@code trueNode} when its feature is below the threshold ({@code lessThan}) or at most
     * the threshold (otherwise), and a missing (NaN) feature goes to {@code trueNode} if {@code missingToTrue}. Node ids
     * count from 0 within each tree, and each tree's nodes are added in id order.
     */
    public void split(int tree, int node, int feature, double threshold, boolean lessThan, int trueNode, int falseNode,
            boolean missingToTrue) {
        addNode(tree, node, feature, threshold, lessThan ? "BRANCH_LT" : "BRANCH_LEQ", trueNode, falseNode, missingToTrue ? 1 : 0);
    }

    /** A leaf adding {@code value} to the sum. */
    public void leaf(int tree, int node, double value) {
        addNode(tree, node, 0, 0, "LEAF", 0, 0, 0);
        targetTrees.addInts(tree);
        targetNodes.addInts(node);
        targetIds.addInts(0);
        if (leaves == weights.length) {
            weights = Arrays.copyOf(weights, leaves * 2);
        }
        weights[leaves++] = value;
    }

    private void addNode(int tree, int node, int feature, double threshold, String mode, int trueNode, int falseNode, int missing) {
        treeIds.addInts(tree);
        nodeIds.addInts(node);
        featureIds.addInts(feature);
        modes.addStrings(ByteString.copyFromUtf8(mode));
        trueIds.addInts(trueNode);
        falseIds.addInts(falseNode);
        missingTrue.addInts(missing);
        if (nodes == thresholds.length) {
            thresholds = Arrays.copyOf(thresholds, nodes * 2);
        }
        thresholds[nodes++] = threshold;
    }

    /**
     * Adds the ensemble to {@code graph} reading the double matrix {@code input} (cast to float first for a float
     * ensemble); returns the name of its float output, one column: {@code base} plus the leaves reached.
     */
    public String addTo(OnnxGraph graph, String input, double base) {
        List<AttributeProto> attributes = new ArrayList<>(List.of(treeIds.build(), nodeIds.build(), featureIds.build(), modes.build(),
                trueIds.build(), falseIds.build(), missingTrue.build(), targetTrees.build(), targetNodes.build(), targetIds.build(),
                OnnxGraph.intAttribute("n_targets", 1), OnnxGraph.stringAttribute("aggregate_function", "SUM"),
                OnnxGraph.stringAttribute("post_transform", "NONE")));
        String features = input;
        if (doubles) {
            attributes.add(OnnxGraph.tensorAttribute("nodes_values_as_tensor", OnnxGraph.doubleTensor(null, Arrays.copyOf(thresholds, nodes), nodes)));
            attributes.add(OnnxGraph.tensorAttribute("target_weights_as_tensor", OnnxGraph.doubleTensor(null, Arrays.copyOf(weights, leaves), leaves)));
            attributes.add(OnnxGraph.tensorAttribute("base_values_as_tensor", OnnxGraph.doubleTensor(null, new double[] {base}, 1)));
        } else {
            attributes.add(floats("nodes_values", thresholds, nodes));
            attributes.add(floats("target_weights", weights, leaves));
            attributes.add(floats("base_values", new double[] {base}, 1));
            features = graph.node("Cast", List.of(input), List.of(OnnxGraph.intAttribute("to",
                    TensorProto.DataType.FLOAT.getNumber())));
        }
        return graph.node("TreeEnsembleRegressor", OnnxGraph.ML, List.of(features), attributes, graph.fresh());
    }

    private static AttributeProto floats(String name, double[] values, int count) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
        for (int i = 0; i < count; i++) {
            attribute.addFloats((float) values[i]);
        }
        return attribute.build();
    }
}
