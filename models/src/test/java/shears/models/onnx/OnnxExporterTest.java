package shears.models.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import shears.models.cae.CaeConfig;
import shears.models.cae.DsCae;
import shears.models.nn.Network;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Quantizer;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Tensor;

/**
 * Exported models run in a real client, onnxruntime: the DS-CAE encoder in float matches Shears'
 * float model, and its QDQ form matches the integer golden model; both files import back.
 */
class OnnxExporterTest {
    private static final int SAMPLES = 4;

    private static List<Tensor> windows(Network net, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < SAMPLES; k++) {
            Tensor t = new Tensor(net.inputShape());
            for (int i = 0; i < t.data().length; i++) {
                t.data()[i] = Math.sin(i * 0.05 + k) * 0.6 + r.nextDouble(-0.2, 0.2);
            }
            out.add(t);
        }
        return out;
    }

    /** Runs {@code model} in onnxruntime on the samples stacked as one batch; one float array per sample. */
    private static List<float[]> runtime(byte[] model, Network net, List<Tensor> xs) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int per = net.inputShape().size();
        float[] batch = new float[xs.size() * per];
        for (int b = 0; b < xs.size(); b++) {
            for (int i = 0; i < per; i++) {
                batch[b * per + i] = (float) xs.get(b).data()[i];
            }
        }
        long[] dims = net.inputShape().is1d()
                ? new long[] {
                    xs.size(), net.inputShape().channels(), net.inputShape().width()
                }
                : new long[] {
                    xs.size(),
                    net.inputShape().channels(),
                    net.inputShape().height(),
                    net.inputShape().width()
                };
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), dims);
                OrtSession.Result r = s.run(Map.of("input", in))) {
            float[] all = ((OnnxTensor) r.get(0)).getFloatBuffer().array();
            int outPer = all.length / xs.size();
            List<float[]> out = new ArrayList<>();
            for (int b = 0; b < xs.size(); b++) {
                out.add(java.util.Arrays.copyOfRange(all, b * outPer, (b + 1) * outPer));
            }
            return out;
        }
    }

    private static Network encoder() {
        Network enc = DsCae.encoder(CaeConfig.defaults());
        enc.initialize(7);
        return enc;
    }

    @Test
    void floatEncoderRunsInOnnxRuntimeWithShearsOutputs() throws Exception {
        Network enc = encoder();
        List<Tensor> xs = windows(enc, 1);
        byte[] file = OnnxExporter.export(enc, "encoder", Map.of("shears.network", "encoder"))
                .toByteArray();
        assertArrayEquals(
                file,
                OnnxExporter.export(enc, "encoder", Map.of("shears.network", "encoder"))
                        .toByteArray(),
                "deterministic");
        List<float[]> ort = runtime(file, enc, xs);
        int compared = 0;
        for (int b = 0; b < SAMPLES; b++) {
            double[] y = enc.forward(xs.get(b)).data();
            assertEquals(y.length, ort.get(b).length);
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i], ort.get(b)[i], 1e-4 + 1e-4 * Math.abs(y[i]), "sample " + b + " element " + i);
                compared++;
            }
        }
        assertEquals(SAMPLES * enc.outputShape().size(), compared);
        // and back: the exported file imports to the same layers and outputs
        ImportedModel back = OnnxImporter.importModel(
                OnnxModel.of(shears.models.onnx.proto.Onnx.ModelProto.parseFrom(file), "export"));
        assertEquals(enc.nodes().size(), back.network().nodes().size(), "one imported layer per exported one");
        double[] again = back.network().forward(xs.get(0)).data();
        double[] y = enc.forward(xs.get(0)).data();
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], again[i], 1e-5 + 1e-5 * Math.abs(y[i]));
        }
    }

    @Test
    void qdqEncoderRunsInOnnxRuntimeWithinOneStepOfTheGoldenModel() throws Exception {
        Network enc = encoder();
        List<Tensor> xs = windows(enc, 2);
        QuantizedNetwork q = Quantizer.quantize(enc, xs, 8);
        byte[] file = OnnxExporter.exportQdq(q, "encoder", Map.of()).toByteArray();
        List<float[]> ort = runtime(file, enc, xs);
        int last = enc.nodes().size() - 1;
        double step = q.outputScale();
        int equal = 0;
        int n = 0;
        for (int b = 0; b < SAMPLES; b++) {
            IntTensor[] acts = IntegerModel.run(q, q.quantizeInput(xs.get(b)));
            int[] golden = acts[last].data();
            for (int i = 0; i < golden.length; i++) {
                long ortSteps = Math.round(ort.get(b)[i] / step);
                assertTrue(
                        Math.abs(ortSteps - golden[i]) <= 1,
                        "sample " + b + " element " + i + ": onnxruntime " + ortSteps + ", golden " + golden[i]);
                equal += ortSteps == golden[i] ? 1 : 0;
                n++;
            }
        }
        assertEquals(SAMPLES * enc.outputShape().size(), n);
        // ties round half to even in QuantizeLinear and half up in Shears' requantiser: rare
        assertTrue(equal >= 0.97 * n, equal + " of " + n + " latents equal");
        ImportedModel back = OnnxImporter.importModel(
                OnnxModel.of(shears.models.onnx.proto.Onnx.ModelProto.parseFrom(file), "export"));
        assertTrue(back.quantised());
        assertArrayEquals(
                ((shears.models.quant.QuantOp.Weighted) q.ops().get(0))
                        .weights()
                        .values(),
                back.weightQuant(0).weights().values());
    }

    @Test
    void uNetWithSkipsAndTransposedConvolutionsRunsInOnnxRuntime() throws Exception {
        Network unet = new shears.models.hsi.UNet(2, 4, 3, 5, 6).build(16, 16);
        unet.initialize(3);
        List<Tensor> xs = windows(unet, 3);
        List<float[]> ort = runtime(OnnxExporter.export(unet, "unet", Map.of()).toByteArray(), unet, xs);
        for (int b = 0; b < SAMPLES; b++) {
            double[] y = unet.forward(xs.get(b)).data();
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i], ort.get(b)[i], 1e-4 + 1e-4 * Math.abs(y[i]), "sample " + b + " element " + i);
            }
        }
        QuantizedNetwork q = Quantizer.quantize(unet, xs, 8);
        byte[] qdq = OnnxExporter.exportQdq(q, "unet", Map.of()).toByteArray();
        List<float[]> ortQ = runtime(qdq, unet, xs);
        int last = unet.nodes().size() - 1;
        int equal = 0;
        int n = 0;
        long worst = 0;
        for (int b = 0; b < SAMPLES; b++) {
            int[] golden = IntegerModel.run(q, q.quantizeInput(xs.get(b)))[last].data();
            for (int i = 0; i < golden.length; i++) {
                long steps = Math.round(ortQ.get(b)[i] / q.outputScale());
                worst = Math.max(worst, Math.abs(steps - golden[i]));
                equal += steps == golden[i] ? 1 : 0;
                n++;
            }
        }
        // measured 4,946 of 5,120 equal, worst 3 steps: QuantizeLinear rounds exact products half to even, Shears'
        // requantiser and concatenation use 15-bit fixed-point multipliers rounding half up, and a step lost in
        // one layer moves the next layer's sums
        assertTrue(equal >= 0.9 * n && worst <= 4, equal + " of " + n + " logits equal, worst " + worst + " steps");
        // the QDQ file imports back with the transposed convolutions' integers in Shears' order
        ImportedModel back = OnnxImporter.importModel(
                OnnxModel.of(shears.models.onnx.proto.Onnx.ModelProto.parseFrom(qdq), "export"));
        int checked = 0;
        for (int i = 0; i < unet.nodes().size(); i++) {
            if (q.ops().get(i) instanceof shears.models.quant.QuantOp.Weighted w) {
                int j = back.network().indexOf(unet.nodes().get(i).name());
                assertArrayEquals(
                        w.weights().values(),
                        back.weightQuant(j).weights().values(),
                        unet.nodes().get(i).name());
                checked++;
            }
        }
        assertTrue(checked >= 8, checked + " weighted layers compared");
    }
}
