/**
 * The reference interpreter engine: clear, per-cell interpretation of the levelised netlist.
 * <p>Layer: may import {@code shears.rtl.ir}, {@code shears.sim}, {@code shears.sim.bits}.
 */
package shears.sim.interp;
