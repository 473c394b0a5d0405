package shears.models.hsi;

/**
 * The preprocessing the hardware will run, specified bit for bit in integers, with float versions
 * beside it to measure what the integers cost.
 * <ol>
 *   <li><b>Mosaic to cube</b>: super-pixel (x, y) of the crop is sensor rows {@code top + 5y .. + 4},
 *       columns {@code left + 5x .. + 4}; band b is the pixel at (b / 5, b % 5) inside it.</li>
 *   <li><b>Calibration</b> per band: {@code R = clip(((raw − D_b) · G_b) >> S, 0, 2^12 − 1)} with
 *       {@code G_b = round(2^S · (2^12 − 1) / (W_b − D_b))}, {@code S} = {@value #GAIN_SHIFT}, D_b and W_b
 *       the dark and white references' band means; {@code >>} is an arithmetic shift. R is reflectance
 *       relative to the white panel, 12 bits, 4095 = the panel.</li>
 *   <li><b>Pixel normalisation</b> (none, L1, L2, max): {@code N} = Σ R_b, ⌊√(Σ R_b²)⌋ or max R_b, then
 *       {@code y_b = min(4095, (R_b · r) >> (p + 5))} where p is the position of N's leading one and r
 *       ≈ 2^16 / μ the reciprocal of N's mantissa μ = N · 2^−(p+1) ∈ [0.5, 1), from a
 *       {@value #TABLE_BITS}-bit table and one Newton step (see {@link #reciprocal}). y is N-relative,
 *       12 fractional bits (4096 = 1). N = 0 gives y = 0.</li>
 *   <li><b>Band selection</b>: keep the listed bands in the listed order.</li>
 * </ol>
 */
public final class Preprocess {
    /** Bits of calibrated reflectance and of normalised values. */
    public static final int BITS = 12;

    public static final int FULL = (1 << BITS) - 1;
    public static final int GAIN_SHIFT = 16;
    public static final int TABLE_BITS = 6;
    private static final int[] SEEDS = seeds();

    private Preprocess() {}

    /** Where the cube lies on the sensor. HSI-Drive's camera: 409 x 216 super-pixels from sensor row 3. */
    public record Crop(int top, int left, int width, int height) {
        public static final Crop HSI_DRIVE = new Crop(3, 0, 409, 216);

        public Crop {
            if (top < 0 || left < 0 || width < 1 || height < 1) {
                throw new IllegalArgumentException("crop must lie on the sensor and be non-empty: " + this);
            }
        }

        /** The whole frame. */
        public static Crop all(SensorModel.Frame f) {
            return new Crop(0, 0, f.width() / Bands.MOSAIC, f.height() / Bands.MOSAIC);
        }
    }

    public enum Norm {
        NONE,
        L1,
        L2,
        MAX
    }

    /** Step 1: mosaic rows to a 25-band cube. */
    public static IntCube cube(SensorModel.Frame f, Crop c) {
        if (c.top() + Bands.MOSAIC * c.height() > f.height() || c.left() + Bands.MOSAIC * c.width() > f.width()) {
            throw new IllegalArgumentException("crop " + c + " exceeds the " + f.width() + "x" + f.height() + " frame");
        }
        int[] v = new int[c.width() * c.height() * Bands.COUNT];
        for (int y = 0; y < c.height(); y++) {
            for (int x = 0; x < c.width(); x++) {
                for (int b = 0; b < Bands.COUNT; b++) {
                    v[(y * c.width() + x) * Bands.COUNT + b] = f.at(
                            c.left() + Bands.MOSAIC * x + b % Bands.MOSAIC,
                            c.top() + Bands.MOSAIC * y + b / Bands.MOSAIC);
                }
            }
        }
        return new IntCube(c.width(), c.height(), Bands.COUNT, v);
    }

    /** The calibration tables: dark level and gain per band, as the hardware loads them. */
    public record Calibration(int[] dark, int[] gain) {
        public Calibration {
            if (dark.length != gain.length) {
                throw new IllegalArgumentException("dark and gain tables differ in length");
            }
            dark = dark.clone();
            gain = gain.clone();
        }

        /** From the dark and white references' band means. */
        public static Calibration of(IntCube dark, IntCube white) {
            int[] d = new int[dark.bands()];
            int[] g = new int[dark.bands()];
            for (int b = 0; b < d.length; b++) {
                d[b] = dark.bandMean(b);
                int span = white.bandMean(b) - d[b];
                if (span <= 0) {
                    throw new IllegalArgumentException("band " + b + ": white reference (" + white.bandMean(b)
                            + ") is not above the dark reference (" + d[b] + ")");
                }
                g[b] = (int) Math.round(Math.scalb((double) FULL, GAIN_SHIFT) / span);
            }
            return new Calibration(d, g);
        }
    }

    /** Step 2, integers: 12-bit reflectance. */
    public static IntCube calibrate(IntCube raw, Calibration cal) {
        int[] out = new int[raw.values().length];
        int bands = raw.bands();
        for (int i = 0; i < out.length; i++) {
            int b = i % bands;
            long v = ((long) (raw.values()[i] - cal.dark()[b]) * cal.gain()[b]) >> GAIN_SHIFT;
            out[i] = (int) Math.max(0, Math.min(FULL, v));
        }
        return new IntCube(raw.width(), raw.height(), bands, out);
    }

