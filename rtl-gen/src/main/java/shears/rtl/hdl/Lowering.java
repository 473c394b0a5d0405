package shears.rtl.hdl;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Instance;
import shears.rtl.ir.Levelizer;
import shears.rtl.ir.Memory;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.rtl.ir.OutputPort;
import shears.rtl.ir.SourceLoc;

/**
 * Turns a {@link ModuleBuilder}'s signals and assignments into a flat {@link NetlistModule}: one cell
 * per node, an ALIAS cell per wire (keeping its name), a MUX chain per procedural target (last
 * assignment nearest the output), and the checks only the whole module can make: undriven signals
 * and combinational loops.
 */
final class Lowering {
    private final ModuleBuilder b;
    private final List<Cell> cells = new ArrayList<>();
    private final int[] net;

    private Lowering(ModuleBuilder b) {
        this.b = b;
        this.net = new int[b.signals.size()];
        java.util.Arrays.fill(net, -1);
    }

    static HdlModule lower(ModuleBuilder b) {
        return new Lowering(b).run();
    }

    private HdlModule run() {
        // Placeholders first so every signal has a net before any driver is built.
        List<Signal> snapshot = List.copyOf(b.signals);
        boolean[] outputRead = new boolean[snapshot.size()];
        for (Signal s : snapshot) {
            if (s instanceof Node n) {
                for (Signal o : n.operands) {
                    if (o instanceof Output) {
                        outputRead[o.id] = true;
                    }
                }
            }
        }
        for (Signal s : snapshot) {
            if (s instanceof Input in) {
                net[s.id] = add(new Cell(Op.INPUT, s.width(), s.isSigned(), new int[0], 0, null, in.name(), s.loc));
            } else if (s instanceof Wire w) {
                net[s.id] = add(new Cell(Op.ALIAS, s.width(), s.isSigned(), new int[] {0}, 0, null, w.name(), s.loc));
            } else if (s instanceof Reg r) {
                net[s.id] = add(new Cell(
                        Op.REG, s.width(), s.isSigned(), new int[] {0, -1, -1}, 0, r.resetValue, r.name(), s.loc));
            } else if (s instanceof Output) {
                if (outputRead[s.id]) {
                    net[s.id] = add(new Cell(Op.ALIAS, s.width(), s.isSigned(), new int[] {0}, 0, null, null, s.loc));
                }
            } else {
                net[s.id] = add(nodeCell((Node) s));
            }
        }
        List<OutputPort> outs = new ArrayList<>();
        for (Signal s : snapshot) {
            if (s instanceof Wire) {
                cells.set(net[s.id], cells.get(net[s.id]).withInputs(new int[] {driver(s, null)}));
            } else if (s instanceof Reg r) {
                int d = driver(s, net[s.id]);
                int en = r.enable == null ? Cell.NONE : net[r.enable.id];
                int rst = r.reset == null ? Cell.NONE : net[r.reset.id];
                cells.set(net[s.id], cells.get(net[s.id]).withInputs(new int[] {d, en, rst}));
            } else if (s instanceof Output o) {
                int d = driver(s, null);
                outs.add(new OutputPort(o.name(), d));
                if (net[s.id] >= 0) {
                    cells.set(net[s.id], cells.get(net[s.id]).withInputs(new int[] {d}));
                }
            }
        }
        List<Memory> mems = new ArrayList<>();
        for (Mem m : b.memories) {
            Memory.WritePort w = m.writeEnable == null
                    ? null
                    : new Memory.WritePort(net[m.writeEnable.id], net[m.writeAddr.id], net[m.writeData.id]);
            if (!m.rom && w == null) {
                throw new DesignException(
                        "RAM '" + m.name + "' has no write port (use rom() for constant contents)", m.loc);
            }
            mems.add(new Memory(m.name, m.type.width(), m.depth, m.init, w, m.loc));
        }
        List<Instance> insts = new ArrayList<>();
        List<HdlModule> children = new ArrayList<>();
        for (Inst i : b.instances) {
            List<Instance.Connection> ins = new ArrayList<>();
            for (Cell c : i.module.netlistModule().inputs()) {
                Signal v = i.inputs.get(c.name());
                if (v == null) {
                    throw new DesignException(
                            "input '" + c.name() + "' of instance '" + i.name + "' is not driven", i.loc);
                }
                ins.add(new Instance.Connection(c.name(), net[v.id]));
            }
            List<Instance.Connection> outsI = new ArrayList<>();
            i.outputs.forEach((port, node) -> outsI.add(new Instance.Connection(port, net[node.id])));
            insts.add(new Instance(i.name, i.module.name(), ins, outsI, i.loc));
            children.add(i.module);
        }
        NetlistModule module = new NetlistModule(b.name(), cells, outs, mems, insts, b.clocking());
        checkLoops(module);
        return new HdlModule(module, children);
    }

    private Cell nodeCell(Node n) {
        int[] ins = new int[n.operands.length];
        for (int k = 0; k < ins.length; k++) {
            ins[k] = net[n.operands[k].id];
        }
        if (n.op == Op.MEM_READ && ins.length == 1) {
            ins = new int[] {ins[0], Cell.NONE};
        }
        return new Cell(n.op, n.width(), n.isSigned(), ins, n.aux, n.value, n.name, n.loc);
    }

    /** Net carrying the value a target takes; {@code hold} is the default (registers) or null. */
    private int driver(Signal target, Integer hold) {
        List<ModuleBuilder.Assignment> list = b.assignments.get(target);
        String what = target.describe();
        if (list == null || list.isEmpty()) {
            if (target instanceof Reg) {
                throw new DesignException(what + " is never assigned", target.loc);
            }
            throw new DesignException(
                    what + " is never driven (undriven " + (target instanceof Output ? "output" : "wire") + ")",
                    target.loc);
        }
        Integer current = hold;
        SourceLoc firstConditional = null;
        for (ModuleBuilder.Assignment a : list) {
            int v = net[a.value().id];
            if (a.guard() == null) {
                current = v;
            } else if (current == null) {
                firstConditional = firstConditional == null ? a.loc() : firstConditional;
                current = null; // still undriven on the path where the guard is false
            } else {
                current = add(new Cell(
                        Op.MUX,
                        target.width(),
                        target.isSigned(),
                        new int[] {net[a.guard().id], v, current},
                        0,
                        null,
                        null,
                        a.loc()));
            }
        }
        if (current == null) {
            throw new DesignException(
                    what + " is not driven on every path (undriven when the condition at " + firstConditional
                            + " is false); add an unconditional default first",
                    target.loc,
                    firstConditional);
        }
        return current;
    }

    private void checkLoops(NetlistModule m) {
        List<Integer> loop = Levelizer.findLoop(m);
        if (loop.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        List<SourceLoc> locs = new ArrayList<>();
        for (int n : loop) {
            Cell c = m.cell(n);
            String label =
                    c.name() != null ? "'" + c.name() + "'" : c.op().name().toLowerCase();
            parts.add(label + " (" + c.loc() + ")");
            locs.add(c.loc());
        }
        parts.add(parts.get(0));
        throw new DesignException("combinational loop: " + String.join(" -> ", parts), locs.toArray(new SourceLoc[0]));
    }

    private int add(Cell c) {
        cells.add(c);
        return cells.size() - 1;
    }
}
