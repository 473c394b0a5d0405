/**
 * Logic-network hardware: and-inverter graphs ({@code shears.rtl.aig.Aig}) as combinational
 * modules, with BLIF-style bit names ({@code a[3]}) grouped into Verilog buses.
 * <p>Layer: may import {@code shears.rtl.aig}, {@code shears.models.logicnet},
 * {@code shears.rtl.hdl}, {@code shears.rtl.ir}, {@code shears.sim}.
 */
package shears.accelerators.logic;
