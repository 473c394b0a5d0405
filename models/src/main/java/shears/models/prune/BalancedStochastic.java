package shears.models.prune;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import shears.models.nn.Masks;
import shears.models.nn.Network;

/**
 * Hardware-aware balanced stochastic pruning for an array of {@code pes} processing elements; no
 * sparse index is stored because the hardware regenerates the pattern from a 16-bit seed per layer.
 *
 * <p>The exact mapping, for a layer with weights {@code [out][fanIn]}, fanIn = inputs-per-group x K
 * taps:
 * <ol>
 * <li>PE {@code p} owns output channels {@code p, p + A, p + 2A, ...} with {@code A = min(P, out)}
 *     active PEs (a layer with fewer channels than PEs uses one PE per channel, the others idle);
 *     its local row of channel o is {@code o / A}, and it has {@code rows_p = ceil((out - p) / A)}
 *     rows (equal for all PEs when A divides the channels, else one more on the first PEs).</li>
 * <li>Blocks: for a standard convolution or dense layer, block b is input channel b: the PE's
 *     rows x K weights reading it ({@code m_p = rows_p * K}, element {@code e = localRow * K + tap});
 *     for a depthwise convolution, block b is the PE's local row b: that channel's K taps
 *     ({@code m_p = K}, {@code e = tap}; PEs without a row b skip the block). So a block is
 *     exactly what one broadcast activation (or one depthwise activation) makes a PE work on.</li>
 * <li>Every PE keeps the same number {@code n_b} of elements of block b, so all PEs do the same
 *     work per activation: with B blocks and {@code m} the smallest PE block ({@code floor(out / A) * K},
 *     or K), {@code T = floor((1 - s) * m * B + 0.5)} (doubles, left to right), {@code n_b = floor(T / B)},
 *     plus one for the {@code T mod B} blocks with the largest total |w| over all PEs (ties to the
 *     lower b). PEs with more rows therefore keep a smaller fraction. The B "plus one" flags are
 *     the only stored metadata besides the seed (B bits per layer); they let a narrow layer keep
 *     its strongest inputs when {@code (1 - s) * m} is below one.</li>
 * <li>Tap phases: in a 1-D convolution with stride s an activation at position t only reaches
 *     outputs through taps k with {@code k * dilation ≡ t + pad (mod s)}, so the hardware walks one
 *     phase class of a block per activation. To keep PEs equal per activation, block b's
 *     {@code n_b} is shared out over the s classes: class φ with {@code c_φ} taps keeps
 *     {@code floor(n_b * c_φ / K)}, then one more goes to classes φ = 0, 1, ... that have room
 *     (fewer than {@code floor(out / A) * c_φ}, or {@code c_φ} for depthwise) until the total is n_b.
 *     Layers with stride 1 (and dense layers) have one class.</li>
 * <li>PE p's LFSR starts at {@link Lfsr#peSeed}(layerSeed, p) and runs on through its blocks
 *     b = 0, 1, ... and, within a block, its classes φ = 0, 1, ... For each class with
 *     {@code m_pφ = rows_p * c_φ} positions (c_φ for depthwise) keeping {@code n = n_bφ} it draws
 *     {@code d = n} positions to keep, or, when {@code n > m_pφ / 2}, {@code d = m_pφ - n} of the
 *     class's positions to drop: repeat {@code v = next() & (2^w - 1)} with
 *     {@code w = max(1, ceil(log2 m_p))} over the whole block; accept v if {@code v < m_p}, v is in
 *     class φ (its tap {@code v mod K}, or v for depthwise, has phase φ) and not yet drawn; until d
 *     drawn.</li>
 * <li>Among {@code candidates} layer seeds derived from the request seed, the one whose pattern
 *     keeps the largest sum of |w| wins.</li>
 * </ol>
 */
public final class BalancedStochastic implements PruningStrategy {
    private final int pes;
    private final int candidates;

    /** Index-free layout of one layer: what the hardware needs to regenerate the pattern. */
    public record Layout(int pes, int layerSeed, int[] blockCounts, int keptPerPe, double sparsity) {
        public Layout {
            blockCounts = blockCounts.clone();
        }
    }

    public BalancedStochastic(int pes, int candidates) {
        if (pes < 1) {
            throw new IllegalArgumentException("PE count must be positive: " + pes);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("candidate seeds must be positive: " + candidates);
        }
        this.pes = pes;
        this.candidates = candidates;
    }

    @Override
    public String name() {
        return "balanced";
    }

