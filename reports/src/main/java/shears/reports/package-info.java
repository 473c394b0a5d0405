/**
 * Pruning comparisons: the {@link shears.reports.PruningStrategy} and {@link shears.reports.Flow}
 * interfaces the accelerator generators implement, the parallel, resumable grid runner, and CSV
 * output (Apache Commons CSV).
 * <p>May import rtl-gen, sim and models; nothing but cli imports it.
 */
package shears.reports;
