package shears.models.quant;

import java.util.List;
import shears.models.nn.Network;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Tensor;

/**
 * A network's integer form: one {@link QuantOp} per node (geometry from {@code network}'s layers),
 * the input scale and range, each node's output scale ({@code real = q * scale}) and the range each node's
 * output saturates to: int8 for networks Shears quantises, others (e.g. a 4-bit unsigned
 * activation) for imported ones. The accelerators accept only int8 ({@link #isInt8()}).
 */
public record QuantizedNetwork(
        Network network,
        List<QuantOp> ops,
        double inputScale,
        double[] scales,
        int weightBits,
        List<Clamp> clamps,
        Clamp inputClamp) {
    public static final int ACT_MIN = -128;
    public static final int ACT_MAX = 127;

    /** The saturation range of a node's integer output. */
    public record Clamp(int min, int max) {
        public static final Clamp INT8 = new Clamp(ACT_MIN, ACT_MAX);

        public Clamp {
            if (min > max) {
                throw new IllegalArgumentException("empty output range [" + min + ", " + max + "]");
            }
        }

        public int apply(long v) {
            return Requantizer.saturate(v, min, max);
        }

        /** The range of a {@code bits}-wide integer, signed or not, optionally narrow (no -2^(bits-1)). */
        public static Clamp of(int bits, boolean signed, boolean narrow) {
            if (bits < 1 || bits > 24) {
                throw new IllegalArgumentException("activation bits must be 1..24, got " + bits);
            }
            if (!signed) {
                return new Clamp(0, (1 << bits) - 1 - (narrow ? 1 : 0));
            }
            return new Clamp(-(1 << (bits - 1)) + (narrow ? 1 : 0), (1 << (bits - 1)) - 1);
        }
    }

    public QuantizedNetwork {
        ops = List.copyOf(ops);
        clamps = List.copyOf(clamps);
        if (ops.size() != network.nodes().size() || scales.length != ops.size() || clamps.size() != ops.size()) {
            throw new IllegalArgumentException("one quantised op, scale and output range per node expected");
        }
        if (!(inputScale > 0)) {
            throw new IllegalArgumentException("input scale must be positive");
        }
    }

    /** Every node saturating to int8, as Shears' own quantiser makes it. */
    public QuantizedNetwork(Network network, List<QuantOp> ops, double inputScale, double[] scales, int weightBits) {
        this(
                network,
                ops,
                inputScale,
                scales,
                weightBits,
                java.util.Collections.nCopies(ops.size(), Clamp.INT8),
                Clamp.INT8);
    }

    /** True when every node's output is int8, the only activation width the accelerators build. */
    public boolean isInt8() {
        return inputClamp.equals(Clamp.INT8) && clamps.stream().allMatch(Clamp.INT8::equals);
    }

    /** Input sample to integers: round half up of x / inputScale, saturated to the input range. */
    public IntTensor quantizeInput(Tensor x) {
        int[] q = new int[x.data().length];
        for (int i = 0; i < q.length; i++) {
            q[i] = inputClamp.apply((long) Math.floor(x.data()[i] / inputScale + 0.5));
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
