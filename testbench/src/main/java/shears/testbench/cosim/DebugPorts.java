package shears.testbench.cosim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Identifiers;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.rtl.ir.OutputPort;

/**
 * Exposes every register of a flat netlist as an extra output port {@code dbg_<name>}, so
 * co-simulation can compare internal state, not only the ports, cycle by cycle.
 */
public final class DebugPorts {
    private DebugPorts() {}

    public static Netlist expose(Netlist netlist) {
        Netlist flat = netlist.flatten();
        NetlistModule m = flat.top();
        Set<String> used = new HashSet<>();
        for (Cell c : m.cells()) {
            if (c.name() != null) {
                used.add(c.name());
            }
        }
        m.outputs().forEach(o -> used.add(o.name()));
        m.memories().forEach(mem -> used.add(mem.name()));
        List<OutputPort> outs = new ArrayList<>(m.outputs());
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            if (c.op() != Op.REG) {
                continue;
            }
            String base = "dbg_"
                    + (c.name() == null ? "n" + i : c.name().replace(".", "_").replaceAll("_+", "_"));
            String name = base;
            for (int k = 2; used.contains(name) || Identifiers.problem(name) != null; k++) {
                name = base + "_" + k;
            }
            used.add(name);
            outs.add(new OutputPort(name, i));
        }
        return Netlist.of(new NetlistModule(m.name(), m.cells(), outs, m.memories(), List.of(), m.clocking()));
    }
}
