package shears.sim;

import shears.rtl.ir.Netlist;
import shears.sim.compiled.CompiledSimulator;
import shears.sim.interp.Interpreter;

import java.util.Locale;

/** The Java simulation engines, by the names the CLI uses. */
public enum Engine {
    INTERP, COMPILED;

    /** A simulator of {@code netlist} (flattened here if it has hierarchy). */
    public Simulator create(Netlist netlist, SimOptions options) {
        Netlist flat = netlist.flatten();
        return switch (this) {
            case INTERP -> new Interpreter(flat, options);
            case COMPILED -> new CompiledSimulator(flat, options);
        };
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Engine parse(String s) {
        for (Engine e : values()) {
            if (e.cliName().equals(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + s + "' (known: interp, compiled)");
    }
}
