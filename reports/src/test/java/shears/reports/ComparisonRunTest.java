package shears.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.reports.fir.FirFlow;

class ComparisonRunTest {
    /** The FIR flow with a counter on evaluate, to see which points a run computes. */
    static final class CountingFlow implements Flow<FirFlow.Model> {
        final FirFlow inner = new FirFlow();
        final AtomicInteger evaluations = new AtomicInteger();

        @Override
        public String name() {
            return "fir";
        }

        @Override
        public FirFlow.Model baseModel(long seed) {
            return inner.baseModel(seed);
        }

        @Override
        public List<PruningStrategy<FirFlow.Model>> strategies() {
            return inner.strategies();
        }

        @Override
        public Map<String, Integer> defaultParams() {
            return inner.defaultParams();
        }

        @Override
        public shears.rtl.ir.Netlist design(PruningStrategy.Pruned<FirFlow.Model> p, Map<String, Integer> params) {
            return inner.design(p, params);
        }

        @Override
        public Evaluated evaluate(
                FirFlow.Model base, PruningStrategy.Pruned<FirFlow.Model> p, Map<String, Integer> params, long seed) {
            evaluations.incrementAndGet();
            return inner.evaluate(base, p, params, seed);
        }
    }

    private static final List<Map<String, Integer>> GRID = List.of(Map.of("width", 8), Map.of("width", 12));

    @Test
    void gridRunsEveryPointDeterministicallyAndResumes(@TempDir Path dir) throws IOException {
        CountingFlow flow = new CountingFlow();
        Path a = dir.resolve("a");
        List<String> progress = new ArrayList<>();
        List<ComparisonRun.Row> rows = ComparisonRun.run(
                flow, List.of("magnitude", "structured"), List.of(0.5, 0.75), GRID, 3, a, progress::add);
        assertEquals(8, rows.size());
        assertEquals(8, flow.evaluations.get());
        assertEquals(8, progress.size());
        assertTrue(progress.get(7).startsWith("[##############################] 8/8"), progress.get(7));
        assertEquals("magnitude", rows.get(0).point().strategy());
        assertEquals(Map.of("width", 12), rows.get(1).point().params(), "grid order: strategy, sparsity, params");
        assertEquals(9, Files.readAllLines(a.resolve("comparison.journal")).size(), "header + one line per point");
        // Same seed, fresh directory: byte-identical CSV.
        Path b = dir.resolve("b");
        ComparisonRun.run(
                new CountingFlow(), List.of("magnitude", "structured"), List.of(0.5, 0.75), GRID, 3, b, m -> {});
        assertEquals(-1L, Files.mismatch(a.resolve(ComparisonRun.CSV), b.resolve(ComparisonRun.CSV)));
        // Resume: nothing recomputed, one new sparsity computed.
        CountingFlow again = new CountingFlow();
        List<ComparisonRun.Row> more = ComparisonRun.run(
                again, List.of("magnitude", "structured"), List.of(0.5, 0.75, 0.9), GRID, 3, a, m -> {});
        assertEquals(12, more.size());
        assertEquals(4, again.evaluations.get(), "only the 0.9 points were computed");
        assertEquals(
                CsvReport.format(rows),
                CsvReport.format(
                        more.stream().filter(r -> r.point().sparsity() != 0.9).toList()),
                "rows read back from the journal equal the computed ones");
    }

