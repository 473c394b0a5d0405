package shears.models.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import shears.models.nn.Add;
import shears.models.nn.Concat;
import shears.models.nn.Conv;
import shears.models.nn.ConvTranspose;
import shears.models.nn.Dense;
import shears.models.nn.DepthToSpace;
import shears.models.nn.Layer;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.nn.Pool;
import shears.models.nn.Relu;
import shears.models.nn.Reshape;
import shears.models.nn.Upsample;
import shears.models.onnx.proto.Onnx.AttributeProto;
import shears.models.onnx.proto.Onnx.GraphProto;
import shears.models.onnx.proto.Onnx.ModelProto;
import shears.models.onnx.proto.Onnx.NodeProto;
import shears.models.onnx.proto.Onnx.OperatorSetIdProto;
import shears.models.onnx.proto.Onnx.StringStringEntryProto;
import shears.models.onnx.proto.Onnx.TensorProto;
import shears.models.onnx.proto.Onnx.TensorShapeProto;
import shears.models.onnx.proto.Onnx.TypeProto;
import shears.models.onnx.proto.Onnx.ValueInfoProto;
import shears.models.quant.QuantOp;
import shears.models.quant.QuantizedNetwork;
import shears.models.tensor.Shape;

/**
 * Writes a Shears network as ONNX (opset 13): in float, or with its integer form as QDQ —
 * int8 weights with per-channel scales behind DequantizeLinear, every activation the integer model
 * requantises passed through QuantizeLinear/DequantizeLinear at its scale, biases as the integer
 * model's int32 values times their accumulator scale. The batch dimension is symbolic ("N").
 * Deterministic: the same network gives the same bytes.
 */
public final class OnnxExporter {
    public static final int OPSET = 13;

    private final Network net;
    private final QuantizedNetwork q;
    private final GraphProto.Builder g = GraphProto.newBuilder();
    private final int rank;

    private OnnxExporter(Network net, QuantizedNetwork q) {
        this.net = net;
        this.q = q;
        this.rank = net.inputShape().is1d() ? 3 : 4;
    }

    /** The float model. */
    public static ModelProto export(Network net, String name, Map<String, String> metadata) {
        return new OnnxExporter(net, null).build(name, metadata);
    }

    /** The integer model as QDQ (int8 activations only: the range QuantizeLinear has). */
    public static ModelProto exportQdq(QuantizedNetwork q, String name, Map<String, String> metadata) {
        if (!q.isInt8()) {
            throw new OnnxException("QDQ export needs int8 activations throughout; this network has other ranges");
        }
        return new OnnxExporter(q.network(), q).build(name, metadata);
    }