    /** Step 2 in floating point: (raw − D_b) / (W_b − D_b) with the given band levels, unclipped, for comparison. */
    public static double[] calibrateFloat(IntCube raw, double[] dark, double[] white) {
        double[] out = new double[raw.values().length];
        int bands = raw.bands();
        for (int i = 0; i < out.length; i++) {
            int b = i % bands;
            out[i] = (raw.values()[i] - dark[b]) / (white[b] - dark[b]);
        }
        return out;
    }

    /** Every band's exact mean (the float reference's levels; the hardware's tables round them). */
    public static double[] bandMeans(IntCube c) {
        double[] m = new double[c.bands()];
        for (int p = 0; p < c.width() * c.height(); p++) {
            for (int b = 0; b < m.length; b++) {
                m[b] += c.values()[p * c.bands() + b];
            }
        }
        for (int b = 0; b < m.length; b++) {
            m[b] /= c.width() * c.height();
        }
        return m;
    }

    /** Step 3, integers. */
    public static IntCube normalise(IntCube r, Norm norm) {
        if (norm == Norm.NONE) {
            return r;
        }
        int bands = r.bands();
        int[] v = r.values();
        int[] out = new int[v.length];
        for (int p = 0; p < r.width() * r.height(); p++) {
            long n = norm(v, p * bands, bands, norm);
            if (n == 0) {
                continue;
            }
            int lead = 63 - Long.numberOfLeadingZeros(n);
            long inv = reciprocal(n);
            for (int b = 0; b < bands; b++) {
                out[p * bands + b] = (int) Math.min(FULL, ((long) v[p * bands + b] * inv) >> (lead + 5));
            }
        }
        return new IntCube(r.width(), r.height(), bands, out);
    }

    /** Step 3 in floating point on the same 12-bit input: R_b / N · 4096, unclipped. */
    public static double[] normaliseFloat(IntCube r, Norm norm) {
        int bands = r.bands();
        int[] v = r.values();
        double[] out = new double[v.length];
        for (int p = 0; p < r.width() * r.height(); p++) {
            double n = 0;
            for (int b = 0; b < bands; b++) {
                double x = v[p * bands + b];
                n = switch (norm) {
                    case NONE -> 4096;
                    case L1 -> n + x;
                    case L2 -> n + x * x;
                    case MAX -> Math.max(n, x);
                };
            }
            n = norm == Norm.L2 ? Math.sqrt(n) : n;
            for (int b = 0; b < bands; b++) {
                out[p * bands + b] = n == 0 ? 0 : v[p * bands + b] / n * 4096;
            }
        }
        return out;
    }

    private static long norm(int[] v, int base, int bands, Norm norm) {
        long n = 0;
        for (int b = 0; b < bands; b++) {
            long x = v[base + b];
            n = switch (norm) {
                case L1 -> n + x;
                case L2 -> n + x * x;
                case MAX -> Math.max(n, x);
                case NONE -> throw new IllegalStateException();
            };
        }
        return norm == Norm.L2 ? isqrt(n) : n;
    }

    /** ⌊√n⌋, exactly (digit by digit, as hardware computes it). */
    public static long isqrt(long n) {
        long root = 0;
        long bit = 1L << 62;
        while (bit > n) {
            bit >>= 2;
        }
        while (bit != 0) {
            if (n >= root + bit) {
                n -= root + bit;
                root = (root >> 1) + bit;
            } else {
                root >>= 1;
            }
            bit >>= 2;
        }
        return root;
    }

    /**
     * 2^16 / μ for N's mantissa μ = N · 2^−(p+1) ∈ [0.5, 1), p = N's leading-one position: the mantissa
     * as 16 bits m = N · 2^(15−p) (N's bits below the 16th are dropped), a seed r0 = SEEDS[the
     * {@value #TABLE_BITS} bits after m's leading one], then one Newton step
     * {@code r1 = (r0 · (2^17 − ((m · r0) >> 16))) >> 16}.
     */
    public static long reciprocal(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("reciprocal of " + n);
        }
        int lead = 63 - Long.numberOfLeadingZeros(n);
        long m = lead >= 15 ? n >> (lead - 15) : n << (15 - lead);
        long r0 = SEEDS[(int) ((m >> (15 - TABLE_BITS)) & ((1 << TABLE_BITS) - 1))];
        long e = (m * r0) >> 16;
        return (r0 * ((2L << 16) - e)) >> 16;
    }

    /** The seed table: 2^16 / μ at the middle of each of the 2^TABLE_BITS mantissa intervals, rounded. */
    private static int[] seeds() {
        int[] t = new int[1 << TABLE_BITS];
        for (int i = 0; i < t.length; i++) {
            double mu = 0.5 + (i + 0.5) / (2.0 * t.length);
            t[i] = (int) Math.round(65536 / mu);
        }
        return t;
    }

    /** The seed table as the hardware's ROM holds it. */
    public static int[] seedTable() {
        return SEEDS.clone();
    }

    /** Step 4: the listed bands, in the listed order. */
    public static IntCube selectBands(IntCube c, int[] keep) {
        for (int b : keep) {
            if (b < 0 || b >= c.bands()) {
                throw new IllegalArgumentException("band " + b + " out of range 0.." + (c.bands() - 1));
            }
        }
        int[] out = new int[c.width() * c.height() * keep.length];
        for (int p = 0; p < c.width() * c.height(); p++) {
            for (int k = 0; k < keep.length; k++) {
                out[p * keep.length + k] = c.values()[p * c.bands() + keep[k]];
            }
        }
        return new IntCube(c.width(), c.height(), keep.length, out);
    }
}
