package shears.models.quant;

import java.util.List;
import shears.models.nn.Network;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Tensor;

/**
 * A network's integer form: one {@link QuantOp} per node (geometry from {@code network}'s layers),
 * the input scale and each node's output scale ({@code real = q * scale}).
 */
public record QuantizedNetwork(Network network, List<QuantOp> ops, double inputScale, double[] scales, int weightBits) {
    public static final int ACT_MIN = -128;
    public static final int ACT_MAX = 127;

    public QuantizedNetwork {
        ops = List.copyOf(ops);
        if (ops.size() != network.nodes().size() || scales.length != ops.size()) {
            throw new IllegalArgumentException("one quantised op and scale per node expected");
        }
        if (!(inputScale > 0)) {
            throw new IllegalArgumentException("input scale must be positive");
        }
    }

    /** Input sample to int8: round half up of x / inputScale, saturated. */
    public IntTensor quantizeInput(Tensor x) {
        int[] q = new int[x.data().length];
        for (int i = 0; i < q.length; i++) {
            q[i] = Requantizer.saturate((long) Math.floor(x.data()[i] / inputScale + 0.5), ACT_MIN, ACT_MAX);
        }
        return new IntTensor(x.shape(), q);
    }

    /** Real values of node {@code node}'s integer output. */
    public Tensor dequantize(IntTensor q, int node) {
        double[] d = new double[q.data().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = q.data()[i] * scales[node];
        }
        return new Tensor(q.shape(), d);
    }

    /** Real output of the last node for a real input, through the integer model. */
    public Tensor forward(Tensor x) {
        IntTensor[] acts = IntegerModel.run(this, quantizeInput(x));
        return dequantize(acts[acts.length - 1], acts.length - 1);
    }

    public double outputScale() {
        return scales[scales.length - 1];
    }
}