    @Override
    public PruneResult prune(PruneRequest request) {
        Network net = request.network();
        Masks masks = Masks.none(net);
        Map<Integer, Layout> layouts = new HashMap<>();
        StorageCost cost = StorageCost.ZERO;
        List<Integer> nodes = net.prunableNodes();
        for (int n : nodes) {
            int out = net.shape(n).channels();
            SplittableRandom seeds = new SplittableRandom(request.seed() * 0x9E3779B97F4A7C15L + n);
            boolean[] best = null;
            int bestSeed = 0;
            double bestKept = -1;
            int[] counts = blockCounts(net, n, request.sparsityOf(n));
            for (int c = 0; c < candidates; c++) {
                int seed = 1 + seeds.nextInt(0xFFFF);
                boolean[] keep = pattern(net, n, seed, counts, null);
                double kept = 0;
                double[] w = net.weights(n);
                for (int i = 0; i < w.length; i++) {
                    if (keep[i]) {
                        kept += Math.abs(w[i]);
                    }
                }
                if (kept > bestKept) {
                    bestKept = kept;
                    best = keep;
                    bestSeed = seed;
                }
            }
            masks.weightKeep()[n] = best;
            int kept = masks.keptWeights(net, n);
            layouts.put(
                    n,
                    new Layout(activePes(net, n), bestSeed, counts, kept / activePes(net, n), request.sparsityOf(n)));
            cost = cost.plus(new StorageCost((long) kept * request.weightBits() + 32L * out, 0, 16L + counts.length));
        }
        return new PruneResult(name(), masks, cost, masks.sparsity(net), Optional.empty(), layouts);
    }

    /** PEs holding channels of node {@code n}: all of them, or one per channel when the layer is narrower. */
    public int activePes(Network net, int n) {
        return Math.min(pes, net.shape(n).channels());
    }

    /** Blocks of node {@code n} (rule 2): input channels, or local rows for depthwise layers. */
    public int blocks(Network net, int n) {
        int active = activePes(net, n);
        return isDepthwise(net, n)
                ? (net.shape(n).channels() + active - 1) / active
                : net.plan(n).fanIn() / taps(net, n);
    }

    /** Rows (output channels) of PE {@code p} in node {@code n} (rule 1). */
    public int rows(Network net, int n, int p) {
        int active = activePes(net, n);
        return p < active ? (net.shape(n).channels() - p + active - 1) / active : 0;
    }

    /** The smallest PE block of node {@code n}, which sets the kept counts (rule 3). */
    public int blockSize(Network net, int n) {
        int rows = net.shape(n).channels() / activePes(net, n);
        return isDepthwise(net, n) ? taps(net, n) : rows * taps(net, n);
    }

    /** Elements of PE {@code p}'s block {@code b} of node {@code n} (rule 2); 0 when the PE has no such block. */
    public int blockSize(Network net, int n, int p, int b) {
        if (isDepthwise(net, n)) {
            return b < rows(net, n, p) ? taps(net, n) : 0;
        }
        return rows(net, n, p) * taps(net, n);
    }

