/**
 * Logic-network hardware: and-inverter graphs ({@code shears.models.logic.Aig}) as combinational
 * modules, with BLIF-style bit names ({@code a[3]}) grouped into Verilog buses.
 */
package shears.accelerators.logic;
