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
 * <li>PE {@code p} owns output channels {@code p, p + P, p + 2P, ...}; its local row of channel o is
 *     {@code o / P}. P must divide the output channels; a layer with fewer channels than PEs uses
 *     one PE per channel (P becomes its channel count for that layer, the other PEs idle).</li>
 * <li>Input channels are grouped {@code g} at a time ({@code g = ceil(16 / (rowsPerPe * K))}, at most
 *     the inputs per group), so a block is rowsPerPe x (g x K) weights; block j covers fanIn
 *     columns {@code [j g K, min((j+1) g K, fanIn))}. Within a block, element
 *     {@code e = localRow * blockCols + column - j g K}.</li>
 * <li>Every PE keeps exactly {@code n_j = round((1 - sparsity) * m_j)} of the m_j elements of block j
 *     (round half up), hence the balance.</li>
 * <li>PE p's LFSR starts at {@link Lfsr#peSeed}(layerSeed, p) and runs on through blocks j = 0, 1, ...
 *     For each block it draws {@code d = n_j} positions to keep, or, when {@code n_j > m_j / 2},
 *     {@code d = m_j - n_j} positions to drop: repeat {@code v = next() & (2^b - 1)} with
 *     {@code b = max(1, ceil(log2 m_j))}; accept v if {@code v < m_j} and not yet drawn; until d drawn.</li>
 * <li>Among {@code candidates} layer seeds derived from the request seed, the one whose pattern
 *     keeps the largest sum of |w| wins.</li>
 * </ol>
 */
public final class BalancedStochastic implements PruningStrategy {
    private static final int MIN_BLOCK = 16;
    private final int pes;
    private final int candidates;

    /** Index-free layout of one layer: what the hardware needs to regenerate the pattern. */
    public record Layout(int pes, int layerSeed, int inputsPerBlock, int keptPerPe) {
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
            if (out % activePes(net, n) != 0) {
                throw new IllegalArgumentException("layer '" + net.nodes().get(n).name() + "': " + pes
                        + " PEs do not divide its " + out + " output channels, so balanced pruning cannot give every PE the same work");
            }
            SplittableRandom seeds = new SplittableRandom(request.seed() * 0x9E3779B97F4A7C15L + n);
            boolean[] best = null;
            int bestSeed = 0;
            double bestKept = -1;
            for (int c = 0; c < candidates; c++) {
                int seed = 1 + seeds.nextInt(0xFFFF);
                boolean[] keep = pattern(net, n, seed, request.sparsity());
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
            layouts.put(n, new Layout(activePes(net, n), bestSeed, inputsPerBlock(net, n), kept / activePes(net, n)));
            cost = cost.plus(new StorageCost((long) kept * request.weightBits() + 32L * out, 0, 16));
        }
        return new PruneResult(name(), masks, cost, masks.sparsity(net), Optional.empty(), layouts);
    }

    /** PEs holding channels of node {@code n}: all of them, or one per channel when the layer is narrower. */
    public int activePes(Network net, int n) {
        return Math.min(pes, net.shape(n).channels());
    }

    /** Input channels per block for node {@code n} (rule 2 above). */
    public int inputsPerBlock(Network net, int n) {
        int taps = taps(net, n);
        int rows = net.shape(n).channels() / activePes(net, n);
        int inputs = net.plan(n).fanIn() / taps;
        int g = (MIN_BLOCK + rows * taps - 1) / (rows * taps);
        return Math.max(1, Math.min(g, inputs));
    }

    /** Kernel taps per input channel (1 for dense layers). */
    static int taps(Network net, int n) {
        var layer = net.nodes().get(n).layer();
        if (layer instanceof shears.models.nn.Conv conv) {
            return conv.kernelH() * conv.kernelW();
        }
        if (layer instanceof shears.models.nn.ConvTranspose t) {
            return t.kernelH() * t.kernelW();
        }
        return 1;
    }

    /** The keep-mask of node {@code n} for one layer seed (rules 1-4). */
    public boolean[] pattern(Network net, int n, int layerSeed, double sparsity) {
        int out = net.shape(n).channels();
        int fan = net.plan(n).fanIn();
        int active = activePes(net, n);
        int rows = out / active;
        int blockCols = inputsPerBlock(net, n) * taps(net, n);
        boolean[] keep = new boolean[out * fan];
        for (int p = 0; p < active; p++) {
            Lfsr lfsr = new Lfsr(Lfsr.peSeed(layerSeed, p));
            for (int col0 = 0; col0 < fan; col0 += blockCols) {
                int cols = Math.min(blockCols, fan - col0);
                int m = rows * cols;
                int kept = (int) Math.floor((1 - sparsity) * m + 0.5);
                boolean[] drawn = draw(lfsr, m, kept > m / 2 ? m - kept : kept);
                for (int e = 0; e < m; e++) {
                    boolean k = (kept > m / 2) != drawn[e];
                    int o = (e / cols) * active + p;
                    keep[o * fan + col0 + e % cols] = k;
                }
            }
        }
        return keep;
    }

    private static boolean[] draw(Lfsr lfsr, int m, int count) {
        boolean[] drawn = new boolean[m];
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(m - 1));
        int mask = (1 << bits) - 1;
        for (int got = 0; got < count; ) {
            int v = lfsr.next() & mask;
            if (v < m && !drawn[v]) {
                drawn[v] = true;
                got++;
            }
        }
        return drawn;
    }
}
