package shears.rtl.pass;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Instance;
import shears.rtl.ir.Memory;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.rtl.ir.OutputPort;

/**
 * Applies a pass's decisions to a module: redirects uses of replaced nets to their representatives,
 * drops removed cells and memories, and renumbers nets compactly (surviving cells keep their order).
 */
final class ModuleRewriter {
    private ModuleRewriter() {}

    /**
     * @param cells   the (possibly edited) cells, same indexing as the module
     * @param replace replace[i] is the net that stands in for net i (i itself if kept)
     * @param keep    which cells survive (a replaced cell should not be kept)
     * @param keepMem which memories survive
     */
    static NetlistModule rewrite(NetlistModule m, List<Cell> cells, int[] replace, boolean[] keep, boolean[] keepMem) {
        if (unchanged(m, cells, replace, keep, keepMem)) {
            return m; // the same object: how the pipeline sees its fixed point without comparing dumps
        }
        int n = cells.size();
        int[] rep = new int[n];
        for (int i = 0; i < n; i++) {
            rep[i] = find(replace, i);
        }
        int[] newIndex = new int[n];
        int next = 0;
        for (int i = 0; i < n; i++) {
            newIndex[i] = keep[i] ? next++ : -1;
        }
        int[] newMem = new int[m.memories().size()];
        int nm = 0;
        for (int k = 0; k < newMem.length; k++) {
            newMem[k] = keepMem[k] ? nm++ : -1;
        }
        List<Cell> out = new ArrayList<>(next);
        for (int i = 0; i < n; i++) {
            if (!keep[i]) {
                continue;
            }
            Cell c = cells.get(i);
            int[] ins = new int[c.inputCount()];
            for (int k = 0; k < ins.length; k++) {
                ins[k] = c.in(k) == Cell.NONE ? Cell.NONE : map(rep, newIndex, c.in(k));
            }
            int aux = c.op() == Op.MEM_READ ? newMem[c.aux()] : c.aux();
            out.add(new Cell(c.op(), c.width(), c.signed(), ins, aux, c.value(), c.name(), c.loc()));
        }
        List<OutputPort> outs = new ArrayList<>();
        for (OutputPort o : m.outputs()) {
            outs.add(new OutputPort(o.name(), map(rep, newIndex, o.net())));
        }
        List<Memory> mems = new ArrayList<>();
        for (int k = 0; k < newMem.length; k++) {
            if (!keepMem[k]) {
                continue;
            }
            Memory mem = m.memories().get(k);
            Memory.WritePort w = mem.write();
            mems.add(
                    w == null
                            ? mem
                            : mem.withWrite(new Memory.WritePort(
                                    map(rep, newIndex, w.enable()),
                                    map(rep, newIndex, w.addr()),
                                    map(rep, newIndex, w.data()))));
        }
        List<Instance> insts = new ArrayList<>();
        for (Instance inst : m.instances()) {
            List<Instance.Connection> ins = new ArrayList<>();
            inst.inputs().forEach(c -> ins.add(new Instance.Connection(c.port(), map(rep, newIndex, c.net()))));
            List<Instance.Connection> outsI = new ArrayList<>();
            inst.outputs().forEach(c -> {
                if (keep[c.net()]) {
                    outsI.add(new Instance.Connection(c.port(), newIndex[c.net()]));
                }
            });
            insts.add(new Instance(inst.name(), inst.module(), ins, outsI, inst.loc()));
        }
        return new NetlistModule(m.name(), out, outs, mems, insts, m.clocking());
    }

    private static int map(int[] rep, int[] newIndex, int net) {
        int r = newIndex[rep[net]];
        if (r < 0) {
            throw new IllegalStateException("net " + net + " (via " + rep[net] + ") was removed but is still used");
        }
        return r;
    }

    private static boolean unchanged(
            NetlistModule m, List<Cell> cells, int[] replace, boolean[] keep, boolean[] keepMem) {
        for (boolean k : keepMem) {
            if (!k) {
                return false;
            }
        }
        List<Cell> old = m.cells();
        for (int i = 0; i < cells.size(); i++) {
            if (!keep[i]
                    || replace[i] != i
                    || cells.get(i) != old.get(i) && !cells.get(i).equals(old.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int find(int[] replace, int i) {
        int r = i;
        int guard = 0;
        while (replace[r] != r) {
            r = replace[r];
            if (++guard > replace.length) {
                throw new IllegalStateException("replacement cycle at net " + i);
            }
        }
        return r;
    }

    static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
