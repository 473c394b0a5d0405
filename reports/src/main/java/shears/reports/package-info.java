/**
 * Pruning comparisons: the {@link shears.reports.PruningStrategy} and {@link shears.reports.Flow}
 * interfaces the accelerator generators implement, the parallel grid runner, its journal (one line
 * per finished point, forced to disk, headed by the inputs that decide the figures, so a run resumes
 * after an interrupt and refuses a journal of other inputs), and CSV output (Apache Commons CSV).
 * <p>Layer: may import {@code shears.reports.fir}, {@code shears.reports.hsi}, {@code shears.reports.logicnet},
 * {@code shears.reports.raman}, {@code shears.reports.search}, {@code shears.rtl.estimate}, {@code shears.rtl.ir},
 * {@code shears.rtl.util}.
 */
package shears.reports;
