package shears.sim.bits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every {@link WideBits} operation against {@link BigInteger} arithmetic on random and edge values. */
class WideBitsTest {
    private static BigInteger mask(int w) {
        return BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE);
    }

    private static BigInteger signed(BigInteger v, int w) {
        return v.testBit(w - 1) ? v.subtract(BigInteger.ONE.shiftLeft(w)) : v;
    }

    private static BigInteger sample(Random r, int w, int i) {
        return switch (i % 5) {
            case 0 -> BigInteger.ZERO;
            case 1 -> mask(w);
            case 2 -> BigInteger.ONE.shiftLeft(w - 1);
            default -> new BigInteger(w, r);
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 100, 127, 128, 129, 191, 192, 200, 256})
    void matchesBigInteger(int w) {
        Random r = new Random(w);
        BigInteger m = mask(w);
        int n = WideBits.words(w);
        int cases = 0;
        for (int i = 0; i < 400; i++) {
            BigInteger a = sample(r, w, i);
            BigInteger b = sample(r, w, i / 5 + 3);
            long[] wa = WideBits.fromBig(a, w);
            long[] wb = WideBits.fromBig(b, w);
            long[] d = new long[n];
            WideBits.add(d, wa, wb, w);
            assertEquals(a.add(b).and(m), WideBits.toBig(d), "add");
            WideBits.sub(d, wa, wb, w);
            assertEquals(a.subtract(b).and(m), WideBits.toBig(d), "sub");
            WideBits.mul(d, wa, wb, w);
            assertEquals(a.multiply(b).and(m), WideBits.toBig(d), "mul");
            WideBits.not(d, wa, w);
            assertEquals(a.xor(m), WideBits.toBig(d), "not");
            int k = r.nextInt(w + 10);
            WideBits.shl(d, wa, k, w);
            assertEquals(k >= w ? BigInteger.ZERO : a.shiftLeft(k).and(m), WideBits.toBig(d), "shl " + k);
            WideBits.shr(d, wa, k, w, false);
            assertEquals(k >= w ? BigInteger.ZERO : a.shiftRight(k), WideBits.toBig(d), "shr " + k);
            WideBits.shr(d, wa, k, w, true);
            assertEquals(signed(a, w).shiftRight(Math.min(k, w)).and(m), WideBits.toBig(d), "sra " + k);
            assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(WideBits.compareUnsigned(wa, wb)), "cmpu");
            assertEquals(
                    Integer.signum(signed(a, w).compareTo(signed(b, w))),
                    Integer.signum(WideBits.compareSigned(wa, wb, w)),
                    "cmps");
            int lo = r.nextInt(w);
            int sw = 1 + r.nextInt(w - lo);
            long[] s = new long[WideBits.words(sw)];
            WideBits.slice(s, wa, lo, sw);
            assertEquals(a.shiftRight(lo).and(mask(sw)), WideBits.toBig(s), "slice");
            if (sw <= 64) {
                assertEquals(
                        a.shiftRight(lo).and(mask(sw)).longValue(), WideBits.sliceToLong(wa, lo, sw), "sliceToLong");
            }
            int wide = w + 1 + r.nextInt(70);
            long[] e = new long[WideBits.words(wide)];
            WideBits.sext(e, wa, w, wide);
            assertEquals(signed(a, w).and(mask(wide)), WideBits.toBig(e), "sext");
            WideBits.zext(e, wa);
            assertEquals(a, WideBits.toBig(e), "zext");
            long[] cat = new long[WideBits.words(w + 37)];
            long low = r.nextLong() & WideBits.mask(37);
            WideBits.deposit(cat, 37, wa, w);
            WideBits.depositLong(cat, 0, low, 37);
            assertEquals(a.shiftLeft(37).or(BigInteger.valueOf(low)), WideBits.toBig(cat), "concat");
            assertEquals(a.equals(m), WideBits.allOnes(wa, w), "and-reduce");
            assertEquals(a.signum() != 0, WideBits.anySet(wa), "or-reduce");
            assertEquals(a.bitCount() % 2 == 1, WideBits.parity(wa), "xor-reduce");
            cases++;
        }
        assertEquals(400, cases);
    }
}
