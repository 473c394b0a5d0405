package shears.models.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import shears.models.nn.Add;
import shears.models.nn.Concat;
import shears.models.nn.Layer;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.nn.Pool;
import shears.models.nn.Rearrange;
import shears.models.nn.Relu;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantOp;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.QuantizedNetwork.Clamp;
import shears.models.quant.QuantizedWeights;
import shears.models.quant.Quantizer;
import shears.models.quant.Requantizer;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

/**
 * An ONNX graph as a Shears {@link Network} plus the quantisation the file states: exact integer
 * weights and activation quantisers per node (null where the file gives none). {@link #integer}
 * completes the rest by calibration, as Shears' own quantiser does, so float and quantised files
 * both run in the integer golden model.
 */
public final class ImportedModel {
    private final String source;
    private final Network network;
    private final WeightQuant[] weightQuant;
    private final ActQuant[] outputQuant;
    private final ActQuant inputQuant;
    private final List<String> origins;
    private final int inputRank;
    private final int outputRank;
    /** {@link #propagated()}, computed once: the quantisers after propagation up pass-through chains. */
    private final ActQuant[] fixed;

    private ImportedModel(
            String source,
            Network network,
            WeightQuant[] weightQuant,
            ActQuant[] outputQuant,
            ActQuant inputQuant,
            List<String> origins,
            int inputRank,
            int outputRank) {
        this.source = source;
        this.network = network;
        this.weightQuant = weightQuant;
        this.outputQuant = outputQuant;
        this.inputQuant = inputQuant;
        this.origins = List.copyOf(origins);
        this.inputRank = inputRank;
        this.outputRank = outputRank;
        this.fixed = propagated();
    }

