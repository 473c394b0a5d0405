package shears.models.quant;

/**
 * Integer rescaling {@code y = (x * multiplier + 2^(shift-1)) >> shift} (arithmetic shift, so
 * rounding is half up, towards +infinity), for a real factor {@code multiplier / 2^shift}. The
 * multiplier has {@link #MULTIPLIER_BITS} bits (unsigned) so hardware needs a 32 x 15 multiplier.
 */
public record Requantizer(int multiplier, int shift) {
    public static final int MULTIPLIER_BITS = 15;
    public static final int MAX_SHIFT = 62;

    public Requantizer {
        if (multiplier < 0 || multiplier >= 1 << MULTIPLIER_BITS) {
            throw new IllegalArgumentException("requantisation multiplier out of range: " + multiplier);
        }
        if (shift < 0 || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("requantisation shift out of range: " + shift);
        }
    }

    /** Closest representation of {@code factor} (0 <= factor < 2^15) with the multiplier in [2^14, 2^15). */
    public static Requantizer of(double factor) {
        if (!(factor >= 0) || factor >= 1 << MULTIPLIER_BITS) {
            throw new IllegalArgumentException("requantisation factor out of range: " + factor);
        }
        if (factor == 0) {
            return new Requantizer(0, 0);
        }
        int shift = 0;
        while (factor * Math.pow(2, shift) < 1 << (MULTIPLIER_BITS - 1) && shift < MAX_SHIFT) {
            shift++;
        }
        long m = Math.round(factor * Math.pow(2, shift));
        if (m >= 1 << MULTIPLIER_BITS) { // rounding overflowed the range: one bit less
            shift--;
            m = Math.round(factor * Math.pow(2, shift));
        }
        return new Requantizer((int) m, shift);
    }

    /** The real factor represented. */
    public double factor() {
        return multiplier / Math.pow(2, shift);
    }

    /** Rescaled value before saturation. */
    public long apply(long x) {
        long product = x * multiplier;
        return shift == 0 ? product : (product + (1L << (shift - 1))) >> shift;
    }

    /** Rescaled and saturated to [lo, hi]. */
    public int apply(long x, int lo, int hi) {
        return saturate(apply(x), lo, hi);
    }

    public static int saturate(long v, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, v));
    }
}
