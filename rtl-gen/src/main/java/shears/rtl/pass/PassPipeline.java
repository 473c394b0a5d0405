package shears.rtl.pass;

import java.util.List;
import shears.rtl.ir.Netlist;

/**
 * A named, ordered list of passes. {@link #standard()} is the one list every flow uses before
 * emission and simulation; each pass's output is a verified {@link Netlist} (verification runs in
 * the netlist constructor), so a broken pass fails at the pass that broke it.
 */
public record PassPipeline(String name, List<Pass> passes) {
    public PassPipeline {
        passes = List.copyOf(passes);
    }

    /**
     * constant-folding, cse, dead-cell-removal, run to a fixed point (at most 4 rounds). A pass that
     * changes nothing returns its input object, so the fixed point is a reference comparison, not a
     * comparison of whole-netlist dumps.
     */
    public static PassPipeline standard() {
        return new PassPipeline(
                "standard",
                List.of(new ConstantFolding(), new CommonSubexpressionElimination(), new DeadCellRemoval()));
    }

    /** No passes: the netlist exactly as lowered. */
    public static PassPipeline none() {
        return new PassPipeline("none", List.of());
    }

    public Netlist run(Netlist in) {
        Netlist cur = in;
        for (int round = 0; round < 4; round++) {
            Netlist before = cur;
            for (Pass p : passes) {
                cur = p.run(cur);
            }
            if (cur == before) {
                break;
            }
        }
        return cur;
    }
}
