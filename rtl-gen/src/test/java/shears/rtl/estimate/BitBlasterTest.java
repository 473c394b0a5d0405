package shears.rtl.estimate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shears.rtl.aig.AigBuilder;
import shears.rtl.hdl.HdlType;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;
import shears.rtl.pass.PassPipeline;

/** The structures the bit-blast builds for each target. */
class BitBlasterTest {
    private static int depth(BitBlaster.Result r) {
        AigBuilder g = r.aig();
        int[] level = new int[g.size()];
        int worst = 0;
        for (int i = 1; i < g.size(); i++) {
            if (g.isAnd(i)) {
                level[i] = 1 + Math.max(level[g.fanin0(i) >> 1], level[g.fanin1(i) >> 1]);
            }
        }
        for (int root : r.roots()) {
            worst = Math.max(worst, level[root >> 1]);
        }
        return worst;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {16, 64})
    void gateLevelAddersAreBrentKung(int width) {
        // Yosys's techmap builds $alu over a Brent-Kung $lcu: propagate/generate (2 levels), two prefix
        // trees of 2 log2(w) - 1 stages (2 levels each), the sum XOR (2 levels). A ripple adder is 2w deep.
        ModuleBuilder b = new ModuleBuilder("add");
        Signal x = b.input("a", HdlType.uint(width));
        Signal y = b.input("b", HdlType.uint(width));
        Reg sum = b.reg("s", HdlType.uint(width));
        b.set(sum, x.add(y).trunc(width));
        b.assign(b.output("s_q", HdlType.uint(width)), sum);
        BitBlaster.Result r =
                BitBlaster.blast(PassPipeline.standard().run(b.build().netlist()), BitBlaster.Target.GATES);
        int log = 31 - Integer.numberOfLeadingZeros(width);
        int d = depth(r);
        assertTrue(d <= 2 + 2 * (2 * log - 1) + 2, width + "-bit adder depth " + d);
        assertTrue(d > log, width + "-bit adder depth " + d);
    }
}
