/**
 * IEEE 1364 VCD waveform writing for simulations.
 * <p>May import {@code shears.sim} state and the netlist IR only.
 */
package shears.sim.vcd;