    @Test
    void aRunWithOtherInputsIsRefusedNamingTheInput(@TempDir Path dir) throws IOException {
        ComparisonRun.run(
                new CountingFlow(), List.of("magnitude"), List.of(0.5), List.of(Map.of("width", 8)), 1, dir, m -> {});
        CountingFlow seven = new CountingFlow();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ComparisonRun.run(
                        seven, List.of("magnitude"), List.of(0.5), List.of(Map.of("width", 8)), 7, dir, m -> {}));
        assertTrue(e.getMessage().contains("seed 1 (this run: 7)"), e.getMessage());
        assertEquals(0, seven.evaluations.get());
        // --force: the old points are dropped and the point recomputed with the new seed
        ComparisonRun.run(
                seven,
                List.of("magnitude"),
                List.of(0.5),
                List.of(Map.of("width", 8)),
                7,
                new ComparisonRun.Output(dir, true),
                false,
                m -> {});
        assertEquals(1, seven.evaluations.get());
        assertTrue(Files.readAllLines(dir.resolve("comparison.journal")).get(0).contains("\"seed\":\"7\""));
    }

    @Test
    void aTornLastLineIsRecomputedAndTheRestKept(@TempDir Path dir) throws IOException {
        ComparisonRun.run(
                new CountingFlow(),
                List.of("magnitude"),
                List.of(0.5, 0.75),
                List.of(Map.of("width", 8)),
                1,
                dir,
                m -> {});
        Path journal = dir.resolve("comparison.journal");
        List<String> lines = Files.readAllLines(journal);
        assertEquals(3, lines.size());
        // an interrupt in the middle of the second point's line
        Files.writeString(
                journal,
                lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 40));
        CountingFlow again = new CountingFlow();
        ComparisonRun.run(
                again, List.of("magnitude"), List.of(0.5, 0.75), List.of(Map.of("width", 8)), 1, dir, m -> {});
        assertEquals(1, again.evaluations.get(), "only the torn point");
        assertEquals(lines, Files.readAllLines(journal), "the journal is whole again");
    }

    @Test
    void yosysRunAddsErrorColumnsThatSurviveTheJournal(@TempDir Path dir) throws IOException {
        shears.rtl.testing.ToolCheck.require("yosys");
        List<ComparisonRun.Row> rows = ComparisonRun.run(
                new CountingFlow(),
                List.of("magnitude"),
                List.of(0.75),
                List.of(Map.of("width", 8)),
                1,
                new ComparisonRun.Output(dir, false),
                true,
                m -> {});
        Map<String, Double> err = rows.get(0).result().yosysErrorsPct();
        assertEquals(
                List.of("yosysTransistorsErrPct", "yosysGateLevelsErrPct", "yosysLut4ErrPct", "yosysLut6ErrPct"),
                List.copyOf(err.keySet()));
        assertTrue(Math.abs(err.get("yosysTransistorsErrPct")) < 50, err.toString());
        CountingFlow again = new CountingFlow();
        List<ComparisonRun.Row> back = ComparisonRun.run(
                again,
                List.of("magnitude"),
                List.of(0.75),
                List.of(Map.of("width", 8)),
                1,
                new ComparisonRun.Output(dir, false),
                true,
                m -> {});
        assertEquals(0, again.evaluations.get(), "a point with Yosys figures is reused");
        assertEquals(CsvReport.format(rows), CsvReport.format(back), "the journal keeps the Yosys columns");
        assertThrows(
                IllegalArgumentException.class,
                () -> ComparisonRun.run(
                        new CountingFlow(),
                        List.of("magnitude"),
                        List.of(0.75),
                        List.of(Map.of("width", 8)),
                        1,
                        dir,
                        m -> {}),
                "a run without Yosys does not reuse points made with it");
    }

    @Test
    void badGridsAreRejectedBeforeAnyWork(@TempDir Path dir) {
        CountingFlow flow = new CountingFlow();
        assertThrows(
                IllegalArgumentException.class,
                () -> ComparisonRun.run(flow, List.of("nosuch"), List.of(0.5), GRID, 1, dir.resolve("c"), m -> {}));
        assertThrows(
                IllegalArgumentException.class,
                () -> ComparisonRun.run(flow, List.of("magnitude"), List.of(1.0), GRID, 1, dir.resolve("c"), m -> {}));
        assertEquals(0, flow.evaluations.get());
        assertTrue(!Files.exists(dir.resolve("c")));
    }
}
