/**
 * Hardware-aware pruning search: NSGA-II (MOEA Framework) over per-layer sparsity, strategy and
 * PE count, with objectives taken from a flow's own measurement (simulated RTL, estimator), a
 * journal that caches and resumes evaluations, and a report of the front beside the
 * uniform-sparsity grid. Flows plug in through {@link shears.reports.search.HardwareSearch.Evaluator}.
 * <p>Layer: may import {@code shears.reports}, {@code shears.reports.html}.
 */
package shears.reports.search;
