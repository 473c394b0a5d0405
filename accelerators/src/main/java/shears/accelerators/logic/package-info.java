/**
 * Logic-network hardware: and-inverter graphs ({@code shears.models.logic.Aig}) as combinational
 * modules, with BLIF-style bit names ({@code a[3]}) grouped into Verilog buses.
 * <p>Layer: may import {@code shears.models.logic}, {@code shears.models.logicnet},
 * {@code shears.rtl.hdl}, {@code shears.rtl.ir}, {@code shears.sim}.
 */
package shears.accelerators.logic;
