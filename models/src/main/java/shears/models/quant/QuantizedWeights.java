package shears.models.quant;

/**
 * Symmetric per-output-channel weights: {@code real = values[o * fanIn + j] * scales[o]}, values in
 * [-(2^(bits-1) - 1), 2^(bits-1) - 1]. A zero weight stays exactly zero (pruning survives).
 */
public record QuantizedWeights(int[] values, double[] scales, int bits) {
    public static QuantizedWeights of(double[] weights, int channels, int bits) {
        if (bits < 2 || bits > 16) {
            throw new IllegalArgumentException("weight bits must be 2..16: " + bits);
        }
        if (weights.length % channels != 0) {
            throw new IllegalArgumentException(weights.length + " weights do not split into " + channels + " channels");
        }
        int fan = weights.length / channels;
        int qmax = (1 << (bits - 1)) - 1;
        int[] q = new int[weights.length];
        double[] scales = new double[channels];
        for (int o = 0; o < channels; o++) {
            double max = 0;
            for (int j = 0; j < fan; j++) {
                max = Math.max(max, Math.abs(weights[o * fan + j]));
            }
            scales[o] = max == 0 ? 1.0 : max / qmax;
            for (int j = 0; j < fan; j++) {
                q[o * fan + j] = (int) Math.max(-qmax, Math.min(qmax, Math.rint(weights[o * fan + j] / scales[o])));
            }
        }
        return new QuantizedWeights(q, scales, bits);
    }

    /** Replaces {@code weights} by their quantised values (fake quantisation for training). */
    public static void roundInPlace(double[] weights, int channels, int bits) {
        QuantizedWeights q = of(weights, channels, bits);
        int fan = weights.length / channels;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = q.values[i] * q.scales[i / fan];
        }
    }
}
