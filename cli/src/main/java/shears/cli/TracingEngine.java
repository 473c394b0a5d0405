package shears.cli;

import java.io.Writer;
import shears.rtl.ir.Netlist;
import shears.sim.SimEngine;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.vcd.VcdWriter;

/** An in-process engine whose simulators also write a VCD ({@code --vcd}) of what they simulate. */
record TracingEngine(SimEngine inner, Writer vcd) implements SimEngine {
    @Override
    public String cliName() {
        return inner.cliName();
    }

    @Override
    public Simulator create(Netlist netlist, SimOptions options) {
        Simulator s = inner.create(netlist, options);
        s.traceTo(new VcdWriter(vcd, netlist.flatten()));
        return s;
    }

    @Override
    public boolean inProcess() {
        return inner.inProcess();
    }
}
