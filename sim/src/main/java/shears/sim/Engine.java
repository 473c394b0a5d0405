package shears.sim;

import java.util.Locale;
import shears.rtl.ir.Netlist;
import shears.sim.compiled.CompiledSimulator;
import shears.sim.interp.Interpreter;

/** The Java simulation engines: the reference interpreter and the compiled engine. */
public enum Engine implements SimEngine {
    INTERP,
    COMPILED;

    /** A simulator of {@code netlist} (flattened here if it has hierarchy). */
    @Override
    public Simulator create(Netlist netlist, SimOptions options) {
        Netlist flat = netlist.flatten();
        return switch (this) {
            case INTERP -> new Interpreter(flat, options);
            case COMPILED -> new CompiledSimulator(flat, options);
        };
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