    private ModelProto build(String name, Map<String, String> metadata) {
        g.setName(name);
        g.addInput(valueInfo("input", net.inputShape(), rank));
        String in = "input";
        if (q != null) {
            in = qdq("input", q.inputScale(), "input_q");
        }
        String[] outs = new String[net.nodes().size()];
        for (int i = 0; i < net.nodes().size(); i++) {
            Node node = net.nodes().get(i);
            List<String> inputs = new ArrayList<>();
            for (int src : node.inputs()) {
                inputs.add(src == Node.NETWORK_INPUT ? in : outs[src]);
            }
            String y = layer(i, node, inputs);
            if (q != null && requantises(q.ops().get(i))) {
                y = qdq(y, q.scales()[i], node.name() + "_q");
            }
            outs[i] = y;
        }
        String last = outs[outs.length - 1];
        g.addNode(node("Identity", "output", List.of(last), "output", List.of()));
        g.addOutput(valueInfo("output", net.outputShape(), outputRank()));
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(7)
                .setProducerName("shears")
                .setProducerVersion("0.1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g);
        new TreeMap<>(metadata)
                .forEach((k, v) -> m.addMetadataProps(
                        StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private static boolean requantises(QuantOp op) {
        return op instanceof QuantOp.Weighted
                || op instanceof QuantOp.Add
                || op instanceof QuantOp.Concat
                || op instanceof QuantOp.AvgPool;
    }

    private int outputRank() {
        Layer last = net.nodes().get(net.nodes().size() - 1).layer();
        boolean dense = false;
        for (Node n : net.nodes()) {
            dense |= n.layer() instanceof Dense;
        }
        return dense && net.outputShape().height() == 1 && net.outputShape().width() == 1 && !(last instanceof Reshape)
                ? 2
                : rank;
    }

    private String layer(int i, Node node, List<String> in) {
        Layer l = node.layer();
        String y = node.name();
        if (l instanceof Conv c) {
            conv(i, c, in.get(0), y);
        } else if (l instanceof ConvTranspose t) {
            convTranspose(i, t, in.get(0), y);
        } else if (l instanceof Dense d) {
            String flat = in.get(0);
            if (!net.inputShapeOf(i, 0).equals(Shape.vector(d.inFeatures()))) {
                flat = y + "_flat";
                g.addNode(node("Flatten", flat, List.of(in.get(0)), flat, List.of(intAttr("axis", 1))));
            }
            String w = weights(i, y + "_w", new long[] {d.outFeatures(), d.inFeatures()}, false);
            g.addNode(node("Gemm", y, List.of(flat, w, bias(i, y + "_b")), y, List.of(intAttr("transB", 1))));
        } else if (l instanceof Relu) {
            g.addNode(node("Relu", y, in, y, List.of()));
        } else if (l instanceof Pool p) {
            long[] k = rank == 3 ? new long[] {p.kernelW()} : new long[] {p.kernelH(), p.kernelW()};
            long[] s = rank == 3 ? new long[] {p.strideW()} : new long[] {p.strideH(), p.strideW()};
            long[] pads =
                    rank == 3 ? new long[] {p.padW(), p.padW()} : new long[] {p.padH(), p.padW(), p.padH(), p.padW()};
            List<AttributeProto> a =
                    new ArrayList<>(List.of(ints("kernel_shape", k), ints("strides", s), ints("pads", pads)));
            if (p.mode() == Pool.Mode.AVG) {
                a.add(intAttr("count_include_pad", 1));
            }
            g.addNode(node(p.mode() == Pool.Mode.MAX ? "MaxPool" : "AveragePool", y, in, y, a));
        } else if (l instanceof Upsample u) {
            double[] scales =
                    rank == 3 ? new double[] {1, 1, u.factorW()} : new double[] {1, 1, u.factorH(), u.factorW()};
            String sc = constant(y + "_scales", scales, scales.length);
            g.addNode(node(
                    "Resize",
                    y,
                    List.of(in.get(0), "", sc),
                    y,
                    List.of(
                            string("mode", "nearest"),
                            string("coordinate_transformation_mode", "asymmetric"),
                            string("nearest_mode", "floor"))));
        } else if (l instanceof DepthToSpace d) {
            g.addNode(node(
                    "DepthToSpace",
                    y,
                    in,
                    y,
                    List.of(
                            intAttr("blocksize", d.block()),
                            string("mode", d.mode().name()))));
        } else if (l instanceof Reshape r) {
            Shape t = r.to();
            long[] dims = rank == 3
                    ? new long[] {-1, t.channels(), t.width()}
                    : new long[] {-1, t.channels(), t.height(), t.width()};
            String shape = int64s(y + "_shape", dims);
            g.addNode(node("Reshape", y, List.of(in.get(0), shape), y, List.of()));
        } else if (l instanceof Add) {
            g.addNode(node("Add", y, in, y, List.of()));
        } else if (l instanceof Concat) {
            g.addNode(node("Concat", y, in, y, List.of(intAttr("axis", 1))));
        } else {
            throw new OnnxException("layer '" + node.name() + "' (" + l.kind()
                    + ") has no ONNX form; fold channel gates before exporting");
        }
        return y;
    }

    private void conv(int i, Conv c, String x, String y) {
        long[] dims = rank == 3
                ? new long[] {c.outChannels(), c.inChannels() / c.groups(), c.kernelW()}
                : new long[] {c.outChannels(), c.inChannels() / c.groups(), c.kernelH(), c.kernelW()};
        String w = weights(i, y + "_w", dims, false);
        List<AttributeProto> a = rank == 3
                ? List.of(
                        ints("kernel_shape", c.kernelW()),
                        ints("strides", c.strideW()),
                        ints("pads", c.padW(), c.padW()),
                        ints("dilations", c.dilationW()),
                        intAttr("group", c.groups()))
                : List.of(
                        ints("kernel_shape", c.kernelH(), c.kernelW()),
                        ints("strides", c.strideH(), c.strideW()),
                        ints("pads", c.padH(), c.padW(), c.padH(), c.padW()),
                        ints("dilations", c.dilationH(), c.dilationW()),
                        intAttr("group", c.groups()));
        g.addNode(node("Conv", y, List.of(x, w, bias(i, y + "_b")), y, a));
    }

    private void convTranspose(int i, ConvTranspose t, String x, String y) {
        long[] dims = rank == 3
                ? new long[] {t.inChannels(), t.outChannels(), t.kernelW()}
                : new long[] {t.inChannels(), t.outChannels(), t.kernelH(), t.kernelW()};
        String w = weights(i, y + "_w", dims, true);
        List<AttributeProto> a = rank == 3
                ? List.of(
                        ints("kernel_shape", t.kernelW()),
                        ints("strides", t.strideW()),
                        ints("pads", t.padW(), t.padW()),
                        ints("output_padding", t.outputPadW()))
                : List.of(
                        ints("kernel_shape", t.kernelH(), t.kernelW()),
                        ints("strides", t.strideH(), t.strideW()),
                        ints("pads", t.padH(), t.padW(), t.padH(), t.padW()),
                        ints("output_padding", t.outputPadH(), t.outputPadW()));
        g.addNode(node("ConvTranspose", y, List.of(x, w, bias(i, y + "_b")), y, a));
    }

    /** Weights in ONNX layout ([in][out] first for transposed convolutions); int8 + DequantizeLinear in QDQ form. */
    private String weights(int i, String name, long[] dims, boolean transposed) {
        int out = net.shape(i).channels();
        int[] ints =
                q == null ? null : ((QuantOp.Weighted) q.ops().get(i)).weights().values();
        double[] real = net.weights(i);
        int fan = real.length / out;
        double[] values = new double[real.length];
        int[] qv = ints == null ? null : new int[ints.length];
        int in = transposed ? fan / (int) (dims.length == 3 ? dims[2] : dims[2] * dims[3]) : 0;
        int k = transposed ? fan / in : 0;
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < fan; j++) {
                int to = transposed ? ((j / k) * out + o) * k + j % k : o * fan + j; // [out][in][k] -> [in][out][k]
                values[to] = real[o * fan + j];
                if (qv != null) {
                    qv[to] = ints[o * fan + j];
                }
            }
        }
        if (q == null) {
            g.addInitializer(floats(name, values, dims));
            return name;
        }
        // per output channel: axis 0 of [out][in][k], axis 1 of a transposed convolution's [in][out][k]
        double[] scales = ((QuantOp.Weighted) q.ops().get(i)).weights().scales();
        g.addInitializer(int8s(name + "_int", qv, dims));
        g.addInitializer(floats(name + "_scale", scales, scales.length));
        g.addInitializer(int8s(name + "_zero", new int[scales.length], scales.length));
        g.addNode(node(
                "DequantizeLinear",
                name,
                List.of(name + "_int", name + "_scale", name + "_zero"),
                name,
                List.of(intAttr("axis", transposed ? 1 : 0))));
        return name;
    }

    private String bias(int i, String name) {
        double[] b = net.bias(i).clone();
        if (q != null) {
            QuantOp.Weighted w = (QuantOp.Weighted) q.ops().get(i);
            double in = net.nodes().get(i).inputs().get(0) == Node.NETWORK_INPUT
                    ? q.inputScale()
                    : q.scales()[net.nodes().get(i).inputs().get(0)];
            for (int o = 0; o < b.length; o++) {
                b[o] = w.bias()[o] * in * w.weights().scales()[o]; // the integer model's bias, exactly
            }
        }
        g.addInitializer(floats(name, b, b.length));
        return name;
    }

    private String qdq(String x, double scale, String name) {
        String s = constant(name + "_scale", new double[] {scale});
        g.addInitializer(int8s(name + "_zero", new int[] {0}));
        g.addNode(node("QuantizeLinear", name + "_quant", List.of(x, s, name + "_zero"), name + "_int", List.of()));
        g.addNode(node("DequantizeLinear", name, List.of(name + "_int", s, name + "_zero"), name, List.of()));
        return name;
    }

    private String constant(String name, double[] v, long... dims) {
        g.addInitializer(floats(name, v, dims));
        return name;
    }

    private String int64s(String name, long[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        g.addInitializer(TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxTensor.ElementType.INT64.code())
                .addDims(v.length)
                .setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    private static TensorProto floats(String name, double[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putFloat((float) x);
        }
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxTensor.ElementType.FLOAT.code())
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static TensorProto int8s(String name, int[] v, long... dims) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxTensor.ElementType.INT8.code())
                .setRawData(ByteString.copyFrom(b));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static ValueInfoProto valueInfo(String name, Shape s, int rank) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int d : OnnxImporter.sampleDims(s, rank)) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxTensor.ElementType.FLOAT.code())
                                .setShape(shape)))
                .build();
    }

    private static NodeProto node(String op, String name, List<String> in, String out, List<AttributeProto> attrs) {
        return NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addAllInput(in)
                .addOutput(out)
                .addAllAttribute(attrs)
                .build();
    }

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(v)
                .build();
    }

    private static AttributeProto string(String name, String v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v))
                .build();
    }
}
