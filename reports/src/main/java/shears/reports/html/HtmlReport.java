package shears.reports.html;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import shears.reports.ComparisonRun;
import shears.reports.PointResult;

/**
 * A self-contained HTML page: the command line, Pareto plots (inline SVG: accuracy vs area, power and
 * storage where the flow stores parameters, latency vs area, and PE utilisation vs storage for flows that
 * report it) and the table.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** The page's head and style, its heading and the command it came from: every Shears report starts so. */
    public static String start(String title, String heading, String commandLine) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + SvgScatter.esc(title)
                + "</title>\n<style>body{font-family:sans-serif;margin:24px}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                + "th{background:#f4f4f4}.plots{display:flex;flex-wrap:wrap;gap:12px}</style></head><body>\n"
                + "<h1>" + SvgScatter.esc(heading) + "</h1>\n<p>Command: <code>" + SvgScatter.esc(commandLine)
                + "</code></p>\n";
    }

    public static String render(String flow, String commandLine, List<ComparisonRun.Row> rows) {
        return render(flow, commandLine, rows, p -> Map.of());
    }

    /** As above, with each point's pictures (PNG, embedded) after the table. */
    public static String render(
            String flow,
            String commandLine,
            List<ComparisonRun.Row> rows,
            java.util.function.Function<ComparisonRun.Point, Map<String, byte[]>> pictures) {
        String metric = rows.isEmpty() || rows.get(0).result().accuracy().isEmpty()
                ? null
                : rows.get(0).result().accuracy().keySet().iterator().next();
        SvgScatter accArea = new SvgScatter(metric + " vs area", "area (um2, 65 nm)", metric, true);
        SvgScatter accPower = new SvgScatter(metric + " vs power", "power (uW)", metric, true);
        SvgScatter latArea = new SvgScatter("latency vs area", "area (um2, 65 nm)", "latency (cycles)", false);
        SvgScatter accStorage =
                new SvgScatter(metric + " vs parameter storage", "storage (bits, weights + indices)", metric, true);
        boolean util = !rows.isEmpty() && rows.get(0).result().accuracy().containsKey("peUtilisation");
        SvgScatter utilStorage = new SvgScatter(
                "PE utilisation vs parameter storage", "storage (bits, weights + indices)", "PE utilisation", true);
        for (ComparisonRun.Row r : rows) {
            PointResult x = r.result();
            String label = "sparsity " + r.point().sparsity() + " " + r.point().paramsText();
            double acc = metric == null ? 0 : x.accuracy().get(metric);
            accArea.add(r.point().strategy(), new SvgScatter.Point(x.areaUm2(), acc, label));
            accPower.add(r.point().strategy(), new SvgScatter.Point(x.powerUw(), acc, label));
            latArea.add(r.point().strategy(), new SvgScatter.Point(x.areaUm2(), x.cycles(), label));
            accStorage.add(r.point().strategy(), new SvgScatter.Point(x.storageBits(), acc, label));
            if (util) {
                utilStorage.add(
                        r.point().strategy(),
                        new SvgScatter.Point(x.storageBits(), x.accuracy().get("peUtilisation"), label));
            }
        }
        StringBuilder sb =
                new StringBuilder(start("Shears comparison: " + flow, "Pruning comparison: " + flow, commandLine));
        sb.append("<p>Dashed lines: Pareto front of each strategy (lower area/power better; higher ")
                .append(SvgScatter.esc(String.valueOf(metric)))
                .append(" better).</p>\n<div class=\"plots\">\n");
        sb.append(accArea.render()).append(accPower.render()).append(latArea.render());
        // Flows without stored parameters (logic-gate networks) would plot every point at zero storage.
        if (rows.stream().anyMatch(r -> r.result().storageBits() > 0)) {
            sb.append(accStorage.render());
        }
        if (util) {
            sb.append(utilStorage.render());
        }
        sb.append("</div>\n");
        sb.append("<h2>All points</h2>\n<table>\n<tr><th>strategy</th><th>sparsity</th><th>params</th><th>cycles</th>"
                + "<th>Fmax MHz</th><th>iCE40 Fmax MHz</th><th>area um2</th><th>LUT4</th><th>LUT6</th><th>FF</th><th>DSP</th><th>power uW</th>"
                + "<th>energy/inference pJ</th><th>storage bits</th><th>index bits</th>");
        if (!rows.isEmpty()) {
            for (String k : rows.get(0).result().accuracy().keySet()) {
                sb.append("<th>").append(SvgScatter.esc(k)).append("</th>");
            }
            // estimator-versus-Yosys errors, when the run cross-checked (compare --yosys)
            for (String k : rows.get(0).result().yosysErrorsPct().keySet()) {
                sb.append("<th>")
                        .append(SvgScatter.esc(k.replaceFirst("^yosys", "").replaceFirst("ErrPct$", "")))
                        .append(" error vs Yosys %</th>");
            }
        }
        sb.append("</tr>\n");
        for (ComparisonRun.Row r : rows) {
            PointResult x = r.result();
            sb.append("<tr><td>")
                    .append(SvgScatter.esc(r.point().strategy()))
                    .append("</td><td>")
                    .append(r.point().sparsity())
                    .append("</td><td>")
                    .append(SvgScatter.esc(r.point().paramsText()))
                    .append("</td><td>")
                    .append(x.cycles())
                    .append("</td><td>")
                    .append(f(x.fmaxMhz()))
                    .append("</td><td>")
                    .append(f(x.fmaxIce40Mhz()))
                    .append("</td><td>")
                    .append(f(x.areaUm2()))
                    .append("</td><td>")
                    .append(x.lut4())
                    .append("</td><td>")
                    .append(x.lut6())
                    .append("</td><td>")
                    .append(x.ff())
                    .append("</td><td>")
                    .append(x.dsp())
                    .append("</td><td>")
                    .append(f(x.powerUw()))
                    .append("</td><td>")
                    .append(f(x.energyPerInferencePj()))
                    .append("</td><td>")
                    .append(x.storageBits())
                    .append("</td><td>")
                    .append(x.indexBits())
                    .append("</td>");
            for (Map.Entry<String, Double> a : x.accuracy().entrySet()) {
                sb.append("<td>").append(f(a.getValue())).append("</td>");
            }
            for (String k : rows.get(0).result().yosysErrorsPct().keySet()) {
                Double e = x.yosysErrorsPct().get(k);
                sb.append("<td>")
                        .append(e == null ? "" : String.format(Locale.ROOT, "%+.1f", e))
                        .append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
        pictures(sb, rows, pictures);
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void pictures(
            StringBuilder sb,
            List<ComparisonRun.Row> rows,
            java.util.function.Function<ComparisonRun.Point, Map<String, byte[]>> pictures) {
        boolean heading = false;
        for (ComparisonRun.Row r : rows) {
            Map<String, byte[]> pics = pictures.apply(r.point());
            if (pics.isEmpty()) {
                continue;
            }
            if (!heading) {
                sb.append("<h2>Pictures</h2>\n");
                heading = true;
            }
            sb.append("<div class=\"plots\">");
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(pics).entrySet()) {
                String caption = r.point().strategy() + ", sparsity "
                        + r.point().sparsity() + " " + r.point().paramsText() + ": " + e.getKey();
                sb.append("<figure><img alt=\"")
                        .append(SvgScatter.esc(caption))
                        .append("\" src=\"data:image/png;base64,")
                        .append(java.util.Base64.getEncoder().encodeToString(e.getValue()))
                        .append("\"><figcaption>")
                        .append(SvgScatter.esc(caption))
                        .append("</figcaption></figure>");
            }
            sb.append("</div>\n");
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
