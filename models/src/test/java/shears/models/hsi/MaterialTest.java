package shears.models.hsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaterialTest {
    private static double[] bands(Material m) {
        double[] v = new double[Bands.COUNT];
        for (int b = 0; b < v.length; b++) {
            v[b] = m.reflectance(Bands.centreNm(b));
        }
        return v;
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    /** Grey paint and concrete: the same brightness within 6 %, but shapes apart once brightness is divided out. */
    @Test
    void greyPaintAndConcreteAreMetamers() {
        double[] paint = bands(Material.GREY_PAINT);
        double[] concrete = bands(Material.CONCRETE);
        assertEquals(1, mean(paint) / mean(concrete), 0.06);
        double shape = 0;
        for (int b = 0; b < Bands.COUNT; b++) {
            shape = Math.max(shape, Math.abs(paint[b] / mean(paint) - concrete[b] / mean(concrete)));
        }
        assertTrue(shape > 0.15, "largest normalised difference " + shape);
    }

    @Test
    void vegetationHasItsRedEdgeAndEveryReflectanceIsPhysical() {
        assertTrue(Material.LEAF.reflectance(800) > 5 * Material.LEAF.reflectance(680));
        int checked = 0;
        for (Material m : Material.values()) {
            for (double nm = 550; nm <= 1130; nm += 5) {
                double r = m.reflectance(nm);
                assertTrue(r > 0 && r <= 1, m + " at " + nm + ": " + r);
                checked++;
            }
        }
        assertEquals(Material.values().length * 117, checked);
    }
}
