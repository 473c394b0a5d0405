package shears.models.logicnet;

/**
 * The thermometer encoder as on-chip comparators: feature f arrives as a signed {@code bits}-bit
 * integer {@code q = clamp(round(x * scale[f]))} with {@code scale[f] = (2^(bits-1) - 1) / max|x_f|}
 * over the training data, and bit k is {@code q > tq[f][k]} with {@code tq = floor(t * scale[f])}.
 * {@link #encode(int[])} is the reference the generated comparators must match bit for bit.
 */
public record FixedPointThermometer(int bits, double[] scale, long[][] thresholds) {
    public FixedPointThermometer {
        if (bits < 2 || bits > 32) {
            throw new IllegalArgumentException("feature bits must be 2..32: " + bits);
        }
    }

    public static FixedPointThermometer of(Thermometer t, double[][] trainFeatures, int bits) {
        int nf = t.thresholds().length;
        double[] scale = new double[nf];
        long[][] tq = new long[nf][t.bitsPerFeature()];
        long max = (1L << (bits - 1)) - 1;
        for (int f = 0; f < nf; f++) {
            double m = 0;
            for (double[] x : trainFeatures) {
                m = Math.max(m, Math.abs(x[f]));
            }
            scale[f] = m == 0 ? 1 : max / m;
            for (int k = 0; k < t.bitsPerFeature(); k++) {
                tq[f][k] = Math.max(-max - 1, Math.min(max, (long) Math.floor(t.thresholds()[f][k] * scale[f])));
            }
        }
        return new FixedPointThermometer(bits, scale, tq);
    }

    public int[] quantize(double[] x) {
        long max = (1L << (bits - 1)) - 1;
        int[] q = new int[x.length];
        for (int f = 0; f < x.length; f++) {
            q[f] = (int) Math.max(-max - 1, Math.min(max, Math.round(x[f] * scale[f])));
        }
        return q;
    }

    public boolean[] encode(int[] q) {
        int per = thresholds[0].length;
        boolean[] out = new boolean[thresholds.length * per];
        for (int f = 0; f < thresholds.length; f++) {
            for (int k = 0; k < per; k++) {
                out[f * per + k] = q[f] > thresholds[f][k];
            }
        }
        return out;
    }
}
