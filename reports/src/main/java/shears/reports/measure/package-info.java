/**
 * The measuring layer: {@link shears.reports.measure.OperatingPoint} (declared and validated once) and
 * {@link shears.reports.measure.Measure}, the one recipe that turns a flat netlist into an estimate,
 * simulated activity and power. Every flow and every command that reports area or power goes through it.
 * <p>Layer: may import {@code shears.rtl.estimate}, {@code shears.rtl.ir}, {@code shears.sim},
 * {@code shears.sim.power}.
 */
package shears.reports.measure;
