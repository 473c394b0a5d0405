package shears.models.quant;

import java.util.ArrayList;
import java.util.List;
import shears.models.nn.Add;
import shears.models.nn.ChannelScale;
import shears.models.nn.Concat;
import shears.models.nn.Layer;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.nn.Pool;
import shears.models.nn.Rearrange;
import shears.models.nn.Relu;
import shears.models.tensor.Tensor;

/**
 * Post-training quantisation calibrated on data: activation scales are the largest magnitude each
 * tensor takes on the calibration inputs divided by 127 (only the positive side when every consumer
 * is a ReLU), weights per output channel, biases to int32 at {@code inputScale * weightScale}.
 */
public final class Quantizer {
    private Quantizer() {}

    public static QuantizedNetwork quantize(Network net, List<Tensor> calibration, int weightBits) {
        if (weightBits != 8 && weightBits != 4) {
            throw new IllegalArgumentException("weight bits must be 8 or 4, got " + weightBits);
        }
        if (calibration.isEmpty()) {
            throw new IllegalArgumentException("quantisation needs calibration data");
        }
        int n = net.nodes().size();
        double inputMax = 0;
        double[] maxAbs = new double[n];
        double[] maxPos = new double[n];
        for (Tensor x : calibration) {
            inputMax = Math.max(inputMax, maxAbs(x.data()));
            Tensor[] acts = net.forwardAll(x);
            for (int i = 0; i < n; i++) {
                maxAbs[i] = Math.max(maxAbs[i], maxAbs(acts[i].data()));
                for (double v : acts[i].data()) {
                    maxPos[i] = Math.max(maxPos[i], v);
                }
            }
        }
        double inputScale = scaleFor(inputMax);
        double[] scales = new double[n];
        List<QuantOp> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Node node = net.nodes().get(i);
            Layer layer = node.layer();
            double in = inScale(net, i, 0, inputScale, scales);
            if (layer instanceof ChannelScale) {
                throw new IllegalArgumentException("layer '" + node.name() + "': fold channel gates before quantising");
            } else if (layer instanceof Concat) {
                scales[i] = scaleFor(onlyReluConsumers(net, i) ? maxPos[i] : maxAbs[i]);
                QuantOp.Add two = addOp(in / scales[i], inScale(net, i, 1, inputScale, scales) / scales[i]);
                ops.add(new QuantOp.Concat(two.multA(), two.multB(), two.shift()));
            } else if (layer instanceof Relu) {
                scales[i] = in;
                ops.add(new QuantOp.Relu());
            } else if (layer instanceof Rearrange) {
                scales[i] = in;
                ops.add(new QuantOp.Rearrange());
            } else if (layer instanceof Pool pool) {
                scales[i] = in;
                ops.add(
                        pool.mode() == Pool.Mode.MAX
                                ? new QuantOp.MaxPool()
                                : new QuantOp.AvgPool(Requantizer.of(1.0 / pool.area())));
            } else if (layer instanceof Add) {
                scales[i] = scaleFor(onlyReluConsumers(net, i) ? maxPos[i] : maxAbs[i]);
                ops.add(addOp(in / scales[i], inScale(net, i, 1, inputScale, scales) / scales[i]));
            } else {
                scales[i] = scaleFor(onlyReluConsumers(net, i) ? maxPos[i] : maxAbs[i]);
                ops.add(weighted(net, i, in, scales[i], weightBits));
            }
        }
        return new QuantizedNetwork(net, ops, inputScale, scales, weightBits);
    }

    private static QuantOp weighted(Network net, int i, double inScale, double outScale, int bits) {
        int channels = net.shape(i).channels();
        QuantizedWeights w = QuantizedWeights.of(net.weights(i), channels, bits);
        int[] bias = new int[channels];
        Requantizer[] rq = new Requantizer[channels];
        for (int o = 0; o < channels; o++) {
            double accScale = inScale * w.scales()[o];
            bias[o] = Requantizer.saturate(Math.round(net.bias(i)[o] / accScale), Integer.MIN_VALUE, Integer.MAX_VALUE);
            rq[o] = Requantizer.of(accScale / outScale);
        }
        return new QuantOp.Weighted(w, bias, rq);
    }

    /** Both inputs of an addition or concatenation brought to the output scale by one shared shift. */
    public static QuantOp.Add addOp(double factorA, double factorB) {
        Requantizer larger = Requantizer.of(Math.max(factorA, factorB));
        int shift = larger.shift();
        return new QuantOp.Add(
                (int) Math.round(factorA * Math.pow(2, shift)), (int) Math.round(factorB * Math.pow(2, shift)), shift);
    }

    private static double inScale(Network net, int node, int input, double inputScale, double[] scales) {
        if (input >= net.nodes().get(node).inputs().size()) {
            return inputScale;
        }
        int src = net.nodes().get(node).inputs().get(input);
        return src == Node.NETWORK_INPUT ? inputScale : scales[src];
    }

    private static boolean onlyReluConsumers(Network net, int node) {
        boolean any = false;
        for (Node n : net.nodes()) {
            if (n.inputs().contains(node)) {
                if (!(n.layer() instanceof Relu)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static double scaleFor(double max) {
        return max > 0 ? max / QuantizedNetwork.ACT_MAX : 1.0;
    }

    private static double maxAbs(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
