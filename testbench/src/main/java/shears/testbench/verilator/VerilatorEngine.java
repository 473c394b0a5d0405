package shears.testbench.verilator;

import java.util.Optional;
import shears.rtl.ir.Netlist;
import shears.rtl.util.ExternalTools;
import shears.sim.SimEngine;
import shears.sim.SimOptions;
import shears.sim.Simulator;

/** Verilator as a {@link SimEngine}, found by {@link shears.sim.Engines} through the service loader. */
public final class VerilatorEngine implements SimEngine {
    @Override
    public String cliName() {
        return "verilator";
    }

    @Override
    public Simulator create(Netlist netlist, SimOptions options) {
        return new VerilatorSimulator(netlist, options);
    }

    @Override
    public Optional<String> unavailableReason() {
        return ExternalTools.available("verilator")
                ? Optional.empty()
                : Optional.of("needs verilator on the PATH (Debian package: verilator)");
    }
}
