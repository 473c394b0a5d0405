/**
 * Differential fuzzing: seeded random designs through lint, both Java engines, Verilator and Icarus
 * Verilog, with shrinking of any disagreement to a small reproducer.
 * <p>Builds designs with the example generators; compares through sim and the Verilator bridge.
 */
package shears.testbench.fuzz;
