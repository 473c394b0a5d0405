package shears.models.onnx;

import java.util.Arrays;
import shears.models.quant.QuantizedNetwork.Clamp;
import shears.models.quant.QuantizedWeights;

/**
 * QONNX {@code Quant} and QDQ parameters checked against what Shears' integer model can hold:
 * symmetric (zero point 0), scales per tensor (activations) or per output channel (weights),
 * 2-16 bits. Every refusal names the node and the parameter.
 */
final class Quantisers {
    private Quantisers() {}

    static void requireZeroPoint(OnnxNode n, OnnxTensor zero) {
        for (double z : zero.values()) {
            if (z != 0) {
                throw n.error(
                        "zero point " + z + " is not supported: Shears' integer model is symmetric (zero point 0)");
            }
        }
    }

    static ActQuant activation(
            OnnxNode n, OnnxTensor scale, int bits, boolean signed, boolean narrow, String rounding) {
        if (scale.size() != 1) {
            throw n.error("per-channel activation scales " + Arrays.toString(scale.dims())
                    + " are not supported (one scale per tensor)");
        }
        rounder(n, rounding);
        return new ActQuant(scale.values()[0], Clamp.of(bits, signed, narrow), rounding, n.name());
    }

    /** A weight tensor quantised by QONNX {@code Quant}: the integers kept, the float values dequantised. */
    static Value weights(
            OnnxNode n, OnnxTensor w, OnnxTensor scale, int bits, boolean signed, boolean narrow, String rounding) {
        if (!signed) {
            throw n.error("unsigned weights are not supported");
        }
        double[] perChannel = channelScales(n, w, scale);
        java.util.function.DoubleUnaryOperator round = rounder(n, rounding);
        Clamp range = Clamp.of(bits, true, narrow);
        int channels = perChannel.length;
        int fan = w.size() / channels;
        int[] q = new int[w.size()];
        double[] real = new double[w.size()];
        for (int i = 0; i < q.length; i++) {
            double s = perChannel[i / fan];
            q[i] = range.apply((long) round.applyAsDouble(w.values()[i] / s));
            if (q[i] == -(1 << (bits - 1))) {
                throw n.error("weight " + q[i] + " uses the non-narrow end of the " + bits
                        + "-bit range; Shears' weights are symmetric (narrow = 1)");
            }
            real[i] = q[i] * s;
        }
        WeightQuant wq = new WeightQuant(new QuantizedWeights(q, perChannel, bits), scale.size() > 1, 0, n.name());
        return new Value(new OnnxTensor(w.name(), OnnxTensor.ElementType.FLOAT, w.dims(), real), wq);
    }

    /** DequantizeLinear on a constant: integers times scale, per tensor or along {@code axis} 0. */
    static Value dequantized(OnnxNode n, OnnxTensor q, OnnxTensor scale, int axis) {
        double[] real = new double[q.size()];
        if (q.type() == OnnxTensor.ElementType.INT32) { // a QDQ bias: no integer form kept, Shears re-derives it
            double[] s = channelScales(n, q, scale);
            int fan = q.size() / s.length;
            for (int i = 0; i < real.length; i++) {
                real[i] = q.values()[i] * s[i / fan];
            }
            return new Value(new OnnxTensor(q.name(), OnnxTensor.ElementType.FLOAT, q.dims(), real), null);
        }
        if (q.type() != OnnxTensor.ElementType.INT8) {
            throw n.error("constant of type " + q.type() + ": Shears' weights are signed (int8)");
        }
        if (scale.size() > 1 && axis != 0 && axis != 1) {
            throw n.error("per-axis scales along axis " + axis
                    + " are not supported (axis 0, or 1 for transposed convolutions)");
        }
        boolean second = scale.size() > 1 && axis == 1;
        double[] s = second ? axisScales(n, q, scale) : channelScales(n, q, scale);
        int[] ints = new int[q.size()];
        for (int i = 0; i < real.length; i++) {
            ints[i] = (int) q.values()[i];
            if (ints[i] == -128) {
                throw n.error("weight -128 is outside Shears' symmetric int8 range [-127, 127]");
            }
            real[i] = ints[i] * s[channelOf(i, q.dims(), second)];
        }
        // the integer form keeps the file's layout; a transposed convolution's importer reorders it with the floats
        WeightQuant wq = new WeightQuant(new QuantizedWeights(ints, s, 8), scale.size() > 1, second ? 1 : 0, n.name());
        return new Value(new OnnxTensor(q.name(), OnnxTensor.ElementType.FLOAT, q.dims(), real), wq);
    }

    /** Output channel of element {@code i}: axis 0, or axis 1 ({@code second}) of [in][out][k...]. */
    private static int channelOf(int i, int[] dims, boolean second) {
        int inner = 1;
        for (int d = second ? 2 : 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        return second ? i / inner % dims[1] : i / inner;
    }

    private static double[] axisScales(OnnxNode n, OnnxTensor q, OnnxTensor scale) {
        if (q.rank() < 2 || scale.size() != q.dims()[1]) {
            throw n.error("scale " + Arrays.toString(scale.dims()) + " is not one value per entry of axis 1 of "
                    + Arrays.toString(q.dims()));
        }
        for (double v : scale.values()) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw n.error("scale " + v + " must be positive");
            }
        }
        return scale.values().clone();
    }

    /** The constant and its integer form, as the importer stores it. */
    record Value(OnnxTensor tensor, WeightQuant quant) {}

    private static double[] channelScales(OnnxNode n, OnnxTensor w, OnnxTensor scale) {
        int channels = w.rank() == 0 ? 1 : w.dims()[0];
        double[] s = new double[scale.size() == 1 ? 1 : channels];
        if (scale.size() == 1) {
            s[0] = scale.values()[0];
        } else if (scale.size() == channels) {
            s = scale.values().clone();
        } else {
            throw n.error("scale " + Arrays.toString(scale.dims())
                    + " is neither one value nor one per output channel (" + channels + ")");
        }
        for (double v : s) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw n.error("scale " + v + " must be positive");
            }
        }
        if (s.length == 1 && channels > 1) {
            double[] all = new double[channels];
            Arrays.fill(all, s[0]);
            return all;
        }
        return s;
    }

    /** QONNX rounding modes; ROUND is round half to even, as Brevitas and PyTorch round. */
    static java.util.function.DoubleUnaryOperator rounder(OnnxNode n, String mode) {
        return rounder(n.name(), n.opType(), mode);
    }

    static java.util.function.DoubleUnaryOperator rounder(String node, String mode) {
        return rounder(node, "Quant", mode);
    }

    private static java.util.function.DoubleUnaryOperator rounder(String node, String op, String mode) {
        return switch (mode) {
            case "ROUND" -> Math::rint;
            case "HALF_UP" -> v -> Math.floor(v + 0.5);
            case "HALF_DOWN" -> v -> Math.ceil(v - 0.5);
            case "FLOOR" -> Math::floor;
            case "CEIL" -> Math::ceil;
            case "ROUND_TO_ZERO" -> v -> v < 0 ? Math.ceil(v) : Math.floor(v);
            default ->
                throw new OnnxException("node '" + node + "' (" + op + "): rounding mode '" + mode
                        + "' is not one of ROUND, HALF_UP, HALF_DOWN, FLOOR, CEIL, ROUND_TO_ZERO");
        };
    }
}
