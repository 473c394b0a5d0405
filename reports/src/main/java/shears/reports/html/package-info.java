/**
 * The self-contained HTML report with inline SVG Pareto plots.
 * <p>Imports only {@code shears.reports}.
 */
package shears.reports.html;
