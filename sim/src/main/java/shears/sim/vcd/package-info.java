/**
 * IEEE 1364 VCD waveform writing for simulations.
 * <p>Layer: may import {@code shears.rtl.ir}, {@code shears.sim}.
 */
package shears.sim.vcd;
