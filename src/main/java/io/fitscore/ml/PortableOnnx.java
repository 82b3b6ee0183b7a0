package io.fitscore.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.fitscore.ml.onnx.OnnxGraph;
import io.fitscore.ml.onnx.TreeEnsemble;
import io.fitscore.ml.scoring.AveragedModels;
import io.fitscore.ml.scoring.BoosterTrees;
import io.fitscore.ml.scoring.FlatTrees;
import io.fitscore.ml.scoring.XGBoostBatch;

/**
 * The whole model as ONNX, which onnxruntime and every ONNX runtime load without Java or Tribuo: XGBoost's trees and
 * Tribuo's as ONNX-ML tree ensembles, a linear model as a matrix product, the blend as the weighted mean of its members,
 * then the target's scale undone. It takes the encoded feature vector (one column per model feature, in the order the
 * metadata property {@link PortableBoosters#FEATURES} names them; a feature a row does not have is NaN) and gives the
 * prediction in the target's units, as fitscore's scoring does.
 */
public final class PortableOnnx {

    /** The graph's input: the encoded feature matrix. */
    public static final String INPUT = "features";
    /** The graph's output: one prediction per row, in the target's units. */
    public static final String OUTPUT = "prediction";

    private PortableOnnx() {
    }

    /** The model as ONNX bytes, or null when a part of it has no ONNX form here (it is then left out of the run's artifacts). */
    public static byte[] of(Model<Regressor> model, FeaturePipeline pipeline, String producerVersion) {
        ImmutableFeatureMap features = model.getFeatureIDMap();
        OnnxGraph graph = new OnnxGraph("fitscore", "fitscore's model of '" + pipeline.target() + "': input '" + INPUT
                + "' is the encoded feature vector (columns named by the metadata property " + PortableBoosters.FEATURES
                + ", absent features NaN), output '" + OUTPUT + "' the prediction in the target's units");
        Inputs inputs = new Inputs(graph, graph.doubleMatrixInput(INPUT, features.size(),
                "one column per feature named in " + PortableBoosters.FEATURES + "; NaN where a row does not have the feature"));
        String raw = member(model, inputs);
        if (raw == null) {
            return null;
        }
        FeaturePipeline.TargetScale scale = pipeline.targetScale();
        String scaled = graph.node("Mul", List.of(raw, graph.constant(new double[] {scale.sd()})), List.of());
        graph.node("Add", "", List.of(scaled, graph.constant(new double[] {scale.mean()})), List.of(), OUTPUT);
        graph.doubleMatrixOutput(OUTPUT, 1, "the prediction of '" + pipeline.target() + "'");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(PortableBoosters.FEATURES, PortableBoosters.featureNames(features));
        metadata.put("fitscore_target", pipeline.target());
        return graph.toModel(producerVersion, metadata);
    }

    /** The feature matrix as read by the members: as given (NaN for absent), or with absent features as 0 (Tribuo's view). */
    private static final class Inputs {
        private final OnnxGraph graph;
        private final String features;
        private String zeroed;

        Inputs(OnnxGraph graph, String features) {
            this.graph = graph;
            this.features = features;
        }

        String zeroed() {
            if (zeroed == null) {
                String missing = graph.node("IsNaN", List.of(features), List.of());
                zeroed = graph.node("Where", List.of(missing, graph.constant(new double[] {0.0}), features), List.of());
            }
            return zeroed;
        }
    }

    /** The graph value of one model's prediction in its own (scaled) units, a double column; null if it has no ONNX form. */
    private static String member(Model<Regressor> model, Inputs in) {
        OnnxGraph graph = in.graph;
        if (XGBoostBatch.isSingleBooster(model)) {
            BoosterTrees trees = BoosterTrees.of(model);
            return trees == null ? null : asDouble(graph, boosterTrees(trees).addTo(graph, in.features, trees.baseScore()));
        }
        FlatTrees flat = FlatTrees.of(model);
        if (flat != null) {
            return asDouble(graph, tribuoTrees(flat.layout()).addTo(graph, in.zeroed(), 0.0));
        }
        if (LinearForm.applies(model)) {
            LinearForm form = LinearForm.of(model);
            String product = graph.node("MatMul", List.of(in.zeroed(), graph.constant(form.weights(), form.weights().length, 1)), List.of());
            return graph.node("Add", List.of(product, graph.constant(new double[] {form.intercept()})), List.of());
        }
        if (model instanceof WeightedEnsembleModel<Regressor> ensemble) {
            float[] weights = FlatTrees.averagingWeights(ensemble);
            if (weights == null) {
                return null;
            }
            double total = 0;
            for (float w : weights) {
                total += w;
            }
            List<String> parts = new ArrayList<>();
            for (int m = 0; m < ensemble.getNumModels(); m++) {
                Model<Regressor> part = ensemble.getModels().get(m);
                String value = AveragedModels.sameFeatures(part.getFeatureIDMap(), model.getFeatureIDMap()) ? member(part, in) : null;
                if (value == null) {
                    return null;
                }
                parts.add(graph.node("Mul", List.of(value, graph.constant(new double[] {weights[m] / total})), List.of()));
            }
            return parts.size() == 1 ? parts.get(0) : graph.node("Sum", parts, List.of());
        }
        return null;
    }

    /** XGBoost's trees: x < split goes left, a missing value to the node's default side. */
    private static TreeEnsemble boosterTrees(BoosterTrees trees) {
        TreeEnsemble ensemble = TreeEnsemble.floats();
        for (int t = 0; t < trees.trees().size(); t++) {
            BoosterTrees.Tree tree = trees.trees().get(t);
            for (int i = 0; i < tree.size(); i++) {
                if (tree.left()[i] < 0) {
                    ensemble.leaf(t, i, tree.condition()[i]);
                } else {
                    ensemble.split(t, i, tree.index()[i], tree.condition()[i], true, tree.left()[i], tree.right()[i], tree.defaultLeft()[i]);
                }
            }
        }
        return ensemble;
    }

    /** Tribuo's trees (absent features already 0): x <= threshold goes left; a forest's averaging weights folded into its leaves. */
    private static TreeEnsemble tribuoTrees(FlatTrees.Layout layout) {
        TreeEnsemble ensemble = TreeEnsemble.doubles();
        int[] roots = layout.roots();
        double total = 0;
        if (layout.weights() != null) {
            for (float w : layout.weights()) {
                total += w;
            }
        }
        for (int t = 0; t < roots.length; t++) {
            int start = roots[t];
            int end = t + 1 < roots.length ? roots[t + 1] : layout.feature().length;
            double share = layout.weights() == null ? 1.0 : layout.weights()[t] / total;
            for (int i = start; i < end; i++) {
                if (layout.feature()[i] < 0) {
                    ensemble.leaf(t, i - start, layout.leafValue()[i] * share);
                } else {
                    ensemble.split(t, i - start, layout.feature()[i], layout.threshold()[i], false, layout.lessOrEqual()[i] - start,
                            layout.greater()[i] - start, false);
                }
            }
        }
        return ensemble;
    }

    private static String asDouble(OnnxGraph graph, String floats) {
        return graph.node("Cast", List.of(floats), List.of(OnnxGraph.intAttribute("to", TensorProto.DataType.DOUBLE.getNumber())));
    }
}
