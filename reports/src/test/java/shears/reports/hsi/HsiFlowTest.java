package shears.reports.hsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import shears.models.hsi.HsiExperiment;
import shears.models.hsi.Preprocess;
import shears.models.hsi.UNet;
import shears.reports.ComparisonRun;
import shears.reports.Flow;
import shears.reports.PointResult;
import shears.reports.PruningStrategy;
import shears.reports.html.HtmlReport;

/** The hsi flow on a briefly trained deployable U-Net: every point's hardware labels equal the golden model's (else evaluate throws). */
class HsiFlowTest {
    @Test
    void shrunkModelsFoldToFewerMultipliersAtTheSameFrameRate() {
        HsiFlow flow = new HsiFlow(
                "hsi (test)",
                seed -> new HsiExperiment.Settings(
                        UNet.deployable(), 4, 2, 32, 64, Preprocess.Norm.L1, 1, 4, 3e-3, seed),
                1,
                64,
                128);
        HsiFlow.Model base = flow.baseModel(1);
        Map<String, Integer> params = Map.of("fps", 300);
        PointResult dense = point(flow, base, "dense", 0, params);
        PointResult filters = point(flow, base, "filters", 0.5, params);
        for (PointResult r : new PointResult[] {dense, filters}) {
            assertTrue(r.accuracy().get("fps") >= 300, "the auto-folder meets 300 fps on the frame: " + r.accuracy());
            assertTrue(r.powerUw() > 0 && r.energyPerInferencePj() > 0);
        }
        assertTrue(
                filters.accuracy().get("macsPerFrame") < dense.accuracy().get("macsPerFrame") / 3,
                "half the filters: about a quarter of the MACs");
        assertTrue(filters.accuracy().get("multipliers") < dense.accuracy().get("multipliers"));
        Map<String, byte[]> pics = flow.pictures(new ComparisonRun.Point("filters", 0.5, params));
        assertEquals(java.util.Set.of("window 0, hardware labels", "window 0, ground truth"), pics.keySet());
        String html = HtmlReport.render(
                "hsi",
                "compare --flow hsi",
                java.util.List.of(new ComparisonRun.Row(new ComparisonRun.Point("filters", 0.5, params), filters)),
                flow::pictures);
        assertTrue(
                html.contains(
                        "<img alt=\"filters, sparsity 0.5 fps=300: window 0, hardware labels\" src=\"data:image/png;base64,iVBOR"),
                html);
        PruningStrategy.Pruned<HsiFlow.Model> int4 = flow.strategies().stream()
                .filter(x -> x.name().equals("int4"))
                .findFirst()
                .orElseThrow()
                .prune(base, 0, 1);
        assertEquals(dense.storageBits() / 2, int4.weightBits(), "4-bit weights");
        assertEquals(4, int4.model().weightBits());
    }

    private static PointResult point(
            HsiFlow flow, HsiFlow.Model base, String strategy, double sparsity, Map<String, Integer> params) {
        PruningStrategy<HsiFlow.Model> s = flow.strategies().stream()
                .filter(x -> x.name().equals(strategy))
                .findFirst()
                .orElseThrow();
        PruningStrategy.Pruned<HsiFlow.Model> p = s.prune(base, sparsity, 1);
        Flow.Evaluated e = flow.evaluate(base, p, params, 1);
        return e.result();
    }
}