    /** Kept elements per block of node {@code n} (rule 3), from its current weights. */
    public int[] blockCounts(Network net, int n, double sparsity) {
        int blocks = blocks(net, n);
        int m = blockSize(net, n);
        long total = (long) Math.floor((1 - sparsity) * m * blocks + 0.5);
        int base = (int) (total / blocks);
        int extra = (int) (total - (long) base * blocks);
        double[] score = new double[blocks];
        int out = net.shape(n).channels();
        int fan = net.plan(n).fanIn();
        int k = taps(net, n);
        int active = activePes(net, n);
        boolean depthwise = isDepthwise(net, n);
        double[] w = net.weights(n);
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < fan; j++) {
                int b = depthwise ? o / active : j / k;
                score[b] += Math.abs(w[o * fan + j]);
            }
        }
        Integer[] order = new Integer[blocks];
        for (int b = 0; b < blocks; b++) {
            order[b] = b;
        }
        java.util.Arrays.sort(
                order, (x, y) -> score[x] != score[y] ? Double.compare(score[y], score[x]) : Integer.compare(x, y));
        int[] counts = new int[blocks];
        java.util.Arrays.fill(counts, base);
        for (int i = 0; i < extra; i++) {
            counts[order[i]]++;
        }
        return counts;
    }

    static boolean isDepthwise(Network net, int n) {
        return net.nodes().get(n).layer() instanceof shears.models.nn.Conv c
                && c.groups() > 1
                && c.groups() == c.inChannels()
                && c.outChannels() == c.inChannels();
    }

    /** Kernel taps per input channel (1 for dense layers). */
    public static int taps(Network net, int n) {
        var layer = net.nodes().get(n).layer();
        if (layer instanceof shears.models.nn.Conv conv) {
            return conv.kernelH() * conv.kernelW();
        }
        if (layer instanceof shears.models.nn.ConvTranspose t) {
            return t.kernelH() * t.kernelW();
        }
        return 1;
    }

    /** The keep-mask of node {@code n} for one layer seed and its layout's block counts (rules 1-5). */
    public boolean[] pattern(Network net, int n, Layout layout) {
        return pattern(net, n, layout.layerSeed(), layout.blockCounts(), null);
    }

    /**
     * As above; {@code steps}, when non-null, receives per PE and block the LFSR steps the draw
     * took ({@code steps[p][block]}); hardware regenerating the block spends these plus one cycle
     * per phase class.
     */
    public boolean[] pattern(Network net, int n, int layerSeed, int[] counts, int[][] steps) {
        int out = net.shape(n).channels();
        int fan = net.plan(n).fanIn();
        int active = activePes(net, n);
        int k = taps(net, n);
        int blocks = blocks(net, n);
        if (counts.length != blocks) {
            throw new IllegalArgumentException("layer '" + net.nodes().get(n).name() + "' has " + blocks
                    + " blocks, got " + counts.length + " counts");
        }
        boolean depthwise = isDepthwise(net, n);
        boolean[] keep = new boolean[out * fan];
        int[] stepsTaken = {0};
        for (int p = 0; p < active; p++) {
            Lfsr lfsr = new Lfsr(Lfsr.peSeed(layerSeed, p));
            for (int b = 0; b < blocks; b++) {
                int mp = blockSize(net, n, p, b);
                if (mp == 0) {
                    continue; // a depthwise PE without row b
                }
                int kept = counts[b];
                int before = stepsTaken[0];
                int[] perPhase = phaseCounts(net, n, kept);
                boolean[] drawn = new boolean[mp];
                boolean[] dropMode = new boolean[perPhase.length];
                for (int ph = 0; ph < perPhase.length; ph++) {
                    int mPhase = (depthwise ? 1 : rows(net, n, p)) * phaseTaps(net, n, ph);
                    dropMode[ph] = perPhase[ph] > mPhase / 2;
                    final int phase = ph;
                    draw(
                            lfsr,
                            mp,
                            dropMode[ph] ? mPhase - perPhase[ph] : perPhase[ph],
                            e -> phaseOf(net, n, depthwise ? e : e % k) == phase,
                            drawn,
                            stepsTaken);
                }
                if (steps != null) {
                    steps[p][b] = stepsTaken[0] - before;
                }
                for (int e = 0; e < mp; e++) {
                    boolean keepIt = dropMode[phaseOf(net, n, depthwise ? e : e % k)] != drawn[e];
                    int row = depthwise ? b : e / k;
                    int column = depthwise ? e : b * k + e % k;
                    keep[(row * active + p) * fan + column] = keepIt;
                }
            }
        }
        return keep;
    }

    /** Draws {@code count} positions of {@code m} that {@code eligible} accepts into {@code drawn} (rule 5). */
    private static void draw(
            Lfsr lfsr, int m, int count, java.util.function.IntPredicate eligible, boolean[] drawn, int[] steps) {
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(m - 1));
        int mask = (1 << bits) - 1;
        for (int got = 0; got < count; ) {
            steps[0]++;
            int v = lfsr.next() & mask;
            if (v < m && eligible.test(v) && !drawn[v]) {
                drawn[v] = true;
                got++;
            }
        }
    }

    /** Tap phases of node {@code n} (rule 4): its stride along the signal for 1-D convolutions, else 1. */
    public static int phases(Network net, int n) {
        return net.nodes().get(n).layer() instanceof shears.models.nn.Conv c && c.kernelH() == 1 && c.strideH() == 1
                ? c.strideW()
                : 1;
    }

    /** Phase of tap {@code tap} of node {@code n}: {@code tap * dilation mod stride}. */
    public static int phaseOf(Network net, int n, int tap) {
        int s = phases(net, n);
        return s == 1 ? 0 : tap * ((shears.models.nn.Conv) net.nodes().get(n).layer()).dilationW() % s;
    }

    /** Taps of node {@code n} in phase {@code phase}. */
    public static int phaseTaps(Network net, int n, int phase) {
        int c = 0;
        for (int t = 0; t < taps(net, n); t++) {
            c += phaseOf(net, n, t) == phase ? 1 : 0;
        }
        return c;
    }

    /**
     * Rule 4: a block keeping {@code kept} positions keeps {@code floor(kept * c / K)} of each phase
     * with c taps, then one more in phases 0, 1, ... that have room until the total is {@code kept}.
     * Room in a phase: its positions in the smallest PE block ({@code floor(out / A) * c}, or c).
     */
    public int[] phaseCounts(Network net, int n, int kept) {
        int s = phases(net, n);
        int k = taps(net, n);
        int rowsMin = isDepthwise(net, n) ? 1 : net.shape(n).channels() / activePes(net, n);
        int[] c = new int[s];
        int sum = 0;
        for (int ph = 0; ph < s; ph++) {
            c[ph] = (int) ((long) kept * phaseTaps(net, n, ph) / k);
            sum += c[ph];
        }
        for (int ph = 0; ph < s && sum < kept; ph++) {
            if (c[ph] < rowsMin * phaseTaps(net, n, ph)) {
                c[ph]++;
                sum++;
            }
        }
        if (sum != kept) {
            throw new IllegalStateException(
                    "phase counts " + java.util.Arrays.toString(c) + " do not add up to " + kept);
        }
        return c;
    }
}
