/**
 * Lockstep co-simulation of a Java engine against Verilator: per-cycle comparison of every output
 * (optionally every register through generated debug ports), first-mismatch reports and VCD windows.
 * <p>May import the netlist IR, sim and {@code shears.testbench.verilator}; not the HDL front end.
 */
package shears.testbench.cosim;
