package shears.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import shears.models.nn.Conv;
import shears.models.nn.Network;
import shears.models.nn.Relu;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

class SegmentationTrainerTest {
    /** d loss / d logits against central differences of the weighted cross-entropy. */
    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        Network.Builder b = Network.builder(new Shape(2, 2, 3));
        b.add("c", Conv.pointwise2d(2, 3));
        SegmentationTrainer t = new SegmentationTrainer(b.build(), new double[] {1.0, 2.5, 0.5});
        double[] logits = new double[3 * 6];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = r.nextDouble() * 4 - 2;
        }
        int[] label = {0, 2, 1, -1, 1, 0};
        double[] grad = new double[logits.length];
        double[] lc = t.crossEntropy(logits, label, 3, grad);
        assertEquals(5, lc[1]);
        for (int i = 0; i < logits.length; i++) {
            double h = 1e-6;
            double[] up = logits.clone();
            double[] down = logits.clone();
            up[i] += h;
            down[i] -= h;
            double numeric = (t.crossEntropy(up, label, 3, new double[logits.length])[0]
                            - t.crossEntropy(down, label, 3, new double[logits.length])[0])
                    / (2 * h);
            assertEquals(numeric, grad[i], 1e-6, "logit " + i);
        }
    }

    /** Pixels whose class is the sign of the first channel: a 1x1 net learns it; same seed, same result on any core count. */
    @Test
    void learnsASeparableTaskDeterministically() {
        List<Tensor> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        samples(2, x, y, (a, b) -> a > 0, false);
        double[] first = train(x, y);
        double[] again = train(x, y);
        assertTrue(
                first[first.length - 1] < 0.5 * first[0], "loss falls: " + first[0] + " -> " + first[first.length - 1]);
        assertEquals(first[first.length - 1], again[again.length - 1], 0.0, "deterministic");
    }

    @Test
    void quantisationAwareTrainingHelpsTheRoundedNetwork() {
        List<Tensor> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        samples(5, x, y, (a, b) -> a + 0.3 * b > 0.1, true);
        int bits = 2;
        Network plain = trained(x, y, 0);
        Network aware = trained(x, y, bits);
        double plainRounded = loss(rounded(plain, bits), x, y);
        double awareRounded = loss(rounded(aware, bits), x, y);
        assertTrue(
                awareRounded < plainRounded,
                bits + "-bit weights: loss " + awareRounded + " after quantisation-aware training, " + plainRounded
                        + " after float training");
    }

    @Test
    void prunedWeightsStayZeroWhileTheRestLearn() {
        List<Tensor> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        samples(5, x, y, (a, b) -> a + 0.3 * b > 0.1, true);
        Network net = net();
        shears.models.nn.Masks masks = new shears.models.prune.Magnitude(false)
                .prune(new shears.models.prune.PruneRequest(net, 0.5, 1, 8))
                .masks();
        double[][] before = new double[net.nodes().size()][];
        for (int n = 0; n < before.length; n++) {
            before[n] = net.weights(n).clone();
        }
        new SegmentationTrainer(net, SegmentationTrainer.balancedWeights(y, 2, 10), masks)
                .fit(x, y, new TrainConfig(10, 6, 0.05, 3, 0), e -> {});
        int zeroed = 0;
        int moved = 0;
        for (int n : net.prunableNodes()) {
            boolean[] keep = masks.weightKeep()[n];
            for (int i = 0; i < keep.length; i++) {
                if (!keep[i]) {
                    assertEquals(0.0, net.weights(n)[i], "layer " + n + " weight " + i + " was pruned");
                    zeroed++;
                } else if (net.weights(n)[i] != before[n][i]) {
                    moved++;
                }
            }
        }
        assertTrue(zeroed > 0 && moved > 0, zeroed + " pruned, " + moved + " trained");
    }

    private static Network trained(List<Tensor> x, List<int[]> y, int fakeQuantBits) {
        Network net = net();
        new SegmentationTrainer(net, SegmentationTrainer.balancedWeights(y, 2, 10))
                .fit(x, y, new TrainConfig(40, 6, 0.05, 3, fakeQuantBits), e -> {});
        return net;
    }

    private static Network rounded(Network net, int bits) {
        Network q = net.copy();
        for (int n : q.prunableNodes()) {
            shears.models.quant.QuantizedWeights.roundInPlace(
                    q.weights(n), q.shape(n).channels(), bits);
        }
        return q;
    }

    private static double loss(Network net, List<Tensor> x, List<int[]> y) {
        SegmentationTrainer t = new SegmentationTrainer(net, new double[] {1, 1});
        double sum = 0;
        for (int i = 0; i < x.size(); i++) {
            Tensor logits = net.forward(x.get(i));
            sum += t.crossEntropy(logits.data(), y.get(i), 2, new double[logits.data().length])[0];
        }
        return sum;
    }

    private static Network net() {
        Network.Builder b = Network.builder(new Shape(2, 4, 4));
        b.add("a", Conv.pointwise2d(2, 4));
        b.add("r", new Relu());
        b.add("b", Conv.pointwise2d(4, 2));
        Network net = b.build();
        net.initialize(7);
        return net;
    }

    /** 24 two-band 4x4 images, band 0 in [-1, 1), band 1 in [0, 1) or [-1, 1), labelled by {@code rule} on the two values. */
    private static void samples(
            long seed,
            List<Tensor> x,
            List<int[]> y,
            java.util.function.BiPredicate<Double, Double> rule,
            boolean signedSecond) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int n = 0; n < 24; n++) {
            Tensor t = new Tensor(new Shape(2, 4, 4));
            int[] l = new int[16];
            for (int s = 0; s < 16; s++) {
                t.data()[s] = r.nextDouble() * 2 - 1;
                t.data()[16 + s] = signedSecond ? r.nextDouble() * 2 - 1 : r.nextDouble();
                l[s] = rule.test(t.data()[s], t.data()[16 + s]) ? 1 : 0;
            }
            x.add(t);
            y.add(l);
        }
    }

    private static double[] train(List<Tensor> x, List<int[]> y) {
        Network net = net();
        SegmentationTrainer t = new SegmentationTrainer(net, SegmentationTrainer.balancedWeights(y, 2, 10));
        return t.fit(x, y, TrainConfig.of(40, 6, 0.05, 3), e -> {}).stream()
                .mapToDouble(Double::doubleValue)
                .toArray();
    }
}
