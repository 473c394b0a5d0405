package shears.sim.bits;

import java.math.BigInteger;

/**
 * Arithmetic on bit vectors wider than 64 bits, stored as {@code long[]} words, least significant
 * first, the top word masked to the width. Both simulation engines call these; destinations are
 * preallocated by the caller and may alias sources only where stated. Semantics match
 * {@code CellSemantics}: results are taken mod 2^w.
 */
public final class WideBits {
    private WideBits() {}

    public static int words(int width) {
        return (width + 63) >>> 6;
    }

    /** Mask for the top word of a {@code width}-bit vector. */
    public static long topMask(int width) {
        int r = width & 63;
        return r == 0 ? -1L : (1L << r) - 1;
    }

    public static long mask(int width) {
        return width >= 64 ? -1L : (1L << width) - 1;
    }

    /** Sign-extends the low {@code width} bits of {@code v} to 64 bits. */
    public static long sx(long v, int width) {
        int s = 64 - width;
        return (v << s) >> s;
    }

    /**
     * Zeroes {@code d}. A loop, not {@code Arrays.fill}: values are a few words, and the fill stub's
     * call cost the compiled engine a seventh of its time on the RAMAN top.
     */
    static void clear(long[] d) {
        for (int i = 0; i < d.length; i++) {
            d[i] = 0L;
        }
    }

    public static void normalize(long[] d, int width) {
        d[d.length - 1] &= topMask(width);
    }

    public static void add(long[] d, long[] a, long[] b, int width) {
        long carry = 0;
        for (int i = 0; i < d.length; i++) {
            long x = a[i];
            long s = x + b[i];
            long c1 = Long.compareUnsigned(s, x) < 0 ? 1 : 0;
            long s2 = s + carry;
            long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
            d[i] = s2;
            carry = c1 | c2;
        }
        normalize(d, width);
    }

    public static void sub(long[] d, long[] a, long[] b, int width) {
        long borrow = 0;
        for (int i = 0; i < d.length; i++) {
            long x = a[i];
            long y = b[i];
            long s = x - y;
            long b1 = Long.compareUnsigned(x, y) < 0 ? 1 : 0;
            long s2 = s - borrow;
            long b2 = Long.compareUnsigned(s, borrow) < 0 ? 1 : 0;
            d[i] = s2;
            borrow = b1 | b2;
        }
        normalize(d, width);
    }

    /** d = a * b mod 2^width; {@code d} must not alias {@code a} or {@code b}. */
    public static void mul(long[] d, long[] a, long[] b, int width) {
        int n = d.length;
        clear(d);
        for (int i = 0; i < n; i++) {
            long ai = a[i];
            if (ai == 0) {
                continue;
            }
            long carry = 0;
            for (int j = 0; i + j < n; j++) {
                long bj = b[j];
                long lo = ai * bj;
                long hi = Math.multiplyHigh(ai, bj) + ((ai >> 63) & bj) + ((bj >> 63) & ai);
                long t = d[i + j] + lo;
                if (Long.compareUnsigned(t, lo) < 0) {
                    hi++;
                }
                long t2 = t + carry;
                if (Long.compareUnsigned(t2, t) < 0) {
                    hi++;
                }
                d[i + j] = t2;
                carry = hi;
            }
        }
        normalize(d, width);
    }

