package shears.models.hsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {
    @Test
    void sameSeedSameSceneOtherSeedOtherScene() {
        Scene a = SceneGenerator.generate(7, 96, 48);
        Scene b = SceneGenerator.generate(7, 96, 48);
        assertArrayEquals(a.material(), b.material());
        assertArrayEquals(a.illumination(), b.illumination());
        assertFalse(Arrays.equals(a.labels(), SceneGenerator.generate(8, 96, 48).labels()));
    }

    @Test
    void everySceneHasTheDrivingClassesAndMixedEdges() {
        int cases = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Scene s = SceneGenerator.generate(seed, 128, 64);
            Set<HsiClass> present = EnumSet.noneOf(HsiClass.class);
            for (byte l : s.labels()) {
                present.add(HsiClass.values()[l]);
            }
            assertTrue(
                    present.containsAll(EnumSet.of(
                            HsiClass.SKY,
                            HsiClass.ROAD,
                            HsiClass.LANE_MARKING,
                            HsiClass.VEGETATION,
                            HsiClass.VERGE,
                            HsiClass.VEHICLE)),
                    "seed " + seed + ": " + present);
            int mixed = 0;
            for (int p = 0; p < s.width() * s.height(); p++) {
                for (int k = 1; k < Scene.SUBSAMPLES; k++) {
                    if (s.material()[p * Scene.SUBSAMPLES + k] != s.material()[p * Scene.SUBSAMPLES]) {
                        mixed++;
                        break;
                    }
                }
            }
            assertTrue(mixed > s.width(), "seed " + seed + ": edge pixels mix materials (" + mixed + ")");
            cases++;
        }
        assertEquals(20, cases);
    }

    @Test
    void illuminationSpansShadowToBrightSun() {
        float lo = Float.MAX_VALUE;
        float hi = 0;
        for (long seed = 1; seed <= 10; seed++) {
            for (float v : SceneGenerator.generate(seed, 128, 64).illumination()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        assertTrue(lo < 0.3 && hi > 1.1, lo + " .. " + hi);
    }

    @Test
    void tooSmallIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SceneGenerator.generate(1, 4, 64));
    }
}
