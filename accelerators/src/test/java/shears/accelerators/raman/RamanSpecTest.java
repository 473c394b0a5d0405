package shears.accelerators.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shears.models.cae.CaeStrategy;

class RamanSpecTest {
    @Test
    void everyFieldIsValidatedOnceHere() {
        assertEquals(8, new RamanSpec(CaeStrategy.BALANCED, 0.75, RamanSpec.DEFAULT_PES).pes());
        String[] bad = {
            msg(() -> new RamanSpec(CaeStrategy.LOTTERY, 0.5, 8)),
            msg(() -> CaeStrategy.of("random")),
            msg(() -> new RamanSpec(CaeStrategy.BALANCED, 1.0, 8)),
            msg(() -> new RamanSpec(CaeStrategy.BALANCED, 0.5, 3)),
            msg(() -> new RamanSpec(CaeStrategy.BALANCED, 0.5, 128)),
            msg(() -> new RamanSpec(CaeStrategy.BALANCED, 0.5, 8, new RamanExperiment.Sizes(0, null, null), false)),
            msg(() -> new RamanSpec(CaeStrategy.BALANCED, 0.5, 8, new RamanExperiment.Sizes(null, null, 40), false))
        };
        assertEquals(7, bad.length);
        assertTrue(
                bad[0].contains(
                        "strategy 'lottery' has no RAMAN mapping (supported: dense, magnitude, balanced, n-of-m, structured)"),
                bad[0]);
        assertTrue(bad[1].contains("unknown strategy 'random' (known: dense, magnitude, magnitude-global,"), bad[1]);
        assertTrue(bad[2].contains("sparsity must be in [0, 1)"), bad[2]);
        assertTrue(bad[3].contains("power of two in 1..64, got 3"), bad[3]);
        assertTrue(bad[4].contains("got 128"), bad[4]);
        assertTrue(bad[5].contains("must be positive"), bad[5]);
        assertTrue(bad[6].contains("16..32, got 40"), bad[6]);
    }

    private static String msg(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }
}