    public static void and(long[] d, long[] a, long[] b) {
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] & b[i];
        }
    }

    public static void or(long[] d, long[] a, long[] b) {
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] | b[i];
        }
    }

    public static void xor(long[] d, long[] a, long[] b) {
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] ^ b[i];
        }
    }

    public static void not(long[] d, long[] a, int width) {
        for (int i = 0; i < d.length; i++) {
            d[i] = ~a[i];
        }
        normalize(d, width);
    }

    /** Saturating conversion of a shift amount (any width) to an int. */
    public static int shiftAmount(long[] amount) {
        for (int i = 1; i < amount.length; i++) {
            if (amount[i] != 0) {
                return Integer.MAX_VALUE;
            }
        }
        return shiftAmount(amount[0]);
    }

    /** a &lt;&lt; k for a narrow (&le; 64-bit) value of width w; 0 when k &ge; w. */
    public static long shlNarrow(long a, int k, int w) {
        return k >= w ? 0L : (a << k) & mask(w);
    }

    /** Logical a &gt;&gt; k for a narrow value of width w. */
    public static long shrNarrow(long a, int k, int w) {
        return k >= w ? 0L : a >>> k;
    }

    /** Arithmetic a &gt;&gt; k for a narrow value of width w (sign bits fill in). */
    public static long sraNarrow(long a, int k, int w) {
        return (sx(a, w) >> Math.min(k, 63)) & mask(w);
    }

    public static int shiftAmount(long amount) {
        return amount < 0 || amount > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) amount;
    }

    /** d = a << k; {@code d} must not alias {@code a}. */
    public static void shl(long[] d, long[] a, int k, int width) {
        clear(d);
        if (k >= width) {
            return;
        }
        int ws = k >>> 6;
        int bs = k & 63;
        for (int i = d.length - 1; i >= ws; i--) {
            long v = a[i - ws] << bs;
            if (bs != 0 && i - ws - 1 >= 0) {
                v |= a[i - ws - 1] >>> (64 - bs);
            }
            d[i] = v;
        }
        normalize(d, width);
    }

    /** d = a >> k, logical or arithmetic; {@code d} must not alias {@code a}. */
    public static void shr(long[] d, long[] a, int k, int width, boolean arithmetic) {
        boolean neg = arithmetic && bit(a, width - 1);
        long fill = neg ? -1L : 0L;
        if (k >= width) {
            java.util.Arrays.fill(d, fill);
            normalize(d, width);
            return;
        }
        // Sign-extend the top word into a scratch view so shifting brings in the right bits.
        int n = d.length;
        int ws = k >>> 6;
        int bs = k & 63;
        for (int i = 0; i < n; i++) {
            long lo = word(a, i + ws, width, fill);
            long hi = word(a, i + ws + 1, width, fill);
            d[i] = bs == 0 ? lo : (lo >>> bs) | (hi << (64 - bs));
        }
        normalize(d, width);
    }

    /** Word i of a width-bit vector viewed as infinitely extended with {@code fill}. */
    private static long word(long[] a, int i, int width, long fill) {
        if (i >= a.length) {
            return fill;
        }
        if (i == a.length - 1 && fill != 0) {
            return a[i] | ~topMask(width);
        }
        return a[i];
    }

    public static boolean bit(long[] a, int i) {
        return ((a[i >>> 6] >>> (i & 63)) & 1) != 0;
    }

    public static boolean eq(long[] a, long[] b) {
        return java.util.Arrays.equals(a, b);
    }

    public static int compareUnsigned(long[] a, long[] b) {
        for (int i = a.length - 1; i >= 0; i--) {
            int c = Long.compareUnsigned(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    public static int compareSigned(long[] a, long[] b, int width) {
        boolean na = bit(a, width - 1);
        boolean nb = bit(b, width - 1);
        if (na != nb) {
            return na ? -1 : 1;
        }
        return compareUnsigned(a, b);
    }

    /** Bits [lo, lo+64) (or fewer) of {@code a} as a long, masked to {@code width} &le; 64. */
    public static long sliceToLong(long[] a, int lo, int width) {
        int wi = lo >>> 6;
        int bs = lo & 63;
        long v = a[wi] >>> bs;
        if (bs != 0 && wi + 1 < a.length) {
            v |= a[wi + 1] << (64 - bs);
        }
        return v & mask(width);
    }

    /** d = a[lo + width - 1 : lo]. */
    public static void slice(long[] d, long[] a, int lo, int width) {
        for (int i = 0; i < d.length; i++) {
            int bitLo = lo + 64 * i;
            int avail = Math.min(64, width - 64 * i);
            d[i] = bitLo >= 64 * a.length ? 0 : sliceToLong(a, bitLo, avail);
        }
    }

    /** Writes the low {@code width} bits of {@code v} into {@code d} at bit {@code lo}; d's bits there must be zero. */
    public static void depositLong(long[] d, int lo, long v, int width) {
        v &= mask(width);
        int wi = lo >>> 6;
        int bs = lo & 63;
        d[wi] |= v << bs;
        if (bs != 0 && bs + width > 64) {
            d[wi + 1] |= v >>> (64 - bs);
        }
    }

    public static void deposit(long[] d, int lo, long[] v, int width) {
        for (int i = 0; i < v.length; i++) {
            int w = Math.min(64, width - 64 * i);
            depositLong(d, lo + 64 * i, v[i], w);
        }
    }

    public static void zextLong(long[] d, long v) {
        clear(d);
        d[0] = v;
    }

    public static void sextLong(long[] d, long v, int fromWidth, int width) {
        long s = sx(v, fromWidth);
        d[0] = s;
        long fill = s < 0 ? -1L : 0L;
        for (int i = 1; i < d.length; i++) {
            d[i] = fill;
        }
        normalize(d, width);
    }

    public static void zext(long[] d, long[] a) {
        clear(d);
        System.arraycopy(a, 0, d, 0, a.length);
    }

    public static void sext(long[] d, long[] a, int fromWidth, int width) {
        boolean neg = bit(a, fromWidth - 1);
        System.arraycopy(a, 0, d, 0, a.length);
        if (neg) {
            d[a.length - 1] |= ~topMask(fromWidth);
            for (int i = a.length; i < d.length; i++) {
                d[i] = -1L;
            }
        } else {
            for (int i = a.length; i < d.length; i++) {
                d[i] = 0;
            }
        }
        normalize(d, width);
    }

    public static boolean allOnes(long[] a, int width) {
        for (int i = 0; i < a.length - 1; i++) {
            if (a[i] != -1L) {
                return false;
            }
        }
        return a[a.length - 1] == topMask(width);
    }

    public static boolean anySet(long[] a) {
        for (long x : a) {
            if (x != 0) {
                return true;
            }
        }
        return false;
    }

    public static boolean parity(long[] a) {
        int c = 0;
        for (long x : a) {
            c += Long.bitCount(x);
        }
        return (c & 1) != 0;
    }

    public static int popcountXor(long[] a, long[] b) {
        int c = 0;
        for (int i = 0; i < a.length; i++) {
            c += Long.bitCount(a[i] ^ b[i]);
        }
        return c;
    }

    public static BigInteger toBig(long[] a) {
        BigInteger r = BigInteger.ZERO;
        for (int i = a.length - 1; i >= 0; i--) {
            r = r.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(a[i])));
        }
        return r;
    }

    public static BigInteger toBig(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    /** The low {@code width} bits of {@code v} (two's complement for negatives) as words. */
    public static long[] fromBig(BigInteger v, int width) {
        long[] d = new long[words(width)];
        for (int i = 0; i < d.length; i++) {
            d[i] = v.shiftRight(64 * i).longValue();
        }
        normalize(d, width);
        return d;
    }
}
