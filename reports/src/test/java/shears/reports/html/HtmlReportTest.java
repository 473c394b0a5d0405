package shears.reports.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shears.reports.ComparisonRun;
import shears.reports.PointResult;

class HtmlReportTest {
    private static ComparisonRun.Row row(String s, double sp, double area, double snr) {
        return new ComparisonRun.Row(
                new ComparisonRun.Point(s, sp, Map.of("width", 8)),
                new PointResult(2, 100, 50, area, 10, 5, 8, 1, area / 1000, 1, 64, 0, Map.of("snrDb", snr)));
    }

    @Test
    void paretoFrontKeepsOnlyUndominatedPoints() {
        SvgScatter s = new SvgScatter("t", "x", "y", true);
        List<SvgScatter.Point> f = s.front(List.of(
                new SvgScatter.Point(1, 1, "a"),
                new SvgScatter.Point(2, 3, "b"),
                new SvgScatter.Point(3, 2, "c"),
                new SvgScatter.Point(4, 5, "d")));
        assertEquals(
                List.of("a", "b", "d"), f.stream().map(SvgScatter.Point::label).toList());
    }

    @ParameterizedTest(name = "{0}..{1}")
    @CsvSource({
        // data range, then the axis and its labels
        "794.5, 5415, 0, 6000, 1000, 0 1000 2000 3000 4000 5000 6000",
        "-1.912, 25.79, -5, 30, 5, -5 0 5 10 15 20 25 30",
        "0.4061, 2.778, 0, 3, 0.5, 0 0.5 1.0 1.5 2.0 2.5 3.0",
        "612000, 705000, 600000, 720000, 20000, 600k 620k 640k 660k 680k 700k 720k",
        "2, 2, 1.7, 2.3, 0.1, 1.7 1.8 1.9 2.0 2.1 2.2 2.3",
    })
    void axesRunOnRoundNumbersAroundTheData(double lo, double hi, double min, double max, double step, String labels) {
        SvgScatter.Axis a = SvgScatter.Axis.of(lo, hi);
        assertEquals(min, a.min(), 1e-9 * Math.abs(step));
        assertEquals(max, a.max(), 1e-9 * Math.abs(step));
        assertEquals(step, a.step(), 1e-12 * step);
        assertEquals(
                labels,
                java.util.stream.IntStream.rangeClosed(0, a.intervals())
                        .mapToObj(i -> a.label(a.tick(i)))
                        .collect(java.util.stream.Collectors.joining(" ")));
        assertTrue(a.min() < Math.min(lo, hi) && a.max() > Math.max(lo, hi), "data strictly inside the frame");
    }

    @Test
    void reportHasFourPlotsTheTableAndTheCommand() {
        String html = HtmlReport.render(
                "fir",
                "shears compare --flow fir --out x",
                List.of(row("magnitude", 0.5, 1000, 20), row("magnitude", 0.75, 500, 10), row("random", 0.5, 900, 3)));
        assertEquals(4, html.split("<svg ", -1).length - 1, "accuracy vs area, power and storage; latency vs area");
        assertTrue(!html.contains("PE utilisation vs"), "no utilisation plot for flows without the metric");
        assertTrue(html.contains("<code>shears compare --flow fir --out x</code>"));
        assertEquals(3, html.split("<tr><td>", -1).length - 1, "one table row per point");
        assertTrue(html.contains("stroke-dasharray"), "Pareto front drawn");
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.endsWith("</html>\n"));
    }

    @Test
    void noStoragePlotWhenTheFlowStoresNoParameters() {
        ComparisonRun.Row gates = new ComparisonRun.Row(
                new ComparisonRun.Point("sat", 0.5, Map.of()),
                new PointResult(1, 100, 50, 900, 10, 5, 8, 0, 0.9, 1, 0, 0, Map.of("testAccuracy", 0.9)));
        String html = HtmlReport.render("logicnet", "shears compare --flow logicnet --out x", List.of(gates));
        assertEquals(3, html.split("<svg ", -1).length - 1, "accuracy vs area and power; latency vs area");
        assertTrue(!html.contains("vs parameter storage"), "no storage plot");
    }

    @Test
    void yosysErrorsAppearAsTableColumns() {
        ComparisonRun.Row r = row("magnitude", 0.5, 1000, 20);
        ComparisonRun.Row withErrors = new ComparisonRun.Row(
                r.point(),
                r.result().withYosysErrors(new java.util.LinkedHashMap<>(java.util.Map.of("yosysLut6ErrPct", 12.5))));
        String html = HtmlReport.render("fir", "shears compare --flow fir --yosys --out x", List.of(withErrors));
        assertTrue(html.contains("<th>Lut6 error vs Yosys %</th>"), html);
        assertTrue(html.contains("<td>+12.5</td>"), html);
    }
}
