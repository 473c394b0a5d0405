/**
 * The reference interpreter engine: clear, per-cell interpretation of the levelised netlist.
 * <p>May import {@code shears.sim}, {@code shears.sim.bits} and the netlist IR only.
 */
package shears.sim.interp;
