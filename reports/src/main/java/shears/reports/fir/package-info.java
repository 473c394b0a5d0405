/**
 * The built-in FIR comparison flow (taps as weights) that exercises the comparison path end to end.
 * <p>Uses the example FIR generator, the estimators and the simulator.
 */
package shears.reports.fir;
