package shears.reports.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.reports.PointResult;

/**
 * The search on a synthetic flow whose figures are closed-form: a layer's sparsity saves area in
 * proportion to its size but costs accuracy by its sensitivity, so per-layer choices beat uniform
 * ones. Checks the budget, the cache, resuming, one front on one or two threads, and the grid.
 */
class HardwareSearchTest {
    private static final SearchSpace SPACE = new SearchSpace(
            List.of("big", "mid", "small", "fragile"),
            new double[] {0, 0.25, 0.5, 0.75, 0.9},
            List.of("magnitude", "balanced"),
            List.of(new SearchSpace.Knob("pes", new int[] {4, 8})));
    private static final double[] SIZE = {1000, 400, 100, 50};
    private static final double[] SENSITIVITY = {1, 2, 2, 20};

    /** A flow where sparsity on big, insensitive layers is cheap in accuracy and dear in area. */
    static final class Synthetic implements HardwareSearch.Evaluator {
        final AtomicInteger calls = new AtomicInteger();
        final Map<String, Integer> perDesign = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public PointResult evaluate(Candidate c) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2); // long enough for a second worker to start
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            calls.incrementAndGet();
            perDesign.merge(c.point(SPACE.layers()).key(), 1, Integer::sum);
            // 4-bit weights halve the weight storage and cost accuracy everywhere
            double bits = c.knobs().getOrDefault("wbits", 8);
            double area = 200.0 * c.knob("pes");
            double sndr = 30;
            for (int i = 0; i < SIZE.length; i++) {
                double kept = 1 - c.layerSparsity()[i];
                area += SIZE[i] * kept * (c.strategy().equals("balanced") ? 1.0 : 1.3) * bits / 8;
                sndr -= SENSITIVITY[i] * c.layerSparsity()[i] * c.layerSparsity()[i] * 4;
            }
            sndr -= bits == 4 ? 1.5 : 0;
            double cycles = 10000.0 / c.knob("pes");
            return new PointResult(
                    (long) cycles,
                    100,
                    50,
                    area,
                    10,
                    10,
                    10,
                    1,
                    area / 100,
                    area * cycles / 1e4,
                    0,
                    0,
                    Map.of("sndrDb", sndr));
        }
    }

    private static HardwareSearch.Settings settings(int threads) {
        return new HardwareSearch.Settings(
                60, 12, 7, List.of(Objective.SNDR, Objective.AREA), threads, new double[] {0.5, 0.75, 0.9});
    }

    private static HardwareSearch.Result run(Path dir, Synthetic flow, int threads) throws IOException {
        return HardwareSearch.run(
                SPACE,
                flow,
                settings(threads),
                dir.resolve("search.journal"),
                Map.of("flow", "synthetic"),
                false,
                m -> {});
    }

    @Test
    void findsPerLayerDesignsThatBeatTheUniformGridWithinItsBudget(@TempDir Path dir) throws IOException {
        Synthetic flow = new Synthetic();
        HardwareSearch.Result r = run(dir.resolve("a"), flow, 1);
        assertEquals(2 * 2 * 3, r.grid().size(), "strategies x PE counts x grid sparsities");
        assertTrue(
                r.searched().size() >= 60 && r.searched().size() < 60 + 12,
                r.searched().size() + " designs for a budget of 60");
        assertTrue(flow.perDesign.values().stream().allMatch(n -> n == 1), "no design measured twice");
        assertEquals(flow.calls.get(), r.evaluations() + r.grid().size(), "the grid, then each new design once");
        // the sparsest uniform design is the space's corner: the search can equal it, not dominate it
        assertTrue(r.gridDominated() + r.gridMatched() >= r.grid().size() - 1, SearchReport.summary(settings(1), r));
        assertTrue(r.gridDominated() >= r.grid().size() - 2, SearchReport.summary(settings(1), r));
        assertTrue(r.hypervolume() > r.gridHypervolume(), r.hypervolume() + " vs grid " + r.gridHypervolume());
        assertTrue(r.front().stream().anyMatch(e -> !e.candidate().uniform()), "per-layer designs on the front");
        // resumed from the journal: the same result, nothing measured again
        Synthetic again = new Synthetic();
        HardwareSearch.Result r2 = run(dir.resolve("a"), again, 1);
        assertEquals(0, again.calls.get());
        assertEquals(r.searched().size() + r.grid().size(), r2.resumed());
        assertEquals(keys(r.front()), keys(r2.front()));
    }

    @Test
    void oneOrTwoThreadsGiveTheSameFrontAndFiles(@TempDir Path dir) throws IOException {
        Synthetic parallel = new Synthetic();
        HardwareSearch.Result one = run(dir.resolve("one"), new Synthetic(), 1);
        HardwareSearch.Result two = run(dir.resolve("two"), parallel, 2);
        assertEquals(2, parallel.maxInFlight.get(), "two designs measured at once");
        assertEquals(keys(one.searched()), keys(two.searched()));
        assertEquals(keys(one.front()), keys(two.front()));
        Map<String, String> a = SearchReport.files("synthetic", "cmd", SPACE, settings(1), one);
        Map<String, String> b = SearchReport.files("synthetic", "cmd", SPACE, settings(1), two);
        assertEquals(a.get("search.csv"), b.get("search.csv"));
        assertEquals(a.get("front.csv"), b.get("front.csv"));
        assertTrue(a.get("report.html").contains("<svg") && a.get("report.html").contains("Chosen design"));
        assertTrue(Files.size(dir.resolve("one").resolve("search.journal")) > 0);
    }

    @Test
    void threeObjectivesRunNsgaIiiDeterministically(@TempDir Path dir) throws IOException {
        HardwareSearch.Settings three = new HardwareSearch.Settings(
                40, 15, 3, List.of(Objective.SNDR, Objective.AREA, Objective.CYCLES), 2, new double[] {0.5, 0.9});
        HardwareSearch.Result a = HardwareSearch.run(
                SPACE, new Synthetic(), three, dir.resolve("a/j"), Map.of("flow", "synthetic"), false, m -> {});
        HardwareSearch.Result b = HardwareSearch.run(
                SPACE, new Synthetic(), three, dir.resolve("b/j"), Map.of("flow", "synthetic"), false, m -> {});
        assertTrue(a.searched().size() >= 40, a.searched().size() + " designs");
        assertEquals(keys(a.front()), keys(b.front()));
        assertTrue(
                a.front().stream()
                                .map(e -> e.candidate().knob("pes"))
                                .distinct()
                                .count()
                        == 2,
                "both PE counts on a front with cycles");
        assertTrue(a.hypervolume() >= a.gridHypervolume(), SearchReport.summary(three, a));
    }

    @Test
    void everyKnobIsADecisionAndAGridDimension(@TempDir Path dir) throws IOException {
        SearchSpace two = new SearchSpace(
                SPACE.layers(),
                SPACE.steps(),
                SPACE.strategies(),
                List.of(new SearchSpace.Knob("pes", new int[] {4, 8}), new SearchSpace.Knob("wbits", new int[] {8, 4
                })));
        assertEquals(SPACE.layers().size() + 3, two.variables());
        assertEquals(4, two.knobSettings().size());
        Candidate c = two.decode(new int[] {0, 1, 2, 3, 1, 1, 1});
        assertEquals(Map.of("pes", 8, "wbits", 4), c.knobs());
        assertEquals("balanced", c.strategy());
        HardwareSearch.Result r = HardwareSearch.run(
                two, new Synthetic(), settings(1), dir.resolve("j"), Map.of("flow", "synthetic"), false, m -> {});
        assertEquals(2 * 4 * 3, r.grid().size(), "strategies x knob settings x grid sparsities");
        assertEquals(
                2,
                r.searched().stream()
                        .map(e -> e.candidate().knob("wbits"))
                        .distinct()
                        .count(),
                "the search tries both weight widths");
        assertTrue(
                r.front().stream().anyMatch(e -> e.candidate().knob("wbits") == 4),
                "4-bit designs reach the front where area matters");
        assertTrue(SearchReport.files("synthetic", "cmd", two, settings(1), r)
                .get("search.csv")
                .lines()
                .skip(1)
                .allMatch(l -> l.contains("wbits=")));
    }

    @Test
    void hypervolumeIsExactOnSmallCases() {
        // two objectives, one point at the origin of a unit box: 1.1 x 1.1
        assertEquals(
                1.21,
                Pareto.hypervolume(List.of(new double[] {0, 0}), new double[] {0, 0}, new double[] {1, 1}),
                1e-12);
        // an L shape: (0, 1) and (1, 0) -> 1.1*0.1 + 0.1*1.1 - 0.1*0.1 + ... = 0.21
        assertEquals(
                0.21,
                Pareto.hypervolume(
                        List.of(new double[] {0, 1}, new double[] {1, 0}), new double[] {0, 0}, new double[] {1, 1}),
                1e-12);
        assertEquals(
                1.331,
                Pareto.hypervolume(
                        List.of(new double[] {0, 0, 0}, new double[] {1, 1, 1}),
                        new double[] {0, 0, 0},
                        new double[] {1, 1, 1}),
                1e-12);
        assertEquals(
                List.of(0, 2), Pareto.front(List.of(new double[] {0, 1}, new double[] {1, 1}, new double[] {1, 0})));
    }

    private static List<String> keys(List<HardwareSearch.Evaluated> e) {
        return e.stream().map(x -> x.row().point().key()).toList();
    }
}
