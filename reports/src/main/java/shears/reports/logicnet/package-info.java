/**
 * The {@code logicnet} comparison flow: a logic-gate network trained on MONK-like data, pruned
 * by SAT sweeping, similarity merging and the greedy constant baseline to gate budgets, generated
 * as a classifier, estimated and simulated on the test set.
 */
package shears.reports.logicnet;
