package shears.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards of a grid, run apart and merged, give the rows and CSV of one run; a wrong shard set is named. */
class ComparisonMergeTest {
    private static final List<Map<String, Integer>> GRID = List.of(Map.of("width", 8), Map.of("width", 12));
    private static final List<String> STRATEGIES = List.of("magnitude", "structured");
    private static final List<Double> SPARSITY = List.of(0.5, 0.75);

    private static ComparisonRun.Outcome shard(Path dir, ComparisonRun.Shard s, ComparisonRunTest.CountingFlow flow)
            throws IOException {
        return ComparisonRun.runGrid(
                flow, STRATEGIES, SPARSITY, GRID, 3, new ComparisonRun.Output(dir, false), false, s, "cmd", m -> {});
    }

    @Test
    void threeShardsMergeIntoTheRowsOfOneRun(@TempDir Path dir) throws IOException {
        List<ComparisonRun.Row> whole = ComparisonRun.run(
                new ComparisonRunTest.CountingFlow(), STRATEGIES, SPARSITY, GRID, 3, dir.resolve("whole"), m -> {});
        List<Path> shards = new ArrayList<>();
        int evaluated = 0;
        for (int i = 0; i < 3; i++) {
            ComparisonRunTest.CountingFlow flow = new ComparisonRunTest.CountingFlow();
            Path d = dir.resolve("s" + i);
            ComparisonRun.Outcome o = shard(d, new ComparisonRun.Shard(i, 3), flow);
            assertEquals(flow.evaluations.get(), o.rows().size(), "a shard computes only its own points");
            evaluated += flow.evaluations.get();
            shards.add(d);
        }
        assertEquals(8, evaluated, "every point computed exactly once over the shards");
        ComparisonMerge.Merged m =
                ComparisonMerge.merge(List.of(shards.get(2), shards.get(0), shards.get(1)), "comparison.journal");
        assertEquals(CsvReport.format(whole), CsvReport.format(m.rows()), "merged CSV is the single run's");
        assertEquals("cmd", m.command());
        assertEquals("fir", m.flow());
        // a shard run again computes nothing
        ComparisonRunTest.CountingFlow again = new ComparisonRunTest.CountingFlow();
        shard(shards.get(0), new ComparisonRun.Shard(0, 3), again);
        assertEquals(0, again.evaluations.get());
    }

    @Test
    void missingDuplicatedOrForeignShardsAreNamed(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        shard(a, new ComparisonRun.Shard(0, 2), new ComparisonRunTest.CountingFlow());
        shard(b, new ComparisonRun.Shard(1, 2), new ComparisonRunTest.CountingFlow());
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> ComparisonMerge.merge(List.of(a), "comparison.journal"))
                .getMessage()
                .contains("shards [1] of 2 are missing"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> ComparisonMerge.merge(List.of(a, a, b), "comparison.journal"))
                .getMessage()
                .contains("shard 0/2 given twice"));
        Path other = dir.resolve("other");
        ComparisonRun.runGrid(
                new ComparisonRunTest.CountingFlow(),
                STRATEGIES,
                List.of(0.5),
                GRID,
                3,
                new ComparisonRun.Output(other, false),
                false,
                new ComparisonRun.Shard(1, 2),
                "cmd",
                m -> {});
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> ComparisonMerge.merge(List.of(a, other), "comparison.journal"))
                .getMessage()
                .contains("shard of another comparison"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> ComparisonMerge.merge(List.of(dir), "comparison.journal"))
                .getMessage()
                .contains("not a comparison shard"));
        assertEquals(List.of(), ComparisonMerge.unfinished(List.of(a, b), 2, "comparison.journal"));
        assertEquals(List.of(1), ComparisonMerge.unfinished(List.of(a, dir.resolve("none")), 2, "comparison.journal"));
        assertThrows(IllegalArgumentException.class, () -> ComparisonRun.Shard.parse("2/2"));
        assertThrows(IllegalArgumentException.class, () -> ComparisonRun.Shard.parse("x"));
    }
}
