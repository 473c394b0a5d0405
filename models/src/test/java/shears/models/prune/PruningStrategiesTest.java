package shears.models.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import shears.models.cae.CaeConfig;
import shears.models.cae.DsCae;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.tensor.Tensor;
import shears.models.train.Regularizer;
import shears.models.train.TrainConfig;
import shears.models.train.Trainer;

class PruningStrategiesTest {
    private static final CaeConfig SMALL = new CaeConfig(4, 32, 8, 2, 3, 2, 4, 16, 8);

    private static Network encoder(long seed) {
        Network enc = DsCae.encoder(SMALL);
        enc.initialize(seed);
        return enc;
    }

    private static int kept(boolean[] keep) {
        int k = 0;
        for (boolean b : keep) {
            k += b ? 1 : 0;
        }
        return k;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.5, 0.75, 0.9})
    void magnitudePerLayerHitsExactSparsityAndKeepsTheLargest(double s) {
        Network net = encoder(1);
        PruneResult r = new Magnitude(false).prune(new PruneRequest(net, s, 0, 8));
        int layers = 0;
        for (int n : net.prunableNodes()) {
            boolean[] keep = r.masks().weightKeep()[n];
            assertEquals((int) Math.floor((1 - s) * keep.length + 0.5), kept(keep), "layer " + n);
            double minKept = Double.MAX_VALUE;
            double maxPruned = 0;
            for (int i = 0; i < keep.length; i++) {
                double a = Math.abs(net.weights(n)[i]);
                if (keep[i]) {
                    minKept = Math.min(minKept, a);
                } else {
                    maxPruned = Math.max(maxPruned, a);
                }
            }
            assertTrue(minKept >= maxPruned);
            layers++;
        }
        assertEquals(net.prunableNodes().size(), layers);
        assertTrue(s == 0 || r.storage().indexBits() > 0, "unstructured sparsity stores indices");
    }

    /** Per-layer targets (the hardware-aware search's decision): magnitude and balanced honour each, the others refuse. */
    @Test
    void perLayerTargetsArePrunedToEachLayersOwnSparsity() {
        Network net = encoder(2);
        List<Integer> nodes = net.prunableNodes();
        java.util.Map<String, Double> targets = new java.util.LinkedHashMap<>();
        double[] levels = {0.25, 0.5, 0.75, 0.9};
        for (int k = 0; k < nodes.size(); k++) {
            targets.put(net.nodes().get(nodes.get(k)).name(), levels[k % levels.length]);
        }
        PruneRequest request = new PruneRequest(net, 0.5, 3, 8, targets);
        PruneResult m = new Magnitude(false).prune(request);
        PruneResult b = new BalancedStochastic(4, 4).prune(request);
        int checked = 0;
        for (int k = 0; k < nodes.size(); k++) {
            int n = nodes.get(k);
            int size = net.weights(n).length;
            double target = levels[k % levels.length];
            assertEquals(
                    (int) Math.floor((1 - target) * size + 0.5),
                    kept(m.masks().weightKeep()[n]),
                    "magnitude, layer " + n);
            double achieved = 1 - (double) kept(b.masks().weightKeep()[n]) / size;
            assertEquals(
                    target, b.lfsrLayouts().get(n).sparsity(), 1e-12, "balanced layout records the layer's target");
            assertEquals(target, achieved, 0.13, "balanced, layer " + n + " (whole blocks per PE)");
            checked++;
        }
        assertEquals(nodes.size(), checked);
        for (PruningStrategy s : List.of(new Magnitude(true), new NOfM(4), new Structured())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.prune(request));
            assertTrue(e.getMessage().contains("prunes every layer to one target"), e.getMessage());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new PruneRequest(net, 0.5, 3, 8, java.util.Map.of("nosuch", 0.5)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new PruneRequest(
                        net,
                        0.5,
                        3,
                        8,
                        java.util.Map.of(net.nodes().get(nodes.get(0)).name(), 1.0)));
    }

    @Test
    void magnitudeGlobalHitsExactTotal() {
        Network net = encoder(2);
        PruneResult r = new Magnitude(true).prune(new PruneRequest(net, 0.8, 0, 8));
        long total = 0;
        long kept = 0;
        for (int n : net.prunableNodes()) {
            total += net.weights(n).length;
            kept += kept(r.masks().weightKeep()[n]);
        }
        assertEquals(Math.floor(0.2 * total + 0.5), kept);
        assertEquals(1 - (double) kept / total, r.achievedSparsity(), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"1,0.5", "2,0.75", "4,0.9", "8,0.5", "8,0.75", "2,0.0", "3,0.75", "5,0.5"})
    void balancedGivesEveryPeTheSameWorkPerActivation(int pes, double s) {
        Network net = encoder(3);
        BalancedStochastic strategy = new BalancedStochastic(pes, 8);
        PruneResult r = strategy.prune(new PruneRequest(net, s, 42, 8));
        int blocks = 0;
        long keptTotal = 0;
        long weightsTotal = 0;
        for (int n : net.prunableNodes()) {
            boolean[] keep = r.masks().weightKeep()[n];
            int out = net.shape(n).channels();
            int fan = net.plan(n).fanIn();
            int k = BalancedStochastic.taps(net, n);
            int active = Math.min(pes, out);
            assertEquals(active, strategy.activePes(net, n));
            boolean depthwise = net.nodes().get(n).layer() instanceof shears.models.nn.Conv c && c.groups() > 1;
            int m = depthwise ? k : out / active * k; // the smallest PE block sets the counts
            int[] counts = r.lfsrLayouts().get(n).blockCounts();
            assertEquals(
                    Math.floor((1 - s) * m * counts.length + 0.5),
                    java.util.Arrays.stream(counts).sum(),
                    "layer total on target");
            for (int b = 0; b < strategy.blocks(net, n); b++) {
                int expected = counts[b];
                for (int p = 0; p < active; p++) {
                    int rowsP = (out - p + active - 1) / active;
                    if (depthwise && b >= rowsP) {
                        continue; // this PE has no row b
                    }
                    int count = 0;
                    int s2 = stride(net, n);
                    int[] perPhase = new int[s2];
                    if (depthwise) { // block b = the PE's local row b: one channel's taps
                        for (int j = 0; j < k; j++) {
                            boolean kk = keep[(b * active + p) * fan + j];
                            count += kk ? 1 : 0;
                            perPhase[j * dilation(net, n) % s2] += kk ? 1 : 0;
                        }
                    } else { // block b = input channel b across the PE's rows
                        for (int o = p; o < out; o += active) {
                            for (int j = b * k; j < (b + 1) * k; j++) {
                                boolean kk = keep[o * fan + j];
                                count += kk ? 1 : 0;
                                perPhase[(j - b * k) * dilation(net, n) % s2] += kk ? 1 : 0;
                            }
                        }
                    }
                    assertEquals(expected, count, "layer " + n + " PE " + p + " block " + b);
                    assertArrayEquals(
                            strategy.phaseCounts(net, n, expected), perPhase, "equal work per PE in every tap phase");
                    blocks++;
                }
            }
            for (boolean kk : keep) {
                keptTotal += kk ? 1 : 0;
            }
            weightsTotal += keep.length;
        }
        assertTrue(blocks >= 4 * Math.min(pes, 2));
        assertEquals(0, r.storage().indexBits(), "index-free");
        long flags = net.prunableNodes().stream()
                .mapToLong(n -> r.lfsrLayouts().get(n).blockCounts().length)
                .sum();
        assertEquals(
                16L * net.prunableNodes().size() + flags,
                r.storage().metadataBits(),
                "a 16-bit seed and a flag per block");
        // PEs with an extra row (P not dividing the channels) keep a smaller fraction, so the total may overshoot
        assertEquals(s, 1 - (double) keptTotal / weightsTotal, pes == 3 || pes == 5 ? 0.15 : 0.03, "total on target");
    }

    @Test
    void balancedPatternIsRegeneratedFromTheSeedAloneByTheDocumentedRules() {
        Network net = encoder(4);
        BalancedStochastic strategy = new BalancedStochastic(4, 16);
        PruneResult r = strategy.prune(new PruneRequest(net, 0.75, 7, 8));
        int layers = 0;
        for (int n : net.prunableNodes()) {
            BalancedStochastic.Layout layout = r.lfsrLayouts().get(n);
            boolean depthwise = net.nodes().get(n).layer() instanceof shears.models.nn.Conv c && c.groups() > 1;
            boolean[] regenerated = documentedRules(
                    net.shape(n).channels(),
                    net.plan(n).fanIn(),
                    BalancedStochastic.taps(net, n),
                    depthwise,
                    stride(net, n),
                    dilation(net, n),
                    layout.pes(),
                    layout.layerSeed(),
                    layout.blockCounts());
            assertArrayEquals(r.masks().weightKeep()[n], regenerated, "layer " + n);
            layers++;
        }
        assertEquals(net.prunableNodes().size(), layers);
        // same request, same masks
        assertEquals(
                r.masks(), strategy.prune(new PruneRequest(net, 0.75, 7, 8)).masks());
    }

    /** An independent transcription of the rules in BalancedStochastic's javadoc (what the RTL implements). */
    private static boolean[] documentedRules(
            int out, int fan, int k, boolean depthwise, int stride, int dil, int pes, int seed, int[] counts) {
        boolean[] keep = new boolean[out * fan];
        int blocks = depthwise ? (out + pes - 1) / pes : fan / k;
        int[] tapsIn = new int[stride];
        for (int t = 0; t < k; t++) {
            tapsIn[t * dil % stride]++;
        }
        for (int p = 0; p < pes; p++) {
            int rows = (out - p + pes - 1) / pes;
            int state = (seed ^ (p * 0x9E37)) & 0xFFFF;
            if (state == 0) {
                state = 1;
            }
            for (int b = 0; b < blocks; b++) {
                if (depthwise && b >= rows) {
                    continue;
                }
                int m = depthwise ? k : rows * k;
                int w = 1;
                while ((1 << w) < m) {
                    w++;
                }
                // rule 4: the block's count shared out over the tap phases
                int[] perPhase = new int[stride];
                int sum = 0;
                for (int ph = 0; ph < stride; ph++) {
                    perPhase[ph] = counts[b] * tapsIn[ph] / k;
                    sum += perPhase[ph];
                }
                int room = depthwise ? 1 : out / pes;
                for (int ph = 0; ph < stride && sum < counts[b]; ph++) {
                    if (perPhase[ph] < room * tapsIn[ph]) {
                        perPhase[ph]++;
                        sum++;
                    }
                }
                boolean[] drawn = new boolean[m];
                boolean[] dropMode = new boolean[stride];
                for (int ph = 0; ph < stride; ph++) {
                    int mPhase = (depthwise ? 1 : rows) * tapsIn[ph];
                    dropMode[ph] = perPhase[ph] > mPhase / 2;
                    int draws = dropMode[ph] ? mPhase - perPhase[ph] : perPhase[ph];
                    while (draws > 0) {
                        int lsb = state & 1;
                        state >>>= 1;
                        if (lsb == 1) {
                            state ^= 0xB400;
                        }
                        int v = state & ((1 << w) - 1);
                        if (v < m && (v % k) * dil % stride == ph && !drawn[v]) {
                            drawn[v] = true;
                            draws--;
                        }
                    }
                }
                for (int e = 0; e < m; e++) {
                    int row = depthwise ? b : e / k;
                    int column = depthwise ? e : b * k + e % k;
                    keep[(row * pes + p) * fan + column] = dropMode[(e % k) * dil % stride] != drawn[e];
                }
            }
        }
        return keep;
    }

    private static int stride(Network net, int n) {
        return net.nodes().get(n).layer() instanceof shears.models.nn.Conv c ? c.strideW() : 1;
    }

    private static int dilation(Network net, int n) {
        return net.nodes().get(n).layer() instanceof shears.models.nn.Conv c ? c.dilationW() : 1;
    }

    @Test
    void lfsrHasFullPeriod() {
        Lfsr lfsr = new Lfsr(1);
        int period = 0;
        do {
            lfsr.next();
            period++;
        } while (lfsr.state() != 1 && period < 70_000);
        assertEquals(65_535, period);
    }

    @Test
    void balancedPicksTheSeedKeepingMostMagnitude() {
        Network net = encoder(5);
        double one = keptMagnitude(net, new BalancedStochastic(4, 1).prune(new PruneRequest(net, 0.75, 3, 8)));
        double many = keptMagnitude(net, new BalancedStochastic(4, 32).prune(new PruneRequest(net, 0.75, 3, 8)));
        assertTrue(many >= one, many + " < " + one);
    }

    private static double keptMagnitude(Network net, PruneResult r) {
        double sum = 0;
        for (int n : net.prunableNodes()) {
            for (int i = 0; i < net.weights(n).length; i++) {
                sum += r.masks().weightKeep()[n][i] ? Math.abs(net.weights(n)[i]) : 0;
            }
        }
        return sum;
    }

    @Test
    void balancedHandlesPeCountsThatDoNotDivideTheChannels() {
        Network net = encoder(6);
        BalancedStochastic strategy = new BalancedStochastic(3, 4);
        PruneResult r = strategy.prune(new PruneRequest(net, 0.5, 0, 8));
        for (int n : net.prunableNodes()) {
            BalancedStochastic.Layout layout = r.lfsrLayouts().get(n);
            boolean depthwise = net.nodes().get(n).layer() instanceof shears.models.nn.Conv c && c.groups() > 1;
            assertArrayEquals(
                    r.masks().weightKeep()[n],
                    documentedRules(
                            net.shape(n).channels(),
                            net.plan(n).fanIn(),
                            BalancedStochastic.taps(net, n),
                            depthwise,
                            stride(net, n),
                            dilation(net, n),
                            layout.pes(),
                            layout.layerSeed(),
                            layout.blockCounts()),
                    "layer " + n);
        }
    }

    @ParameterizedTest
    @CsvSource({"0.5,4", "0.75,2", "0.9,1"})
    void nOfMKeepsExactlyNPerBank(double s, int n) {
        Network net = encoder(7);
        PruneResult r = new NOfM(8).prune(new PruneRequest(net, s, 0, 8));
        int banks = 0;
        for (int node : net.prunableNodes()) {
            int fan = net.plan(node).fanIn();
            boolean[] keep = r.masks().weightKeep()[node];
            for (int o = 0; o < net.shape(node).channels(); o++) {
                for (int b = 0; b + 8 <= fan; b += 8) {
                    int count = 0;
                    for (int j = 0; j < 8; j++) {
                        count += keep[o * fan + b + j] ? 1 : 0;
                    }
                    assertEquals(n, count);
                    banks++;
                }
            }
        }
        assertTrue(banks > 10);
        long nnz = 0;
        for (int node : net.prunableNodes()) {
            nnz += kept(r.masks().weightKeep()[node]);
        }
        assertEquals(nnz * 3, r.storage().indexBits(), "3 index bits per non-zero for M = 8");
    }

    @Test
    void structuredRemovesWholeFiltersButNotTheOutputLayer() {
        Network net = encoder(8);
        PruneResult r = new Structured().prune(new PruneRequest(net, 0.5, 0, 8));
        int last = net.nodes().size() - 1;
        assertEquals(null, r.masks().weightKeep()[last]);
        for (int n : net.prunableNodes()) {
            if (n == last) {
                continue;
            }
            int out = net.shape(n).channels();
            int fan = net.plan(n).fanIn();
            int dropped = 0;
            for (int o = 0; o < out; o++) {
                boolean live = r.masks().biasKeep()[n][o];
                for (int j = 0; j < fan; j++) {
                    assertEquals(live, r.masks().weightKeep()[n][o * fan + j], "whole filter kept or dropped");
                }
                dropped += live ? 0 : 1;
            }
            assertEquals(out / 2, dropped);
        }
    }

    /** A real fine-tuner on a tiny autoencoder problem. */
    private static FineTuner tuner(Network decoder, List<Tensor> data) {
        return (net, masks, reg, epochs) -> {
            List<Masks> m = new ArrayList<>();
            m.add(masks);
            m.add(null);
            new Trainer(List.of(net, decoder), m, reg).fit(data, data, TrainConfig.of(epochs, 8, 1e-3, 1));
        };
    }

    private static List<Tensor> data() {
        SplittableRandom r = new SplittableRandom(1);
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < 32; k++) {
            Tensor t = new Tensor(DsCae.encoder(SMALL).inputShape());
            for (int i = 0; i < t.data().length; i++) {
                t.data()[i] = Math.sin(i * 0.2 + k) * 0.5 + r.nextDouble() * 0.1;
            }
            out.add(t);
        }
        return out;
    }

    @Test
    void lotteryTicketRewindsSurvivorsAndReachesTheTarget() {
        Network enc = encoder(9);
        Network dec = DsCae.decoder(SMALL);
        dec.initialize(10);
        Network rewind = enc.copy();
        List<Tensor> data = data();
        tuner(dec, data).train(enc, null, Regularizer.NONE, 2);
        PruneResult r = new LotteryTicket(tuner(dec, data), rewind, 3, 1).prune(new PruneRequest(enc, 0.8, 0, 8));
        assertEquals(0.8, r.achievedSparsity(), 0.01);
        Network start = r.startingPoint().orElseThrow();
        int checked = 0;
        for (int n : enc.prunableNodes()) {
            for (int i = 0; i < enc.weights(n).length; i++) {
                double expected = r.masks().weightKeep()[n][i] ? rewind.weights(n)[i] : 0.0;
                assertEquals(expected, start.weights(n)[i], "rewound survivor or zero");
                checked++;
            }
        }
        assertTrue(checked > 100);
    }

    @Test
    void gatingPrunesChannelsByLearnedGates() {
        Network enc = encoder(11);
        Network dec = DsCae.decoder(SMALL);
        dec.initialize(12);
        PruneResult r =
                new PolarizationGating(tuner(dec, data()), 2, 1e-3, 1.0).prune(new PruneRequest(enc, 0.5, 0, 8));
        Network start = r.startingPoint().orElseThrow();
        assertEquals(enc.nodes().size(), start.nodes().size(), "gates folded away");
        int layers = 0;
        for (int n : start.prunableNodes()) {
            if (n == start.nodes().size() - 1) {
                continue;
            }
            int dropped = 0;
            for (boolean b : r.masks().biasKeep()[n]) {
                dropped += b ? 0 : 1;
            }
            assertEquals(start.shape(n).channels() / 2, dropped);
            layers++;
        }
        assertTrue(layers >= 3);
    }

    @Test
    void sparsityOutsideTheRangeIsRejected() {
        Network net = encoder(13);
        assertThrows(IllegalArgumentException.class, () -> new PruneRequest(net, 1.0, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new PruneRequest(net, -0.1, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new PruneRequest(net, Double.NaN, 0, 8));
    }
}
