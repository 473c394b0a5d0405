package shears.rtl.estimate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LUT and CMOS mappers on graphs small enough to know the answer. */
class MapperTest {
    private static int[] inputs(Aig g, int n) {
        int[] in = new int[n];
        for (int i = 0; i < n; i++) {
            in[i] = g.newInput();
        }
        return in;
    }

    private static int[] fullAdder(Aig g, int x, int y, int z) {
        int p = g.xor(x, y);
        return new int[] {g.xor(p, z), g.or(g.and(x, y), g.and(p, z))};
    }

    /** LUT4 and LUT6 counts of the cover of {@code roots}. */
    private static void assertLuts(int lut4, int lut6, Aig g, int[] roots) {
        assertEquals(lut4, LutMapper.map(g, roots, 4, new boolean[g.size()]), "LUT4");
        assertEquals(lut6, LutMapper.map(g, roots, 6, new boolean[g.size()]), "LUT6");
    }

    @Test
    void aFullAdderIsTwoLuts() {
        Aig g = new Aig();
        int[] in = inputs(g, 3);
        assertLuts(2, 2, g, fullAdder(g, in[0], in[1], in[2]));
    }

    @Test
    void aFullAdderOfThreePartialProductsIsFourLut4s() {
        // Sum and carry of three 2-input ANDs (a multiplier's first compressor row): area flow alone
        // gives 5 LUT4s; exact area finds 4. Six inputs fit one LUT6 per output.
        Aig g = new Aig();
        int[] in = inputs(g, 6);
        assertLuts(4, 2, g, fullAdder(g, g.and(in[0], in[1]), g.and(in[2], in[3]), g.and(in[4], in[5])));
    }

    @Test
    void xorsJoiningTwoXorsOnTheLongestPathAreBuiltTwice() {
        // A balanced 16-input parity tree: 8 XORs of inputs, 7 joining two XORs, all on the longest path.
        Aig g = new Aig();
        int[] level = inputs(g, 16);
        while (level.length > 1) {
            int[] next = new int[level.length / 2];
            for (int i = 0; i < next.length; i++) {
                next[i] = g.xor(level[2 * i], level[2 * i + 1]);
            }
            level = next;
        }
        int[] roots = {level[0]};
        boolean[] live = new boolean[g.size()];
        g.liveAnds(roots, live);
        CmosMapper.Result r = CmosMapper.map(g, roots, live);
        int joins = 0;
        for (int u = 1; u < g.size(); u++) {
            if (r.nodeTransistors()[u] >= CmosMapper.XOR_JOIN_TRANSISTORS) {
                joins++;
            }
        }
        assertEquals(7, joins);
        // 45 gates, the 7 duplicated XORs, and at most one inverter per XOR.
        double base = 45 * CmosMapper.TRANSISTORS_PER_GATE + 7 * CmosMapper.XOR_JOIN_TRANSISTORS;
        assertTrue(r.transistors() >= base && r.transistors() <= base + 15 * CmosMapper.TRANSISTORS_PER_INVERTER,
                "parity tree: " + r.transistors());
    }
}
