package io.fitscore.ml.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * An ONNX graph built node by node, every value named by the builder. Opsets are fixed where onnxruntime, ONNX's
 * reference runtime, has run them for years: the default domain at 17, {@code ai.onnx.ml} at 3 (the tree ensemble with
 * double thresholds).
 */
public final class OnnxGraph {

    /** The ONNX-ML operator domain. */
    public static final String ML = "ai.onnx.ml";
    private static final long IR_VERSION = 8;
    private static final long OPSET = 17;
    private static final long ML_OPSET = 3;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int values;

    public OnnxGraph(String name, String doc) {
        graph.setName(name).setDocString(doc);
    }

    /** Declares a double matrix input of {@code width} columns and any number of rows; returns its name. */
    public String doubleMatrixInput(String name, int width, String doc) {
        graph.addInput(matrix(name, TensorProto.DataType.DOUBLE, width, doc));
        return name;
    }

    /** Declares {@code value}, a double matrix of {@code width} columns, as the graph's output. */
    public void doubleMatrixOutput(String value, int width, String doc) {
        graph.addOutput(matrix(value, TensorProto.DataType.DOUBLE, width, doc));
    }

    private static ValueInfoProto matrix(String name, TensorProto.DataType type, int width, String doc) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setDocString(doc)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    /** A double constant of the given shape (row-major); returns its name. */
    public String constant(double[] data, long... dims) {
        String name = "c" + values++;
        graph.addInitializer(doubleTensor(name, data, dims));
        return name;
    }

    /** A double tensor, its data as little-endian raw bytes (compact for the large leaf and threshold tables). */
    static TensorProto doubleTensor(String name, double[] data, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(data.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(data);
        TensorProto.Builder tensor = TensorProto.newBuilder().setDataType(TensorProto.DataType.DOUBLE.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        if (name != null) {
            tensor.setName(name);
        }
        for (long d : dims) {
            tensor.addDims(d);
        }
        return tensor.build();
    }

    /** A node of the default domain with one output; returns the output's name. */
    public String node(String op, List<String> inputs, List<AttributeProto> attributes) {
        return node(op, "", inputs, attributes, fresh());
    }

    /** A node of {@code domain} with one output named {@code output}; returns it. */
    public String node(String op, String domain, List<String> inputs, List<AttributeProto> attributes, String output) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setDomain(domain).setName(op + "_" + graph.getNodeCount())
                .addAllInput(inputs).addOutput(output).addAllAttribute(attributes));
        return output;
    }

    /** A fresh value name. */
    public String fresh() {
        return "v" + values++;
    }

    public static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    public static AttributeProto tensorAttribute(String name, TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
    }

    /** The serialised model, with {@code metadata} as its metadata properties. */
    public byte[] toModel(String producerVersion, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("fitscore")
                .setProducerVersion(producerVersion).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML).setVersion(ML_OPSET));
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }
}
