/**
 * The built-in FIR comparison flow (taps as weights) that exercises the comparison path end to end.
 * <p>Layer: may import {@code shears.reports}, {@code shears.reports.measure},
 * {@code shears.rtl.estimate}, {@code shears.rtl.examples}, {@code shears.rtl.ir},
 * {@code shears.rtl.pass}, {@code shears.sim.power}.
 */
package shears.reports.fir;
