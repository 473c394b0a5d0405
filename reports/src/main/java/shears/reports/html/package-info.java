/**
 * The self-contained HTML report with inline SVG Pareto plots.
 * <p>Layer: may import {@code shears.reports}.
 */
package shears.reports.html;