    static ImportedModel of(
            OnnxModel model,
            List<Node> nodes,
            List<double[]> weights,
            List<double[]> biases,
            List<WeightQuant> wq,
            List<ActQuant> aq,
            ActQuant inputQuant,
            List<String> origins,
            Shape inputShape,
            int inputRank,
            int outputRank,
            int batch) {
        Network net;
        try {
            net = new Network(inputShape, nodes);
        } catch (IllegalArgumentException e) {
            throw new OnnxException(model.source() + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (weights.get(i).length != net.weights(i).length || biases.get(i).length != net.bias(i).length) {
                throw new OnnxException("node '" + origins.get(i) + "': weights hold " + weights.get(i).length
                        + " values, the layer needs " + net.weights(i).length);
            }
            System.arraycopy(weights.get(i), 0, net.weights(i), 0, weights.get(i).length);
            System.arraycopy(biases.get(i), 0, net.bias(i), 0, biases.get(i).length);
        }
        return new ImportedModel(
                model.source(),
                net,
                wq.toArray(new WeightQuant[0]),
                aq.toArray(new ActQuant[0]),
                inputQuant,
                origins,
                inputRank,
                outputRank);
    }

    public String source() {
        return source;
    }

    public Network network() {
        return network;
    }

    /** True when the file quantises anything (QONNX Quant, QDQ or QLinear operators). */
    public boolean quantised() {
        return inputQuant != null
                || Arrays.stream(weightQuant).anyMatch(q -> q != null)
                || Arrays.stream(outputQuant).anyMatch(q -> q != null);
    }

    public WeightQuant weightQuant(int node) {
        return weightQuant[node];
    }

    public ActQuant outputQuant(int node) {
        return outputQuant[node];
    }

    public ActQuant inputQuant() {
        return inputQuant;
    }

    /** The ONNX node(s) each Shears node came from ("Conv_5 + BatchNormalization_6"). */
    public String origin(int node) {
        return origins.get(node);
    }

    /** ONNX dimensions (batch first) of the network's input for {@code batch} samples. */
    public int[] inputDims(int batch) {
        return withBatch(batch, OnnxImporter.sampleDims(network.inputShape(), inputRank));
    }

    public int[] outputDims(int batch) {
        return withBatch(batch, OnnxImporter.sampleDims(network.outputShape(), outputRank));
    }

    private static int[] withBatch(int batch, int[] sample) {
        int[] d = new int[sample.length + 1];
        d[0] = batch;
        System.arraycopy(sample, 0, d, 1, sample.length);
        return d;
    }

    /** The samples of an input tensor (batch first), checked against the network's input. */
    public List<Tensor> samples(OnnxTensor input) {
        int[] d = input.dims();
        int per = network.inputShape().size();
        int[] expected = inputDims(d.length > 0 ? d[0] : 1);
        if (!Arrays.equals(d, expected)) {
            throw new OnnxException("input '" + input.name() + "' has dimensions " + Arrays.toString(d)
                    + ", the model takes " + Arrays.toString(expected));
        }
        List<Tensor> out = new ArrayList<>();
        for (int b = 0; b < d[0]; b++) {
            out.add(new Tensor(network.inputShape(), Arrays.copyOfRange(input.values(), b * per, (b + 1) * per)));
        }
        return out;
    }

    /**
     * The float model on every sample of {@code input}, as one output tensor, with the file's
     * quantisers applied as the file defines them ({@code clamp(round(x / s)) * s} on the input and
     * on every quantised activation) — the output a QONNX or ONNX runtime computes.
     */
    public OnnxTensor runFloat(OnnxTensor input) {
        List<Tensor> xs = samples(input);
        double[] out = new double[xs.size() * network.outputShape().size()];
        for (int b = 0; b < xs.size(); b++) {
            Tensor x = xs.get(b);
            if (inputQuant != null) {
                fakeQuantize(x, inputQuant);
            }
            Tensor[] acts = network.forwardAll(x, (t, i) -> {
                if (outputQuant[i] != null) {
                    fakeQuantize(t, outputQuant[i]);
                }
            });
            double[] y = acts[acts.length - 1].data();
            System.arraycopy(y, 0, out, b * y.length, y.length);
        }
        return OnnxTensor.of("output", out, outputDims(xs.size()));
    }

    /**
     * The integer golden model on every sample (quantised with {@link #integer} calibrated on the
     * same samples), dequantised to real values.
     */
    public OnnxTensor runInteger(OnnxTensor input) {
        List<Tensor> xs = samples(input);
        QuantizedNetwork q = integer(xs);
        double[] out = new double[xs.size() * network.outputShape().size()];
        int last = network.nodes().size() - 1;
        for (int b = 0; b < xs.size(); b++) {
            IntTensor[] acts = IntegerModel.run(q, quantizeInput(q, xs.get(b)));
            double[] y = q.dequantize(acts[last], last).data();
            System.arraycopy(y, 0, out, b * y.length, y.length);
        }
        return OnnxTensor.of("output", out, outputDims(xs.size()));
    }

    private static void fakeQuantize(Tensor t, ActQuant q) {
        java.util.function.DoubleUnaryOperator round = Quantisers.rounder(q.node(), q.rounding());
        double[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = q.clamp().apply((long) round.applyAsDouble(v[i] / q.scale())) * q.scale();
        }
    }

    /** The input's integers: the file's input quantiser (its range and rounding) or int8 at the integer model's scale. */
    public IntTensor quantizeInput(QuantizedNetwork q, Tensor x) {
        ActQuant inQ = effectiveInputQuant(fixed);
        Clamp clamp = q.inputClamp();
        java.util.function.DoubleUnaryOperator round =
                inQ == null ? v -> Math.floor(v + 0.5) : Quantisers.rounder(inQ.node(), inQ.rounding());
        int[] v = new int[x.data().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = clamp.apply((long) round.applyAsDouble(x.data()[i] / q.inputScale()));
        }
        return new IntTensor(x.shape(), v);
    }

    /**
     * The integer form: the file's weights and activation quantisers where it states them, the
     * rest calibrated on {@code calibration} (largest magnitude / 127, weights per channel at 8 bits).
     * A quantiser after a ReLU, pooling or rearrangement also fixes the scale of the layer feeding it.
     */
    public QuantizedNetwork integer(List<Tensor> calibration) {
        int n = network.nodes().size();
        double[] maxAbs = new double[n];
        double inputMax = 0;
        for (Tensor x : calibration) {
            for (double v : x.data()) {
                inputMax = Math.max(inputMax, Math.abs(v));
            }
            Tensor[] acts = network.forwardAll(x);
            for (int i = 0; i < n; i++) {
                for (double v : acts[i].data()) {
                    maxAbs[i] = Math.max(maxAbs[i], Math.abs(v));
                }
            }
        }
        ActQuant inQ = effectiveInputQuant(fixed);
        // an input the file leaves in float: 8 bits, unsigned when the calibration data never goes below zero
        boolean unsigned = calibration.stream()
                .allMatch(t -> java.util.Arrays.stream(t.data()).allMatch(v -> v >= 0));
        double inputScale =
                inQ != null ? inQ.scale() : unsigned && inputMax > 0 ? inputMax / 255 : calibrated(inputMax);
        Clamp inputClamp = inQ != null ? inQ.clamp() : unsigned ? new Clamp(0, 255) : Clamp.INT8;
        double[] scales = new double[n];
        Clamp[] clamps = new Clamp[n];
        List<QuantOp> ops = new ArrayList<>();
        int bits = 2;
        for (int i = 0; i < n; i++) {
            Node node = network.nodes().get(i);
            Layer layer = node.layer();
            double in = scaleOf(node.inputs().get(0), inputScale, scales);
            Clamp inClamp = node.inputs().get(0) == Node.NETWORK_INPUT
                    ? inputClamp
                    : clamps[node.inputs().get(0)];
            boolean passThrough = layer instanceof Relu
                    || layer instanceof Rearrange
                    || layer instanceof Pool p && p.mode() == Pool.Mode.MAX;
            if (passThrough || layer instanceof Pool) {
                if (fixed[i] != null && Math.abs(fixed[i].scale() - in) > 1e-9 * in) {
                    throw new OnnxException("node '" + origins.get(i) + "': its quantiser (" + fixed[i].describe()
                            + ") cannot be applied without requantising a layer whose output is also read elsewhere");
                }
                scales[i] = in;
                clamps[i] =
                        fixed[i] != null ? fixed[i].clamp() : inClamp; // a copy or maximum stays in its input's range
                ops.add(
                        layer instanceof Relu
                                ? new QuantOp.Relu()
                                : layer instanceof Rearrange
                                        ? new QuantOp.Rearrange()
                                        : layer instanceof Pool p && p.mode() == Pool.Mode.MAX
                                                ? new QuantOp.MaxPool()
                                                : new QuantOp.AvgPool(Requantizer.of(1.0 / ((Pool) layer).area())));
                continue;
            }
            scales[i] = fixed[i] != null ? fixed[i].scale() : calibrated(maxAbs[i]);
            clamps[i] = fixed[i] != null ? fixed[i].clamp() : Clamp.INT8;
            if (layer instanceof Add || layer instanceof Concat) {
                QuantOp.Add two =
                        Quantizer.addOp(in / scales[i], scaleOf(node.inputs().get(1), inputScale, scales) / scales[i]);
                ops.add(layer instanceof Add ? two : new QuantOp.Concat(two.multA(), two.multB(), two.shift()));
            } else {
                QuantizedWeights w = weightQuant[i] != null
                        ? weightQuant[i].weights()
                        : QuantizedWeights.of(
                                network.weights(i), network.shape(i).channels(), 8);
                bits = Math.max(bits, w.bits());
                ops.add(weighted(i, w, in, inClamp, scales[i], clamps[i]));
            }
        }
        return new QuantizedNetwork(
                network, ops, inputScale, scales, Math.max(bits, 8), Arrays.asList(clamps), inputClamp);
    }

    private QuantOp weighted(
            int i, QuantizedWeights given, double inScale, Clamp inClamp, double outScale, Clamp outClamp) {
        int channels = network.shape(i).channels();
        int[] values = given.values().clone();
        double[] wScales = given.scales().clone();
        int fan = values.length / channels;
        long maxIn = Math.max(Math.abs((long) inClamp.min()), inClamp.max());
        int[] bias = new int[channels];
        Requantizer[] rq = new Requantizer[channels];
        for (int o = 0; o < channels; o++) {
            long products = 0;
            for (int j = 0; j < fan; j++) {
                products += Math.abs((long) values[o * fan + j]) * maxIn;
            }
            double acc = inScale * wScales[o];
            double b = network.bias(i)[o] / acc;
            if (Math.abs(b) + products > Integer.MAX_VALUE) {
                // weights so small beside the bias that the accumulator cannot hold both: when they move
                // the output by less than half a step, the channel is its bias alone
                double reach = products * acc / outScale;
                if (reach >= 0.5) {
                    throw new OnnxException("node '" + origins.get(i) + "': channel " + o + " needs a bias of "
                            + String.format(Locale.ROOT, "%.3g", b)
                            + " at its accumulator scale, beyond a 32-bit accumulator");
                }
                java.util.Arrays.fill(values, o * fan, (o + 1) * fan, 0);
                wScales[o] = outScale / inScale;
                acc = outScale;
                b = network.bias(i)[o] / acc;
            }
            bias[o] = (int) Math.round(b);
            rq[o] = Requantizer.of(acc / outScale);
        }
        return new QuantOp.Weighted(new QuantizedWeights(values, wScales, given.bits()), bias, rq);
    }

    private static double scaleOf(int src, double inputScale, double[] scales) {
        return src == Node.NETWORK_INPUT ? inputScale : scales[src];
    }

    private static double calibrated(double max) {
        return max > 0 ? max / QuantizedNetwork.ACT_MAX : 1.0;
    }

    /**
     * Explicit quantisers, with each one on a ReLU, max-pool or rearrangement also given to the
     * chain of such layers above it up to the layer that computes the values, when nothing else
     * reads them: {@code Quant(Relu(Conv))} is {@code Conv} requantised to the quantiser's range.
     */
    private ActQuant[] propagated() {
        ActQuant[] q = outputQuant.clone();
        for (int i = network.nodes().size() - 1; i >= 0; i--) {
            if (q[i] == null) {
                continue;
            }
            int at = i;
            while (isPassThrough(network.nodes().get(at).layer())) {
                int src = network.nodes().get(at).inputs().get(0);
                if (src == Node.NETWORK_INPUT || consumers(src) != 1 || q[src] != null && !q[src].equals(q[i])) {
                    break;
                }
                q[src] = q[i];
                at = src;
            }
        }
        return q;
    }

    /**
     * The file's input quantiser, or the one on a ReLU / rearrangement chain that is the input's only
     * reader (a quantised first activation also fixes how the input is quantised).
     */
    private ActQuant effectiveInputQuant(ActQuant[] fixed) {
        if (inputQuant != null) {
            return inputQuant;
        }
        int reader = -1;
        for (int i = 0; i < network.nodes().size(); i++) {
            if (network.nodes().get(i).inputs().contains(Node.NETWORK_INPUT)) {
                if (reader >= 0) {
                    return null;
                }
                reader = i;
            }
        }
        return reader >= 0 && isPassThrough(network.nodes().get(reader).layer()) ? fixed[reader] : null;
    }

    private static boolean isPassThrough(Layer l) {
        return l instanceof Relu || l instanceof Rearrange || l instanceof Pool p && p.mode() == Pool.Mode.MAX;
    }

    private int consumers(int node) {
        int c = 0;
        for (Node n : network.nodes()) {
            c += (int) n.inputs().stream().filter(s -> s == node).count();
        }
        return c;
    }

    /** One line per Shears node: name, layer, output shape, origin, quantisation. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "input %s%s",
                Arrays.toString(inputDims(1)).replaceFirst("\\[1", "[N"),
                inputQuant == null ? "" : "  quantised " + inputQuant.describe()));
        for (int i = 0; i < network.nodes().size(); i++) {
            Node node = network.nodes().get(i);
            StringBuilder q = new StringBuilder();
            if (weightQuant[i] != null) {
                q.append("weights ").append(weightQuant[i].describe());
            }
            if (fixed[i] != null) {
                q.append(q.length() > 0 ? ", " : "").append("output ").append(fixed[i].describe());
            }
            lines.add(String.format(
                    Locale.ROOT,
                    "%-22s %-15s %-16s %7d params  from %s%s",
                    node.name(),
                    describe(node.layer()),
                    network.shape(i),
                    network.weights(i).length + network.bias(i).length,
                    origins.get(i),
                    q.length() == 0 ? "" : "  [" + q + "]"));
        }
        return lines;
    }

    private static String describe(Layer l) {
        if (l instanceof shears.models.nn.Conv c) {
            return c.kind() + " " + (c.kernelH() == 1 ? c.kernelW() : c.kernelH() + "x" + c.kernelW())
                    + (c.strideW() > 1 ? "/" + c.strideW() : "");
        }
        return l.kind();
    }
}
