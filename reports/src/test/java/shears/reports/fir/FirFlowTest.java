package shears.reports.fir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import shears.reports.PointResult;
import shears.reports.PruningStrategy;

class FirFlowTest {
    private final FirFlow flow = new FirFlow();

    private PruningStrategy<FirFlow.Model> strategy(String name) {
        return flow.strategies().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void magnitudeRemovesExactlyTheSmallestTaps() {
        FirFlow.Model base = flow.baseModel(1);
        FirFlow.Model p = strategy("magnitude").prune(base, 0.5, 1).model();
        assertEquals(8, p.nonZero());
        long smallestKept =
                Arrays.stream(p.taps()).filter(t -> t != 0).map(Math::abs).min().orElseThrow();
        for (int i = 0; i < base.taps().length; i++) {
            if (p.taps()[i] == 0) {
                assertTrue(
                        Math.abs(base.taps()[i]) <= smallestKept,
                        "pruned tap " + i + " is no larger than any kept tap");
            } else {
                assertEquals(base.taps()[i], p.taps()[i]);
            }
        }
    }

    @Test
    void randomIsSeededAndStructuredShortensTheFilter() {
        FirFlow.Model base = flow.baseModel(1);
        assertArrayEquals(
                strategy("random").prune(base, 0.5, 9).model().taps(),
                strategy("random").prune(base, 0.5, 9).model().taps());
        PruningStrategy.Pruned<FirFlow.Model> s = strategy("structured").prune(base, 0.5, 1);
        assertEquals(8, s.model().taps().length, "structured pruning removes whole taps");
        assertEquals(8L * 8, s.weightBits());
        assertEquals(0, s.indexBits(), "constant taps need no index metadata");
    }

    @Test
    void moreSparsityMeansLessHardwareAndLowerSnr() {
        FirFlow.Model base = flow.baseModel(1);
        PointResult dense = flow.evaluate(base, strategy("magnitude").prune(base, 0.0, 1), Map.of("width", 8), 1)
                .result();
        PointResult sparse = flow.evaluate(base, strategy("magnitude").prune(base, 0.75, 1), Map.of("width", 8), 1)
                .result();
        assertTrue(dense.accuracy().get("snrDb") > 100, "unpruned equals the reference");
        assertTrue(sparse.accuracy().get("snrDb") < dense.accuracy().get("snrDb"));
        assertTrue(sparse.areaUm2() < dense.areaUm2() / 2, sparse.areaUm2() + " vs " + dense.areaUm2());
        assertTrue(sparse.dsp() < dense.dsp());
        assertTrue(sparse.powerUw() < dense.powerUw());
    }
}
