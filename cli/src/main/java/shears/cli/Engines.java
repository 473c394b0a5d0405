package shears.cli;

import shears.rtl.ir.Netlist;
import shears.sim.Engine;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.testbench.verilator.VerilatorSimulator;

/** Engine names as the CLI knows them: the Java engines plus Verilator. */
final class Engines {
    private Engines() {
    }

    /** Fails fast, before any work, on an unknown engine name or on verilator missing from the PATH. */
    static void check(String name) {
        if (!name.equals("verilator") && !name.equals("interp") && !name.equals("compiled")) {
            throw new UserException("unknown engine '" + name + "' (known: interp, compiled, verilator)");
        }
        if (name.equals("verilator") && !shears.rtl.util.ExternalTools.available("verilator")) {
            throw new UserException("--engine verilator needs verilator on the PATH (Debian package: verilator)");
        }
    }

    static Simulator create(String name, Netlist netlist, SimOptions options) {
        check(name);
        if (name.equals("verilator")) {
            return new VerilatorSimulator(netlist, options);
        }
        try {
            return Engine.parse(name).create(netlist, options);
        } catch (IllegalArgumentException e) {
            throw new UserException("unknown engine '" + name + "' (known: interp, compiled, verilator)");
        }
    }
}
