package shears.reports.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.models.cae.CaeConfig;
import shears.models.cae.CaeExperiment;
import shears.reports.ComparisonRun;
import shears.reports.PointResult;
import shears.reports.html.HtmlReport;

/** The raman flow over every strategy at two PE counts on a small DS-CAE: CSV, HTML, and what the columns must show. */
class RamanFlowTest {
    private static RamanFlow small() {
        return new RamanFlow("raman-test", seed -> {
            CaeExperiment.Settings d = CaeExperiment.Settings.defaults(seed);
            CaeConfig c = new CaeConfig(8, 64, 8, 2, 2, 4, 4, 16, 8);
            return new CaeExperiment.Settings(
                    c, d.lfp().withChannels(8), 40, 4, 1, 1, 8, 2e-3, seed, 4, 8, null, false);
        });
    }

    @Test
    void everyStrategyAndPeCountIsMeasuredAndReported(@TempDir Path dir) throws IOException {
        RamanFlow flow = small();
        List<String> strategies = flow.strategies().stream().map(s -> s.name()).toList();
        assertEquals(List.of("dense", "magnitude", "balanced", "n-of-m", "structured"), strategies);
        Path csv = dir.resolve(ComparisonRun.CSV);
        List<ComparisonRun.Row> rows = ComparisonRun.run(
                flow, strategies, List.of(0.75), List.of(Map.of("pes", 2), Map.of("pes", 4)), 3, dir, s -> {});
        assertEquals(10, rows.size());
        Map<String, PointResult> by = new HashMap<>();
        for (ComparisonRun.Row r : rows) {
            PointResult x = r.result();
            by.put(r.point().strategy() + r.point().params().get("pes"), x);
            assertTrue(
                    x.cycles() > 0 && x.areaUm2() > 0 && x.powerUw() > 0 && x.storageBits() > 0,
                    r.point().key());
            for (String k : List.of(
                    "sndrDb",
                    "r2",
                    "compressionRatio",
                    "peUtilisation",
                    "latencyMs",
                    "energyPerWindowNj",
                    "powerPerChannelUw")) {
                assertTrue(x.accuracy().containsKey(k), k);
            }
            assertEquals(x.powerUw() / 8, x.accuracy().get("powerPerChannelUw"), 1e-9);
        }
        for (int pes : new int[] {2, 4}) {
            PointResult dense = by.get("dense" + pes);
            PointResult balanced = by.get("balanced" + pes);
            PointResult magnitude = by.get("magnitude" + pes);
            assertEquals(0, dense.indexBits());
            assertEquals(0, balanced.indexBits(), "index-free");
            assertTrue(magnitude.indexBits() > 0, "stored indices");
            assertTrue(balanced.storageBits() < magnitude.storageBits(), "balanced stores no indices");
            assertTrue(magnitude.storageBits() < dense.storageBits() + magnitude.indexBits());
            assertTrue(
                    balanced.cycles() < dense.cycles() && magnitude.cycles() < dense.cycles(), "sparsity saves cycles");
        }
        assertTrue(Files.readString(csv).lines().count() == 11, "header + 10 rows");
        String html = HtmlReport.render("raman", "shears compare --flow raman", rows);
        assertTrue(html.contains("PE utilisation vs parameter storage") && html.contains("<svg"), "utilisation plot");
        // resumable: a second run reads every point back
        List<ComparisonRun.Row> again = ComparisonRun.run(
                small(), strategies, List.of(0.75), List.of(Map.of("pes", 2), Map.of("pes", 4)), 3, dir, s -> {
                    throw new AssertionError("recomputed " + s);
                });
        assertEquals(rows.size(), again.size());
    }
}
