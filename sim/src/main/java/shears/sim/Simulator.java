package shears.sim;

import java.math.BigInteger;
import shears.rtl.ir.Clocking;
import shears.rtl.ir.Netlist;

/**
 * Cycle-accurate simulation of a {@link Netlist}, one implementation per engine, all with the same
 * observable behaviour.
 *
 * <h2>Two-phase semantics</h2>
 * A cycle is: (1) <b>settle</b> — evaluate every combinational cell, in dependency order, from the
 * current inputs, register values and memory read-port registers; (2) <b>sample</b> — outputs,
 * toggle counts and waveforms are taken from these settled values; (3) <b>edge</b> — every register
 * computes its next value (reset if its reset input is 1, else the data input if its enable is 1 or
 * absent, else hold), every memory read port latches {@code mem[addr]} (old data on a same-cycle
 * write; 0 beyond the depth) when enabled, every write port stores when enabled — all from the
 * settled values, then all are committed at once. Registers, read ports and RAM contents start at 0
 * (ROM at its contents). {@link #peek} always returns settled values for the current inputs.
 *
 * <p>Values are unsigned bit patterns of the port width; {@code long} covers widths to 64, the
 * {@link BigInteger} forms any width. Poking a value that does not fit the port is an error.
 */
public interface Simulator extends AutoCloseable {
    /** "interp", "compiled", ... */
    String engine();

    /** The flat netlist being simulated. */
    Netlist netlist();

    void poke(String port, long value);

    void poke(String port, BigInteger value);

    /** Value of an input or output port (width &le; 64). */
    long peek(String port);

    BigInteger peekBig(String port);

    /** One clock cycle: settle, sample, edge. */
    void step();

    void step(long cycles);

    /**
     * Asserts the top's reset input for one cycle, then releases it; does nothing if there is none.
     * The input and its polarity are the top's {@link shears.rtl.ir.NetlistModule#clocking() clocking}.
     */
    default void reset() {
        Clocking clocking = netlist().top().clocking();
        if (netlist().top().inputNet(clocking.reset()) < 0) {
            return;
        }
        poke(clocking.reset(), clocking.resetAsserted());
        step();
        poke(clocking.reset(), clocking.resetReleased());
    }

    /** Cycles stepped so far. */
    long cycle();

    /**
     * Batched run: for each cycle of {@code stimulus}, apply its inputs, settle, hand the packed output
     * words to {@code sink} (may be null), edge.
     */
    void run(Stimulus stimulus, OutputSink sink);

    /** Per-net toggle counts since creation, if enabled in {@link SimOptions}. */
    ToggleCounts toggles();

    /** Starts writing a VCD of every named net and port from the next sample on. */
    void traceTo(shears.sim.vcd.VcdWriter writer);

    @Override
    void close();
}
