package shears.reports.search;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import shears.reports.ComparisonRun;
import shears.reports.CsvReport;
import shears.reports.html.SvgScatter;

/** The files of a search: every measured design, the grid, the front (CSV), and the report (HTML, inline SVG). */
public final class SearchReport {
    private SearchReport() {}

    /** File name to content. */
    public static Map<String, String> files(
            String flow, String command, SearchSpace space, HardwareSearch.Settings s, HardwareSearch.Result r)
            throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put("search.csv", CsvReport.format(rows(r.searched())));
        files.put("grid.csv", CsvReport.format(rows(r.grid())));
        files.put("front.csv", CsvReport.format(rows(r.front())));
        files.put("report.html", html(flow, command, space, s, r));
        return files;
    }

    private static List<ComparisonRun.Row> rows(List<HardwareSearch.Evaluated> e) {
        return e.stream().map(HardwareSearch.Evaluated::row).toList();
    }

    /** One line for the terminal: the front against the grid. */
    public static String summary(HardwareSearch.Settings s, HardwareSearch.Result r) {
        return String.format(
                Locale.ROOT,
                "%d designs searched (%d measured now, %d from the journal), front of %d; it dominates %d of "
                        + "the %d uniform-grid points and equals %d more; hypervolume %.4f (the grid's %.4f)",
                r.searched().size(),
                r.evaluations(),
                r.resumed(),
                r.front().size(),
                r.gridDominated(),
                r.grid().size(),
                r.gridMatched(),
                r.hypervolume(),
                r.gridHypervolume());
    }

    private static String html(
            String flow, String command, SearchSpace space, HardwareSearch.Settings s, HardwareSearch.Result r) {
        Objective acc = s.objectives().get(0);
        StringBuilder sb = new StringBuilder(shears.reports.html.HtmlReport.start(
                "Shears search: " + flow, "Hardware-aware pruning search: " + flow, command));
        sb.append("<p>NSGA-II, population ")
                .append(s.population())
                .append(", seed ")
                .append(s.seed())
                .append("; objectives ")
                .append(SvgScatter.esc(
                        s.objectives().stream().map(Objective::label).toList().toString()))
                .append("; per-layer sparsity steps ")
                .append(SvgScatter.esc(java.util.Arrays.toString(space.steps())))
                .append(" over layers ")
                .append(SvgScatter.esc(space.layers().toString()))
                .append(".</p>\n");
        sb.append("<p>").append(SvgScatter.esc(summary(s, r))).append("</p>\n<div class=\"plots\">\n");
        for (Objective o : s.objectives().subList(1, s.objectives().size())) {
            SvgScatter plot = new SvgScatter(acc.label() + " vs " + o.label(), o.label(), acc.label(), acc.maximise());
            add(plot, "uniform grid", r.grid(), space, o, acc);
            add(plot, "searched", r.searched(), space, o, acc);
            add(plot, "search front", r.front(), space, o, acc);
            sb.append(plot.render());
        }
        sb.append("</div>\n");
        if (r.chosen() != null) {
            sb.append("<h2>Chosen design (dominates the most grid points)</h2>\n");
            sb.append(table(List.of(r.chosen()), space, s));
        }
        sb.append("<h2>Search front</h2>\n").append(table(r.front(), space, s));
        sb.append("<h2>Uniform grid</h2>\n").append(table(r.grid(), space, s));
        return sb.append("</body></html>\n").toString();
    }

    private static void add(
            SvgScatter plot,
            String series,
            List<HardwareSearch.Evaluated> points,
            SearchSpace space,
            Objective x,
            Objective y) {
        for (HardwareSearch.Evaluated e : points) {
            plot.add(
                    series,
                    new SvgScatter.Point(
                            x.value(e.row().result()),
                            y.value(e.row().result()),
                            e.row().point().strategy() + " " + knobText(e.candidate()) + " "
                                    + java.util.Arrays.toString(e.candidate().layerSparsity())));
        }
    }

    /** The design's knobs as {@code name=value} pairs. */
    public static String knobText(Candidate c) {
        StringBuilder sb = new StringBuilder();
        c.knobs()
                .forEach((k, v) ->
                        sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String table(List<HardwareSearch.Evaluated> rows, SearchSpace space, HardwareSearch.Settings s) {
        StringBuilder sb = new StringBuilder("<table>\n<tr><th>strategy</th>");
        space.knobs()
                .forEach(k -> sb.append("<th>").append(SvgScatter.esc(k.name())).append("</th>"));
        space.layers().forEach(l -> sb.append("<th>").append(SvgScatter.esc(l)).append(" sparsity</th>"));
        s.objectives()
                .forEach(
                        o -> sb.append("<th>").append(SvgScatter.esc(o.label())).append("</th>"));
        sb.append("</tr>\n");
        for (HardwareSearch.Evaluated e : rows) {
            sb.append("<tr><td>")
                    .append(SvgScatter.esc(e.candidate().strategy()))
                    .append("</td>");
            e.candidate()
                    .knobs()
                    .values()
                    .forEach(v -> sb.append("<td>").append(v).append("</td>"));
            for (double v : e.candidate().layerSparsity()) {
                sb.append("<td>").append(String.format(Locale.ROOT, "%.3f", v)).append("</td>");
            }
            for (Objective o : s.objectives()) {
                sb.append("<td>")
                        .append(String.format(
                                Locale.ROOT, "%.4g", o.value(e.row().result())))
                        .append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }
}
