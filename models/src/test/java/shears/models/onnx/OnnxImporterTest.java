package shears.models.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.models.nn.Conv;
import shears.models.nn.DepthToSpace;
import shears.models.nn.Relu;
import shears.models.onnx.proto.Onnx.AttributeProto;
import shears.models.onnx.proto.Onnx.GraphProto;
import shears.models.onnx.proto.Onnx.ModelProto;
import shears.models.onnx.proto.Onnx.NodeProto;
import shears.models.onnx.proto.Onnx.OperatorSetIdProto;
import shears.models.onnx.proto.Onnx.TensorProto;
import shears.models.onnx.proto.Onnx.TensorShapeProto;
import shears.models.onnx.proto.Onnx.TypeProto;
import shears.models.onnx.proto.Onnx.ValueInfoProto;
import shears.models.quant.QuantizedNetwork;

/** The importer on small graphs built here: mappings, quantisers and every refusal's message. */
class OnnxImporterTest {
    @TempDir
    Path dir;

    // ---- graph building --------------------------------------------------------------------------

    static TensorProto floats(String name, double[] v, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putFloat((float) x);
        }
        return TensorProto.newBuilder()
                .setName(name)
                .setDataType(1)
                .addAllDims(box(dims))
                .setRawData(ByteString.copyFrom(b.array()))
                .build();
    }

    static TensorProto typedFloats(String name, double[] v, long... dims) {
        TensorProto.Builder t =
                TensorProto.newBuilder().setName(name).setDataType(1).addAllDims(box(dims));
        for (double x : v) {
            t.addFloatData((float) x);
        }
        return t.build();
    }

    static TensorProto int8s(String name, int[] v, long... dims) {
        TensorProto.Builder t =
                TensorProto.newBuilder().setName(name).setDataType(3).addAllDims(box(dims));
        for (int x : v) {
            t.addInt32Data(x);
        }
        return t.build();
    }

    static TensorProto scalar(String name, double v) {
        return floats(name, new double[] {v});
    }

    private static List<Long> box(long[] dims) {
        return Arrays.stream(dims).boxed().toList();
    }

    static NodeProto node(String op, String name, List<String> in, String out, AttributeProto... attrs) {
        return NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addAllInput(in)
                .addOutput(out)
                .addAllAttribute(List.of(attrs))
                .build();
    }

    static AttributeProto ints(String name, long... v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INTS)
                .addAllInts(box(v))
                .build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(v)
                .build();
    }

    static AttributeProto string(String name, String v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v))
                .build();
    }

    static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(
                                TypeProto.Tensor.newBuilder().setElemType(1).setShape(s)))
                .build();
    }

    static ModelProto model(GraphProto.Builder g) {
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OperatorSetIdProto.newBuilder()
                        .setDomain("qonnx.custom_op.general")
                        .setVersion(1))
                .setGraph(g.setName("g"))
                .build();
    }

    static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    /** x[1,2,6,6] -> Conv 3x3 (4 out, pad 1) -> BatchNormalization -> Relu -> DepthToSpace(2) -> y. */
    static GraphProto.Builder convBnReluD2s(AttributeProto pads) {
        return GraphProto.newBuilder()
                .addInput(value("x", 1, 2, 6, 6))
                .addOutput(value("y", 1, 1, 12, 12))
                .addInitializer(floats("w", random(4 * 2 * 9, 1), 4, 2, 3, 3))
                .addInitializer(typedFloats("b", random(4, 2), 4))
                .addInitializer(floats("g", new double[] {1.5, -0.5, 2, 0.25}, 4))
                .addInitializer(floats("beta", random(4, 3), 4))
                .addInitializer(floats("mean", random(4, 4), 4))
                .addInitializer(floats("var", new double[] {1, 2, 0.5, 4}, 4))
                .addNode(node("Conv", "conv", List.of("x", "w", "b"), "c", ints("kernel_shape", 3, 3), pads))
                .addNode(node("BatchNormalization", "bn", List.of("c", "g", "beta", "mean", "var"), "n"))
                .addNode(node("Relu", "relu", List.of("n"), "r"))
                .addNode(
                        node("DepthToSpace", "d2s", List.of("r"), "y", intAttr("blocksize", 2), string("mode", "CRD")));
    }

    private Path write(ModelProto m) throws Exception {
        Path f = dir.resolve("m.onnx");
        Files.write(f, m.toByteArray());
        return f;
    }

    // ---- mappings --------------------------------------------------------------------------------

    @Test
    void convolutionWithFoldedBatchNormMatchesTheUnfoldedArithmetic() throws Exception {
        OnnxModel m = OnnxModel.read(write(model(convBnReluD2s(ints("pads", 1, 1, 1, 1)))));
        ImportedModel im = OnnxImporter.importModel(m);
        assertEquals(3, im.network().nodes().size(), "conv (with the batch norm folded in), relu, depth-to-space");
        assertTrue(im.network().nodes().get(0).layer() instanceof Conv);
        assertTrue(im.network().nodes().get(1).layer() instanceof Relu);
        assertEquals(
                new DepthToSpace(2, DepthToSpace.Mode.CRD),
                im.network().nodes().get(2).layer());
        assertEquals("conv + bn", im.origin(0));
        double[] x = random(72, 9);
        OnnxTensor y = im.runFloat(OnnxTensor.of("x", x, 1, 2, 6, 6));
        assertArrayEquals(new int[] {1, 1, 12, 12}, y.dims());
        // reference: the same graph computed directly
        double[] w = random(72, 1);
        double[] b = new double[4];
        System.arraycopy(m.initializers().get("b").values(), 0, b, 0, 4);
        double[] g = {1.5, -0.5, 2, 0.25};
        double[] beta = m.initializers().get("beta").values();
        double[] mean = m.initializers().get("mean").values();
        double[] var = {1, 2, 0.5, 4};
        int checked = 0;
        for (int oy = 0; oy < 12; oy++) {
            for (int ox = 0; ox < 12; ox++) {
                int c = (oy % 2) * 2 + ox % 2; // CRD with one output channel
                int py = oy / 2;
                int px = ox / 2;
                double acc = m.initializers().get("b").values()[c];
                for (int ci = 0; ci < 2; ci++) {
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = py + ky - 1;
                            int ix = px + kx - 1;
                            if (iy >= 0 && iy < 6 && ix >= 0 && ix < 6) {
                                acc += (float) w[((c * 2 + ci) * 3 + ky) * 3 + kx] * x[(ci * 6 + iy) * 6 + ix];
                            }
                        }
                    }
                }
                double n = (acc - mean[c]) / Math.sqrt(var[c] + 1e-5) * (float) g[c] + beta[c];
                assertEquals(Math.max(0, n), y.values()[oy * 12 + ox], 1e-5, "output (" + oy + ", " + ox + ")");
                checked++;
            }
        }
        assertEquals(144, checked);
    }

    @Test
    void qonnxQuantOnWeightsAndActivationsGivesAnIntegerModelThatMatchesFakeQuantisation() throws Exception {
        // x -> Quant(int8, 2^-5) -> Conv(Quant(weights int4 per channel, power-of-two scales)) -> Relu -> Quant(uint4,
        // 2^-3)
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInput(value("x", 1, 2, 5, 5))
                .addOutput(value("y", 1, 3, 5, 5))
                .addInitializer(floats("w", random(3 * 2 * 9, 5), 3, 2, 3, 3))
                .addInitializer(floats("ws", new double[] {0.125, 0.0625, 0.25}, 3, 1, 1, 1))
                .addInitializer(scalar("xs", 1.0 / 32))
                .addInitializer(scalar("ys", 0.125))
                .addInitializer(scalar("z", 0))
                .addInitializer(scalar("b8", 8))
                .addInitializer(scalar("b4", 4))
                .addInitializer(floats("bias", new double[] {0.5, -0.25, 0.125}, 3))
                .addNode(quant("qx", List.of("x", "xs", "z", "b8"), "xq", 1, 0))
                .addNode(quant("qw", List.of("w", "ws", "z", "b4"), "wq", 1, 1))
                .addNode(node("Conv", "conv", List.of("xq", "wq", "bias"), "c", ints("pads", 1, 1, 1, 1)))
                .addNode(node("Relu", "relu", List.of("c"), "r"))
                .addNode(quant("qy", List.of("r", "ys", "z", "b4"), "y", 0, 0));
        ImportedModel im = OnnxImporter.importModel(OnnxModel.read(write(model(g))));
        assertTrue(im.quantised());
        assertEquals(4, im.weightQuant(0).weights().bits());
        assertEquals(new QuantizedNetwork.Clamp(0, 15), im.outputQuant(1).clamp());
        OnnxTensor x = OnnxTensor.of("x", random(50, 6), 1, 2, 5, 5);
        OnnxTensor fake = im.runFloat(x);
        OnnxTensor integer = im.runInteger(x);
        int steps = 0;
        for (int i = 0; i < fake.size(); i++) {
            double q = fake.values()[i] / 0.125;
            assertEquals(Math.rint(q), q, 1e-9, "fake-quantised output is on the 1/8 grid");
            assertTrue(q >= 0 && q <= 15);
            // power-of-two scales: integer arithmetic is exact but for ties, which the integer model rounds half up
            assertEquals(fake.values()[i], integer.values()[i], 0.125 + 1e-12, "element " + i);
            steps += fake.values()[i] == integer.values()[i] ? 0 : 1;
        }
        assertTrue(steps <= 2, steps + " elements differ by one step (rounding ties)");
    }

    static NodeProto quant(String name, List<String> in, String out, int signed, int narrow) {
        return NodeProto.newBuilder()
                .setOpType("Quant")
                .setDomain("qonnx.custom_op.general")
                .setName(name)
                .addAllInput(in)
                .addOutput(out)
                .addAttribute(intAttr("signed", signed))
                .addAttribute(intAttr("narrow", narrow))
                .addAttribute(string("rounding_mode", "ROUND"))
                .build();
    }

    @Test
    void qdqWeightsKeepTheFilesIntegers() throws Exception {
        int[] q = new int[2 * 1 * 1 * 3];
        for (int i = 0; i < q.length; i++) {
            q[i] = i * 20 - 50;
        }
        GraphProto.Builder g = GraphProto.newBuilder()
                .addInput(value("x", 1, 1, 8))
                .addOutput(value("y", 1, 2, 8))
                .addInitializer(int8s("wq", q, 2, 1, 3))
                .addInitializer(floats("ws", new double[] {0.01, 0.02}, 2))
                .addInitializer(int8s("wz", new int[] {0, 0}, 2))
                .addInitializer(scalar("s", 0.05))
                .addInitializer(int8s("z", new int[] {0}))
                .addNode(node("DequantizeLinear", "dqw", List.of("wq", "ws", "wz"), "w", intAttr("axis", 0)))
                .addNode(node("QuantizeLinear", "qx", List.of("x", "s", "z"), "xq"))
                .addNode(node("DequantizeLinear", "dqx", List.of("xq", "s", "z"), "xd"))
                .addNode(node("Conv", "conv", List.of("xd", "w"), "y", ints("pads", 1, 1)));
        ImportedModel im = OnnxImporter.importModel(OnnxModel.read(write(model(g))));
        assertArrayEquals(q, im.weightQuant(0).weights().values());
        assertArrayEquals(
                new double[] {(float) 0.01, (float) 0.02},
                im.weightQuant(0).weights().scales());
        assertEquals(new QuantizedNetwork.Clamp(-128, 127), im.inputQuant().clamp());
        assertEquals((float) 0.05, im.inputQuant().scale());
    }

    // ---- refusals --------------------------------------------------------------------------------

    private String refusal(GraphProto.Builder g) throws Exception {
        Path f = write(model(g));
        return assertThrows(OnnxException.class, () -> OnnxImporter.importModel(OnnxModel.read(f)))
                .getMessage();
    }

    @Test
    void badFilesAndGraphsAreRefusedWithOneLineNamingTheNode() throws Exception {
        Path truncated = dir.resolve("t.onnx");
        byte[] whole = model(convBnReluD2s(ints("pads", 1, 1, 1, 1))).toByteArray();
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));
        String m = assertThrows(OnnxException.class, () -> OnnxModel.read(truncated))
                .getMessage();
        assertTrue(m.startsWith(truncated + ": not an ONNX model, or truncated"), m);
        Path text = dir.resolve("x.onnx");
        Files.writeString(text, "graph { node: Conv }");
        assertTrue(assertThrows(OnnxException.class, () -> OnnxModel.read(text))
                .getMessage()
                .startsWith(text + ": "));

        List<String[]> cases = List.of(
                new String[] {
                    refusal(convBnReluD2s(ints("pads", 0, 0, 1, 1))), "node 'conv' (Conv): asymmetric padding 0/1"
                },
                new String[] {
                    refusal(convBnReluD2s(ints("pads", 1, 1, 1, 1)).addNode(node("Softmax", "sm", List.of("y"), "p"))),
                    "node 'sm' (Softmax): operator not supported"
                },
                new String[] {
                    refusal(convBnReluD2s(ints("pads", 1, 1, 1, 1)).removeInitializer(0)),
                    "node 'conv' (Conv): input 'w' is not produced by any earlier node, initializer or graph input"
                },
                new String[] {
                    refusal(convBnReluD2s(ints("pads", 1, 1, 1, 1))
                            .setInitializer(0, floats("w", random(4 * 3 * 9, 1), 4, 3, 3, 3))),
                    "node 'conv' (Conv): weights [4, 3, 3, 3] with group 1 expect 3 input channels, the input has 2"
                },
                new String[] {
                    refusal(convBnReluD2s(ints("pads", 1, 1, 1, 1))
                            .setNode(
                                    0,
                                    node(
                                            "Conv",
                                            "conv",
                                            List.of("x", "w", "b"),
                                            "c",
                                            ints("pads", 1, 1, 1, 1),
                                            string("weird", "1")))),
                    "node 'conv' (Conv): attribute weird not supported"
                },
                new String[] {
                    refusal(convBnReluD2s(ints("pads", 1, 1, 1, 1))
                            .setInitializer(
                                    0,
                                    floats("w", random(4 * 2 * 9, 1), 4, 2, 3, 3).toBuilder()
                                            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                                            .build())),
                    "external data is not supported"
                },
                new String[] {
                    refusal(GraphProto.newBuilder()
                            .addInput(value("x", 1, 2, 4, 4))
                            .addOutput(value("y", 1, 2, 4, 4))
                            .addInitializer(scalar("s", 0.1))
                            .addInitializer(scalar("z", 3))
                            .addInitializer(scalar("b", 8))
                            .addNode(quant("q", List.of("x", "s", "z", "b"), "y", 1, 0))),
                    "node 'q' (Quant): zero point 3.0 is not supported: Shears' integer model is symmetric"
                },
                new String[] {
                    refusal(GraphProto.newBuilder()
                            .addInput(value("x", 1, 2, 4, 4))
                            .addOutput(value("y", 1, 2, 4, 4))
                            .addInitializer(floats("s", new double[] {0.1, 0.2}, 2))
                            .addInitializer(scalar("z", 0))
                            .addInitializer(scalar("b", 8))
                            .addNode(quant("q", List.of("x", "s", "z", "b"), "y", 1, 0))),
                    "node 'q' (Quant): per-channel activation scales [2] are not supported"
                },
                new String[] {
                    refusal(GraphProto.newBuilder()
                            .addInput(value("x", 1, 2, 4, 4))
                            .addOutput(value("y", 1, 2, 4, 4))
                            .addInitializer(scalar("s", 0.1))
                            .addInitializer(scalar("z", 0))
                            .addInitializer(scalar("b", 8.5))
                            .addNode(quant("q", List.of("x", "s", "z", "b"), "y", 1, 0))),
                    "node 'q' (Quant): bit width 8.5 is not an integer in 2..16"
                });
        for (String[] c : cases) {
            assertTrue(c[0].contains(c[1]), "expected '" + c[1] + "' in: " + c[0]);
            assertFalse(c[0].contains("\n"), "one line: " + c[0]);
        }
        assertEquals(9, cases.size());
    }

    @Test
    void rawAndTypedInitializersDecodeAlike() {
        double[] v = {1.5, -2.25, 3e-3, 0};
        OnnxTensor raw = OnnxTensor.decode(floats("a", v, 2, 2), "t");
        OnnxTensor typed = OnnxTensor.decode(typedFloats("a", v, 2, 2), "t");
        assertArrayEquals(raw.values(), typed.values());
        assertArrayEquals(new int[] {2, 2}, raw.dims());
        assertEquals(-2.25, raw.values()[1]);
        // float16 bit patterns: 1.0, -2.0, the smallest subnormal, 65504
        assertEquals(1.0, OnnxTensor.half((short) 0x3c00));
        assertEquals(-2.0, OnnxTensor.half((short) 0xc000));
        assertEquals(Math.pow(2, -24), OnnxTensor.half((short) 0x0001));
        assertEquals(65504.0, OnnxTensor.half((short) 0x7bff));
        assertEquals(3, Map.of("a", 1, "b", 2, "c", 3).size());
    }
}
