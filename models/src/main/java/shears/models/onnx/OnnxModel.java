package shears.models.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.models.onnx.proto.Onnx.AttributeProto;
import shears.models.onnx.proto.Onnx.GraphProto;
import shears.models.onnx.proto.Onnx.ModelProto;
import shears.models.onnx.proto.Onnx.NodeProto;
import shears.models.onnx.proto.Onnx.OperatorSetIdProto;
import shears.models.onnx.proto.Onnx.TensorProto;
import shears.models.onnx.proto.Onnx.TensorShapeProto;
import shears.models.onnx.proto.Onnx.ValueInfoProto;

/**
 * An ONNX model as read from a file: the opsets it imports, the main graph's nodes (in the file's
 * order, which ONNX requires to be topological), its initializers, inputs, outputs and metadata
 * properties (Shears' exports record the model's configuration there, keys {@code shears.*}). Nothing is
 * interpreted here beyond decoding; {@link OnnxImporter} maps the graph onto Shears layers.
 */
public record OnnxModel(
        String source,
        long irVersion,
        String producer,
        Map<String, Long> opsets,
        List<OnnxNode> nodes,
        Map<String, OnnxTensor> initializers,
        List<ValueInfo> inputs,
        List<ValueInfo> outputs,
        Map<String, String> metadata) {
    public OnnxModel {
        opsets = Map.copyOf(opsets);
        metadata = Map.copyOf(metadata);
        nodes = List.copyOf(nodes);
        initializers = Map.copyOf(initializers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** A graph input or output: name, element type code and dimensions (-1 where symbolic or unknown). */
    public record ValueInfo(String name, int elementType, int[] dims) {
        public ValueInfo {
            dims = dims.clone();
        }

        public String dimsText() {
            return Arrays.toString(dims).replace("-1", "?");
        }
    }

    public static OnnxModel read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new OnnxException(file + ": no such file");
        } catch (IOException e) {
            throw new OnnxException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxException(file + ": not an ONNX model, or truncated (" + e.getMessage() + ")", e);
        }
        return of(proto, file.toString());
    }

    /** The opset version imported for the default ("" or "ai.onnx") domain. */
    public long defaultOpset() {
        return opsets.getOrDefault("", opsets.getOrDefault("ai.onnx", 0L));
    }

    public static OnnxModel of(ModelProto proto, String source) {
        if (!proto.hasGraph() || proto.getIrVersion() <= 0) {
            throw new OnnxException(source + ": not an ONNX model (no graph or IR version)");
        }
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            opsets.put(o.getDomain(), o.getVersion());
        }
        GraphProto g = proto.getGraph();
        Map<String, OnnxTensor> init = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            init.put(t.getName(), prefixed(source, () -> OnnxTensor.decode(t, "initializer")));
        }
        if (g.getSparseInitializerCount() > 0) {
            throw new OnnxException(source + ": sparse initializers are not supported");
        }
        List<OnnxNode> nodes = new ArrayList<>();
        for (int k = 0; k < g.getNodeCount(); k++) {
            nodes.add(node(g.getNode(k), k, source));
        }
        List<ValueInfo> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!init.containsKey(v.getName())) { // older exporters list initializers as inputs too
                inputs.add(info(v));
            }
        }
        List<ValueInfo> outputs =
                g.getOutputList().stream().map(OnnxModel::info).toList();
        Map<String, String> metadata = new LinkedHashMap<>();
        proto.getMetadataPropsList().forEach(e -> metadata.put(e.getKey(), e.getValue()));
        return new OnnxModel(
                source,
                proto.getIrVersion(),
                proto.getProducerName() + " " + proto.getProducerVersion(),
                opsets,
                nodes,
                init,
                inputs,
                outputs,
                metadata);
    }

    private static OnnxNode node(NodeProto n, int index, String source) {
        String name = n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
        Map<String, OnnxAttribute> attrs = new LinkedHashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            String what = "node '" + name + "' (" + n.getOpType() + ") attribute " + a.getName();
            attrs.put(a.getName(), prefixed(source, () -> attribute(a, what)));
        }
        return new OnnxNode(name, n.getOpType(), n.getDomain(), n.getInputList(), n.getOutputList(), attrs);
    }

    private static OnnxAttribute attribute(AttributeProto a, String what) {
        double[] none = new double[0];
        long[] noInts = new long[0];
        return switch (a.getType()) {
            case FLOAT -> new OnnxAttribute(a.getName(), OnnxAttribute.Kind.FLOAT, a.getF(), 0, "", null, none, noInts);
            case INT -> new OnnxAttribute(a.getName(), OnnxAttribute.Kind.INT, 0, a.getI(), "", null, none, noInts);
            case STRING ->
                new OnnxAttribute(
                        a.getName(), OnnxAttribute.Kind.STRING, 0, 0, a.getS().toStringUtf8(), null, none, noInts);
            case TENSOR ->
                new OnnxAttribute(
                        a.getName(),
                        OnnxAttribute.Kind.TENSOR,
                        0,
                        0,
                        "",
                        OnnxTensor.decode(a.getT(), what),
                        none,
                        noInts);
            case FLOATS ->
                new OnnxAttribute(
                        a.getName(),
                        OnnxAttribute.Kind.FLOATS,
                        0,
                        0,
                        "",
                        null,
                        a.getFloatsList().stream()
                                .mapToDouble(Float::doubleValue)
                                .toArray(),
                        noInts);
            case INTS ->
                new OnnxAttribute(
                        a.getName(),
                        OnnxAttribute.Kind.INTS,
                        0,
                        0,
                        "",
                        null,
                        none,
                        a.getIntsList().stream().mapToLong(Long::longValue).toArray());
            default -> new OnnxAttribute(a.getName(), OnnxAttribute.Kind.OTHER, 0, 0, "", null, none, noInts);
        };
    }

    private static ValueInfo info(ValueInfoProto v) {
        int type = v.getType().hasTensorType() ? v.getType().getTensorType().getElemType() : 0;
        TensorShapeProto shape = v.getType().getTensorType().getShape();
        int[] dims = new int[shape.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            dims[i] = d.hasDimValue() ? (int) d.getDimValue() : -1;
        }
        return new ValueInfo(v.getName(), type, dims);
    }

    private static <T> T prefixed(String source, java.util.function.Supplier<T> decode) {
        try {
            return decode.get();
        } catch (OnnxException e) {
            throw new OnnxException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a TensorProto file (the {@code input_0.pb} of ONNX test data). */
    public static OnnxTensor readTensor(Path file) {
        try {
            return OnnxTensor.decode(TensorProto.parseFrom(Files.readAllBytes(file)), "tensor");
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxException(file + ": not an ONNX TensorProto, or truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new OnnxException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (OnnxException e) {
            throw new OnnxException(file + ": " + e.getMessage(), e);
        }
    }
}
