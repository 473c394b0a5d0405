package shears.models.prune;

/**
 * The 16-bit Galois LFSR the balanced stochastic pattern is drawn from: feedback polynomial
 * x^16 + x^14 + x^13 + x^11 + 1 (maximal length, period 65535), right-shifting form
 * {@code lsb = s & 1; s >>>= 1; if (lsb == 1) s ^= 0xB400}. State 0 is never used.
 */
public final class Lfsr {
    public static final int TAPS = 0xB400;
    private int state;

    public Lfsr(int seed) {
        if (seed <= 0 || seed > 0xFFFF) {
            throw new IllegalArgumentException("LFSR seed must be in 1..65535, got " + seed);
        }
        state = seed;
    }

    /** Advances one step and returns the new state. */
    public int next() {
        int lsb = state & 1;
        state >>>= 1;
        if (lsb == 1) {
            state ^= TAPS;
        }
        return state;
    }

    public int state() {
        return state;
    }

    /** Initial state of PE {@code pe} for a layer seed: {@code seed ^ (pe * 0x9E37 mod 2^16)}, 0 replaced by 1. */
    public static int peSeed(int layerSeed, int pe) {
        int s = (layerSeed ^ (pe * 0x9E37)) & 0xFFFF;
        return s == 0 ? 1 : s;
    }
}
