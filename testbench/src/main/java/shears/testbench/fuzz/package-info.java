/**
 * Differential fuzzing: seeded random designs through lint, both Java engines, Verilator and Icarus
 * Verilog, with shrinking of any disagreement to a small reproducer.
 * <p>Builds designs with the example generators; compares through sim and the Verilator bridge.
 * <p>Layer: may import {@code shears.rtl.emit}, {@code shears.rtl.examples}, {@code shears.rtl.ir},
 * {@code shears.rtl.pass}, {@code shears.rtl.util}, {@code shears.sim}, {@code shears.sim.bits},
 * {@code shears.testbench.verilator}.
 */
package shears.testbench.fuzz;
