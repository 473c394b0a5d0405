/**
 * Power estimation from simulated toggle activity and per-gate-equivalent energy figures.
 * <p>Reads the netlist IR, the area estimator's per-cell gate equivalents and sim toggle counts.
 * <p>Layer: may import {@code shears.rtl.estimate}, {@code shears.rtl.ir}, {@code shears.sim}.
 */
package shears.sim.power;
