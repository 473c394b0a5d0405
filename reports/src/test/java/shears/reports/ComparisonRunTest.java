package shears.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.reports.fir.FirFlow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonRunTest {
    /** The FIR flow with a counter on evaluate, to see which points a run computes. */
    static final class CountingFlow implements Flow<FirFlow.Model> {
        final FirFlow inner = new FirFlow();
        final AtomicInteger evaluations = new AtomicInteger();

        @Override public String name() { return "fir"; }
        @Override public FirFlow.Model baseModel(long seed) { return inner.baseModel(seed); }
        @Override public List<PruningStrategy<FirFlow.Model>> strategies() { return inner.strategies(); }
        @Override public Map<String, Integer> defaultParams() { return inner.defaultParams(); }

        @Override
        public shears.rtl.ir.Netlist design(PruningStrategy.Pruned<FirFlow.Model> p, Map<String, Integer> params) {
            return inner.design(p, params);
        }

        @Override
        public PointResult evaluate(FirFlow.Model base, PruningStrategy.Pruned<FirFlow.Model> p, Map<String, Integer> params, long seed) {
            evaluations.incrementAndGet();
            return inner.evaluate(base, p, params, seed);
        }
    }

    private static final List<Map<String, Integer>> GRID = List.of(Map.of("width", 8), Map.of("width", 12));

    @Test
    void gridRunsEveryPointDeterministicallyAndResumes(@TempDir Path dir) throws IOException {
        CountingFlow flow = new CountingFlow();
        Path csv = dir.resolve("a/comparison.csv");
        List<String> progress = new ArrayList<>();
        List<ComparisonRun.Row> rows = ComparisonRun.run(flow, List.of("magnitude", "structured"), List.of(0.5, 0.75), GRID, 3,
                csv, progress::add);
        assertEquals(8, rows.size());
        assertEquals(8, flow.evaluations.get());
        assertEquals(8, progress.size());
        assertTrue(progress.get(7).startsWith("[##############################] 8/8"), progress.get(7));
        assertEquals("magnitude", rows.get(0).point().strategy());
        assertEquals(Map.of("width", 12), rows.get(1).point().params(), "grid order: strategy, sparsity, params");
        // Same seed, fresh directory: byte-identical CSV.
        Path other = dir.resolve("b/comparison.csv");
        ComparisonRun.run(new CountingFlow(), List.of("magnitude", "structured"), List.of(0.5, 0.75), GRID, 3, other, m -> { });
        assertEquals(-1L, Files.mismatch(csv, other));
        // Resume: nothing recomputed, one new sparsity computed.
        CountingFlow again = new CountingFlow();
        List<ComparisonRun.Row> more = ComparisonRun.run(again, List.of("magnitude", "structured"), List.of(0.5, 0.75, 0.9), GRID, 3,
                csv, m -> { });
        assertEquals(12, more.size());
        assertEquals(4, again.evaluations.get(), "only the 0.9 points were computed");
        assertEquals(CsvReport.format(rows), CsvReport.format(more.stream().filter(r -> r.point().sparsity() != 0.9).toList()),
                "rows read back from the CSV equal the computed ones");
    }

    @Test
    void yosysRunAddsErrorColumnsThatSurviveTheCsv(@TempDir Path dir) throws IOException {
        shears.rtl.testing.ToolCheck.require("yosys");
        Path csv = dir.resolve("y.csv");
        List<ComparisonRun.Row> rows = ComparisonRun.run(new CountingFlow(), List.of("magnitude"), List.of(0.75),
                List.of(Map.of("width", 8)), 1, csv, true, m -> { });
        Map<String, Double> err = rows.get(0).result().yosysErrorsPct();
        assertEquals(List.of("yosysTransistorsErrPct", "yosysGateLevelsErrPct", "yosysLut4ErrPct", "yosysLut6ErrPct"),
                List.copyOf(err.keySet()));
        assertTrue(Math.abs(err.get("yosysTransistorsErrPct")) < 50, err.toString());
        assertEquals(CsvReport.format(rows), CsvReport.format(CsvReport.read(csv)), "the CSV keeps the Yosys columns");
        CountingFlow again = new CountingFlow();
        ComparisonRun.run(again, List.of("magnitude"), List.of(0.75), List.of(Map.of("width", 8)), 1, csv, true, m -> { });
        assertEquals(0, again.evaluations.get(), "a point with Yosys figures is reused");
    }

    @Test
    void csvWithoutTheIce40FmaxColumnIsNotResumed(@TempDir Path dir) throws IOException {
        // The header of a comparison CSV written before the iCE40 Fmax column existed.
        Path csv = Files.writeString(dir.resolve("old.csv"), "strategy,sparsity,params,cycles,fmaxMhz,areaUm2,lut4,lut6,ff,dsp,"
                + "powerUw,energyPerInferencePj,storageBits,indexBits,snrDb\nmagnitude,0.5,width=8,1,100,900,10,5,8,0,1,1,64,0,30\n");
        IOException e = assertThrows(IOException.class, () -> CsvReport.read(csv));
        assertTrue(e.getMessage().contains("no column fmaxIce40Mhz") && e.getMessage().contains("older Shears"), e.getMessage());
    }

    @Test
    void badGridsAreRejectedBeforeAnyWork(@TempDir Path dir) {
        CountingFlow flow = new CountingFlow();
        assertThrows(IllegalArgumentException.class, () -> ComparisonRun.run(flow, List.of("nosuch"), List.of(0.5), GRID, 1,
                dir.resolve("c.csv"), m -> { }));
        assertThrows(IllegalArgumentException.class, () -> ComparisonRun.run(flow, List.of("magnitude"), List.of(1.0), GRID, 1,
                dir.resolve("c.csv"), m -> { }));
        assertEquals(0, flow.evaluations.get());
        assertTrue(!Files.exists(dir.resolve("c.csv")));
    }
}
