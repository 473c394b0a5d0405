/**
 * Verilator through JNA: builds a Verilated shared object per netlist (cached by content hash) with a
 * generated flat C API, loads private copies (RTLD_LOCAL) so any number of models share a JVM, and
 * exposes them as a {@link shears.sim.Simulator}. Calls go through one direct-mapped trampoline
 * class; batches of cycles run inside a single native call. {@link shears.testbench.verilator.VerilatorEngine}
 * is the {@code verilator} engine of {@link shears.sim.Engines} (a service provider).
 * <p>Reads the netlist IR, the emitter and the sim interfaces; must not import the HDL front end.
 * <p>Layer: may import {@code shears.rtl.emit}, {@code shears.rtl.ir}, {@code shears.rtl.util},
 * {@code shears.sim}, {@code shears.sim.bits}, {@code shears.sim.vcd}.
 */
package shears.testbench.verilator;
