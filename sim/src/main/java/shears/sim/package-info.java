/**
 * Cycle-accurate simulation of a flat {@link shears.rtl.ir.Netlist}: the {@link shears.sim.Simulator}
 * interface and its two-phase semantics, shared engine plumbing (ports, batched runs, toggles,
 * VCD hooks), stimulus, digests and the run driver.
 * <p>Reads only the netlist IR from rtl-gen: never the front end ({@code shears.rtl.hdl}), so both
 * engines see exactly what the emitter sees.
 */
package shears.sim;
