package shears.models.cae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import shears.models.data.LfpParams;

class CaeExperimentTest {
    @Test
    void smallAutoencoderLearnsAndEveryStrategyYieldsAResult() {
        CaeConfig c = new CaeConfig(8, 64, 16, 4, 2, 2, 8, 16, 8);
        CaeExperiment.Settings s = new CaeExperiment.Settings(
                c, LfpParams.defaults().withChannels(8), 200, 40, 6, 1, 8, 3e-3, 1, 4, 8, null, false);
        CaeExperiment.Trained t = CaeExperiment.train(s);
        List<CaeResult> r = CaeExperiment.run(t, CaeExperiment.STRATEGIES, List.of(0.5), x -> {});
        assertEquals(2 + CaeExperiment.STRATEGIES.size(), r.size());
        assertTrue(r.get(0).sndrDb() > 5, "float model learns: " + r.get(0));
        assertTrue(Math.abs(r.get(1).sndrDb() - r.get(0).sndrDb()) < 3, "int8 close to float: " + r.get(1));
        for (CaeResult x : r.subList(2, r.size())) {
            assertTrue(Double.isFinite(x.sndrDb()) && x.achievedSparsity() > 0.2, x.toString());
        }
        CaeResult balanced = r.stream()
                .filter(x -> x.strategy().equals("balanced"))
                .findFirst()
                .orElseThrow();
        CaeResult magnitude = r.stream()
                .filter(x -> x.strategy().equals("magnitude"))
                .findFirst()
                .orElseThrow();
        assertEquals(0, balanced.indexBits());
        assertTrue(magnitude.indexBits() > 0 && balanced.storageBits() < magnitude.storageBits());
        assertEquals(8 * 64 * 16 / (2.0 * 4 * 8), c.compressionRatio());
    }

    @Test
    void sndrAndR2FollowTheirDefinitions() {
        var x = new shears.models.tensor.Tensor(shears.models.tensor.Shape.of1d(1, 4), new double[] {1, -1, 2, -2});
        var y = new shears.models.tensor.Tensor(shears.models.tensor.Shape.of1d(1, 4), new double[] {1.1, -1, 2, -2});
        Reconstruction r = Reconstruction.of(List.of(x), List.of(y));
        assertEquals(10 * Math.log10(10 / 0.01), r.sndrDb(), 1e-9);
        assertEquals(1 - 0.01 / 10, r.r2(), 1e-12);
    }
}
