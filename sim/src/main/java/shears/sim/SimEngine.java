package shears.sim;

import java.util.Optional;
import shears.rtl.ir.Netlist;

/**
 * A simulation engine as commands and flows choose it, by name. {@code sim} provides the two Java
 * engines ({@link Engine}); other modules add theirs as {@link java.util.ServiceLoader} providers of
 * this interface ({@code testbench} adds Verilator), and {@link Engines} lists them all.
 */
public interface SimEngine {
    /** The name users type ({@code interp}, {@code compiled}, {@code verilator}). */
    String cliName();

    /** A simulator of {@code netlist}. */
    Simulator create(Netlist netlist, SimOptions options);

    /** Why the engine cannot run on this machine (a tool missing from the PATH), or empty when it can. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /** Whether the engine runs in this JVM (no native build); such engines can also trace to VCD. */
    default boolean inProcess() {
        return false;
    }
}
