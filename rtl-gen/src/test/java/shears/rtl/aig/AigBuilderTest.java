package shears.rtl.aig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder the estimator and the logic-network flow share: its in-place merging, proved by CEC. */
class AigBuilderTest {
    /** a + b as a ripple adder, sum bits as outputs. */
    private static int[] add(AigBuilder g, int[] a, int[] b) {
        int[] sum = new int[a.length];
        int carry = AigBuilder.FALSE;
        for (int i = 0; i < a.length; i++) {
            int p = g.xor(a[i], b[i]);
            sum[i] = g.xor(p, carry);
            carry = g.or(g.and(a[i], b[i]), g.and(p, carry));
        }
        return sum;
    }

    /** The same sum with the carry as a majority vote written another way: equal functions, other nodes. */
    private static int[] addMajority(AigBuilder g, int[] a, int[] b) {
        int[] sum = new int[a.length];
        int carry = AigBuilder.FALSE;
        for (int i = 0; i < a.length; i++) {
            sum[i] = g.xor(g.xor(b[i], carry), a[i]);
            carry = g.or(g.or(g.and(a[i], carry), g.and(b[i], carry)), g.and(a[i], b[i]));
        }
        return sum;
    }

    private static int[] inputs(AigBuilder g, String name, int width) {
        int[] lits = new int[width];
        for (int i = 0; i < width; i++) {
            lits[i] = g.input(name + i);
        }
        return lits;
    }

    @Test
    void mergingEquivalentNodesKeepsTheFunctionAsCecProves() {
        AigBuilder g = new AigBuilder();
        int[] a = inputs(g, "a", 8);
        int[] b = inputs(g, "b", 8);
        int[] first = add(g, a, b);
        int[] second = addMajority(g, a, b);
        List<Integer> outs = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            outs.add(g.and(first[i], second[i])); // both copies feed the outputs: neither is dead
            g.output("s" + i, outs.get(i));
        }
        Aig before = g.build();

        int[] roots = outs.stream().mapToInt(Integer::intValue).toArray();
        g.mergeEquivalent(false, roots);
        AigBuilder merged = new AigBuilder();
        Aig after = rebuild(g, roots, merged);

        int liveBefore = before.withoutDeadNodes().andCount();
        int liveAfter = after.withoutDeadNodes().andCount();
        assertTrue(liveAfter < liveBefore, liveAfter + " live AND nodes after merging, " + liveBefore + " before");
        Cec.Verdict verdict = Cec.check(before, after);
        assertTrue(verdict.equivalent(), "merged graph differs at " + verdict.output() + " for " + verdict.inputs());
        assertEquals(16, after.inputCount());
    }

    /** The merged graph's roots as a fresh builder's outputs (the merge rewrites fan-ins in place). */
    private static Aig rebuild(AigBuilder g, int[] roots, AigBuilder out) {
        int[] map = new int[g.size()];
        for (int n = 1; n < g.size(); n++) {
            if (g.isInput(n)) {
                map[n] = out.input("x" + n);
            } else {
                int f0 = map[g.fanin0(n) >> 1] ^ (g.fanin0(n) & 1);
                int f1 = map[g.fanin1(n) >> 1] ^ (g.fanin1(n) & 1);
                map[n] = out.and(f0, f1);
            }
        }
        for (int i = 0; i < roots.length; i++) {
            out.output("s" + i, map[roots[i] >> 1] ^ (roots[i] & 1));
        }
        return out.build();
    }

    @Test
    void buildNumbersInputsFirstEvenWhenCreatedBetweenAnds() {
        AigBuilder g = new AigBuilder();
        int x = g.input("x");
        int y = g.input("y");
        int xy = g.and(x, y);
        int z = g.newInput();
        g.output("o", g.and(xy, AigBuilder.not(z)));
        Aig aig = g.build();
        assertEquals(List.of("x", "y", "i2"), aig.inputNames());
        assertEquals(2, aig.andCount());
        long[][] values = BitSim.simulate(aig, new long[][] {{0b1111L}, {0b0111L}, {0b0101L}});
        assertEquals(0b0010L, BitSim.outputs(aig, values)[0][0] & 0b1111L);
    }
}
