package shears.rtl.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inlines instances recursively. Child cells are appended after the parent's, renamed
 * "instance.name"; a child input becomes an {@link Op#ALIAS} of the parent net that drove it, and the
 * parent's {@link Op#INST_OUT} becomes an alias of the child net that drove the output.
 */
final class Flattener {
    private Flattener() {}

    static NetlistModule flatten(Netlist nl) {
        return flattenModule(nl, nl.top());
    }

    private static NetlistModule flattenModule(Netlist nl, NetlistModule m) {
        if (m.instances().isEmpty()) {
            return m;
        }
        List<Cell> cells = new ArrayList<>(m.cells());
        List<Memory> memories = new ArrayList<>(m.memories());
        Map<Integer, Integer> instOutToChildNet = new HashMap<>();
        for (Instance inst : m.instances()) {
            NetlistModule child = flattenModule(nl, nl.module(inst.module()));
            int base = cells.size();
            int memBase = memories.size();
            Map<String, Integer> drivers = new HashMap<>();
            for (Instance.Connection c : inst.inputs()) {
                drivers.put(c.port(), c.net());
            }
            String prefix = inst.name() + ".";
            for (Cell c : child.cells()) {
                String name = c.name() == null ? null : prefix + c.name();
                if (c.op() == Op.INPUT) {
                    cells.add(new Cell(
                            Op.ALIAS,
                            c.width(),
                            c.signed(),
                            new int[] {drivers.get(c.name())},
                            0,
                            null,
                            name,
                            c.loc()));
                    continue;
                }
                int[] ins = new int[c.inputCount()];
                for (int k = 0; k < ins.length; k++) {
                    ins[k] = c.in(k) == Cell.NONE ? Cell.NONE : c.in(k) + base;
                }
                int aux = c.op() == Op.MEM_READ ? c.aux() + memBase : c.aux();
                cells.add(new Cell(c.op(), c.width(), c.signed(), ins, aux, c.value(), name, c.loc()));
            }
            for (Memory mem : child.memories()) {
                Memory.WritePort w = mem.write() == null
                        ? null
                        : new Memory.WritePort(
                                mem.write().enable() + base,
                                mem.write().addr() + base,
                                mem.write().data() + base);
                memories.add(new Memory(prefix + mem.name(), mem.width(), mem.depth(), mem.init(), w, mem.loc()));
            }
            for (Instance.Connection c : inst.outputs()) {
                instOutToChildNet.put(c.net(), child.output(c.port()).net() + base);
            }
        }
        for (Map.Entry<Integer, Integer> e : instOutToChildNet.entrySet()) {
            Cell io = cells.get(e.getKey());
            cells.set(
                    e.getKey(),
                    new Cell(
                            Op.ALIAS, io.width(), io.signed(), new int[] {e.getValue()}, 0, null, io.name(), io.loc()));
        }
        return new NetlistModule(m.name(), cells, m.outputs(), memories, List.of(), m.clocking());
    }
}
