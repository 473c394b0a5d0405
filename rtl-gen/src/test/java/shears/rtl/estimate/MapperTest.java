package shears.rtl.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import shears.rtl.aig.AigBuilder;

/** The LUT and CMOS mappers on graphs small enough to know the answer. */
class MapperTest {
    private static int[] inputs(AigBuilder g, int n) {
        int[] in = new int[n];
        for (int i = 0; i < n; i++) {
            in[i] = g.newInput();
        }
        return in;
    }

    private static int[] fullAdder(AigBuilder g, int x, int y, int z) {
        int p = g.xor(x, y);
        return new int[] {g.xor(p, z), g.or(g.and(x, y), g.and(p, z))};
    }

    /** LUT4 and LUT6 counts of the cover of {@code roots}. */
    private static void assertLuts(int lut4, int lut6, AigBuilder g, int[] roots) {
        assertEquals(lut4, LutMapper.map(g, roots, 4, new boolean[g.size()]), "LUT4");
        assertEquals(lut6, LutMapper.map(g, roots, 6, new boolean[g.size()]), "LUT6");
    }

    @Test
    void aFullAdderIsTwoLuts() {
        AigBuilder g = new AigBuilder();
        int[] in = inputs(g, 3);
        assertLuts(2, 2, g, fullAdder(g, in[0], in[1], in[2]));
    }

    @Test
    void aFullAdderOfThreePartialProductsIsFourLut4s() {
        // Sum and carry of three 2-input ANDs (a multiplier's first compressor row): area flow alone
        // gives 5 LUT4s; exact area finds 4. Six inputs fit one LUT6 per output.
        AigBuilder g = new AigBuilder();
        int[] in = inputs(g, 6);
        assertLuts(4, 2, g, fullAdder(g, g.and(in[0], in[1]), g.and(in[2], in[3]), g.and(in[4], in[5])));
    }

    @Test
    void parityTreesCostWhatYosysCounts() {
        // Balanced parity trees of 4, 16 and 64 inputs; Yosys 0.23 (synth; abc -g cmos2; stat -tech cmos)
        // on assign y = ^a gives 52, 316 and 1372 transistors. The joining XORs sit on the longest path,
        // so the delay-first round builds them in both polarities and area flow cannot undo it.
        int[][] cases = {{4, 52}, {16, 316}, {64, 1372}};
        for (int[] c : cases) {
            AigBuilder g = new AigBuilder();
            int[] level = inputs(g, c[0]);
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
            assertEquals(c[1], CmosMapper.map(g, roots, live).transistors(), 0.0, c[0] + "-input parity");
        }
    }

    @Test
    void anAndTreeReusesTheChainBesideIt() {
        // A counter's enabled carry chain c(i+1) = c(i) & q(i) with c(0) = en, every link used, and its
        // wrap flag en & (&q) built as a separate balanced tree: regrouped, the flag is c(7) & q(7).
        AigBuilder g = new AigBuilder();
        int en = g.newInput();
        int[] q = inputs(g, 8);
        int[] chain = new int[8];
        chain[0] = g.and(en, q[0]);
        for (int i = 1; i < 8; i++) {
            chain[i] = g.and(chain[i - 1], q[i]);
        }
        int[] level = q.clone();
        while (level.length > 1) {
            int[] next = new int[level.length / 2];
            for (int i = 0; i < next.length; i++) {
                next[i] = g.and(level[2 * i], level[2 * i + 1]);
            }
            level = next;
        }
        int wrap = g.and(en, level[0]);
        int[] roots = new int[9];
        System.arraycopy(chain, 0, roots, 0, 7);
        roots[7] = wrap;
        roots[8] = AigBuilder.not(chain[3]);
        boolean[] live = new boolean[g.size()];
        assertEquals(7 + 8, g.liveAnds(roots, live));
        SupergateRewrite.Result r = SupergateRewrite.run(g, roots, live);
        assertEquals(7 + 1, r.aig().liveAnds(r.roots(), new boolean[r.aig().size()]));
    }
}
