/**
 * The {@code logicnet} comparison flow: a logic-gate network trained on MONK-like data, pruned
 * by SAT sweeping, similarity merging and the greedy constant baseline to gate budgets, generated
 * as a classifier, estimated and simulated on the test set; and the evaluator a hardware-aware
 * search measures its candidates with.
 * <p>Layer: may import {@code shears.accelerators.logic}, {@code shears.models.data},
 * {@code shears.rtl.aig}, {@code shears.models.logicnet}, {@code shears.reports},
 * {@code shears.reports.measure}, {@code shears.reports.search}, {@code shears.rtl.estimate}, {@code shears.rtl.ir},
 * {@code shears.rtl.pass}, {@code shears.sim}, {@code shears.sim.power}.
 */
package shears.reports.logicnet;
