/**
 * Cycle-accurate simulation of a flat {@link shears.rtl.ir.Netlist}: the {@link shears.sim.Simulator}
 * interface and its two-phase semantics, shared engine plumbing (ports, batched runs, toggles,
 * VCD hooks), stimulus, digests, the run driver, and the engine registry ({@link shears.sim.Engines}:
 * the Java engines here, others as {@link shears.sim.SimEngine} service providers).
 * <p>Reads only the netlist IR from rtl-gen: never the front end ({@code shears.rtl.hdl}), so both
 * engines see exactly what the emitter sees.
 * <p>Layer: may import {@code shears.rtl.ir}, {@code shears.sim.bits}, {@code shears.sim.compiled},
 * {@code shears.sim.interp}, {@code shears.sim.vcd}.
 */
package shears.sim;
