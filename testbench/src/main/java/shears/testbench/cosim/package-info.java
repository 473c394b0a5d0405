/**
 * Lockstep co-simulation of a Java engine against Verilator: per-cycle comparison of every output
 * (optionally every register through generated debug ports), first-mismatch reports and VCD windows.
 * <p>Layer: may import {@code shears.rtl.ir}, {@code shears.sim}, {@code shears.sim.vcd},
 * {@code shears.testbench.verilator}.
 */
package shears.testbench.cosim;
