package shears.models.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequantizerTest {
    @Test
    void roundsHalfUpAndSaturates() {
        Requantizer half = new Requantizer(1, 1); // x / 2
        assertEquals(2, half.apply(3L)); // 1.5 -> 2
        assertEquals(-1, half.apply(-3L)); // -1.5 -> -1 (half up)
        assertEquals(-2, half.apply(-4L));
        assertEquals(127, half.apply(1000L, -128, 127));
        assertEquals(-128, half.apply(-1000L, -128, 127));
    }

    @Test
    void matchesExactDecimalArithmetic() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 0;
        for (int k = 0; k < 20_000; k++) {
            double factor = Math.pow(2, -20 + r.nextDouble() * 24);
            Requantizer q = Requantizer.of(factor);
            assertTrue(q.multiplier() >= 1 << 14 || q.shift() == 0, "normalised multiplier");
            assertEquals(factor, q.factor(), factor * 1e-4, "closest 15-bit multiplier");
            long acc = r.nextLong(-(1L << 31), 1L << 31);
            BigDecimal exact = BigDecimal.valueOf(acc)
                    .multiply(BigDecimal.valueOf(q.multiplier()))
                    .divide(BigDecimal.valueOf(2).pow(q.shift()));
            long expected = exact.add(new BigDecimal("0.5"))
                    .setScale(0, RoundingMode.FLOOR)
                    .longValueExact();
            assertEquals(expected, q.apply(acc), "acc " + acc + " factor " + factor);
            n++;
        }
        assertEquals(20_000, n);
    }

    @Test
    void rejectsImpossibleFactors() {
        assertThrows(IllegalArgumentException.class, () -> Requantizer.of(-1));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Requantizer(1 << 15, 0));
    }
}
