package shears.rtl.pass;

import java.util.ArrayDeque;
import java.util.Deque;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Instance;
import shears.rtl.ir.Memory;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.rtl.ir.OutputPort;

/**
 * Removes cells and memories that cannot affect an output: liveness flows backwards from output
 * ports and instance inputs through cell inputs, and from a live memory read port to the memory's
 * write port. Input ports always stay (they are the module's interface).
 */
public final class DeadCellRemoval extends ModulePass {
    @Override
    public String name() {
        return "dead-cell-removal";
    }

    @Override
    NetlistModule apply(NetlistModule m) {
        int n = m.size();
        boolean[] live = new boolean[n];
        boolean[] liveMem = new boolean[m.memories().size()];
        Deque<Integer> work = new ArrayDeque<>();
        for (OutputPort o : m.outputs()) {
            work.push(o.net());
        }
        for (Instance inst : m.instances()) {
            inst.inputs().forEach(c -> work.push(c.net()));
        }
        for (int i = 0; i < n; i++) {
            if (m.cell(i).op() == Op.INPUT) {
                work.push(i);
            }
        }
        while (!work.isEmpty()) {
            int i = work.pop();
            if (i < 0 || live[i]) {
                continue;
            }
            live[i] = true;
            Cell c = m.cell(i);
            for (int k = 0; k < c.inputCount(); k++) {
                work.push(c.in(k));
            }
            if (c.op() == Op.MEM_READ && !liveMem[c.aux()]) {
                liveMem[c.aux()] = true;
                Memory.WritePort w = m.memories().get(c.aux()).write();
                if (w != null) {
                    work.push(w.enable());
                    work.push(w.addr());
                    work.push(w.data());
                }
            }
        }
        return ModuleRewriter.rewrite(m, m.cells(), ModuleRewriter.identity(n), live, liveMem);
    }
}
