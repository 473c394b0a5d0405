/**
 * Pruning comparisons: the {@link shears.reports.PruningStrategy} and {@link shears.reports.Flow}
 * interfaces the accelerator generators implement, the parallel grid runner, its journal (one line
 * per finished point, forced to disk, headed by the inputs that decide the figures, so a run resumes
 * after an interrupt and refuses a journal of other inputs), and CSV output (Apache Commons CSV).
 * <p>May import rtl-gen, sim and models; nothing but cli imports it.
 */
package shears.reports;
