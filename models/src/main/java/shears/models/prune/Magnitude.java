package shears.models.prune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import shears.models.nn.Masks;
import shears.models.nn.Network;

/**
 * Unstructured magnitude pruning: the smallest |w| go, per layer (each layer exactly at the
 * sparsity, rounded half up) or globally (all prunable weights ranked together). Ties go by
 * position, so the result is deterministic. Stored as compressed sparse columns (see {@link #cscCost}).
 */
public final class Magnitude implements PruningStrategy {
    private final boolean global;

    public Magnitude(boolean global) {
        this.global = global;
    }

    @Override
    public String name() {
        return global ? "magnitude-global" : "magnitude";
    }

    @Override
    public PruneResult prune(PruneRequest request) {
        Network net = request.network();
        Masks masks = Masks.none(net);
        List<Integer> nodes = net.prunableNodes();
        for (int n : nodes) {
            masks.weightKeep()[n] = new boolean[net.weights(n).length];
        }
        if (global) {
            request.requireUniform(name());
            List<long[]> all = new ArrayList<>(); // (node, index)
            for (int n : nodes) {
                for (int i = 0; i < net.weights(n).length; i++) {
                    all.add(new long[] {n, i});
                }
            }
            keepLargest(all, (int) Math.floor((1 - request.sparsity()) * all.size() + 0.5), net, masks);
        } else {
            for (int n : nodes) {
                List<long[]> layer = new ArrayList<>();
                for (int i = 0; i < net.weights(n).length; i++) {
                    layer.add(new long[] {n, i});
                }
                keepLargest(layer, (int) Math.floor((1 - request.sparsityOf(n)) * layer.size() + 0.5), net, masks);
            }
        }
        return new PruneResult(
                name(),
                masks,
                cscCost(net, masks, request.weightBits()),
                masks.sparsity(net),
                Optional.empty(),
                Map.of());
    }

    private static void keepLargest(List<long[]> weights, int keep, Network net, Masks masks) {
        weights.sort(Comparator.<long[]>comparingDouble(e -> -Math.abs(net.weights((int) e[0])[(int) e[1]]))
                .thenComparingLong(e -> e[0])
                .thenComparingLong(e -> e[1]));
        for (int k = 0; k < keep; k++) {
            masks.weightKeep()[(int) weights.get(k)[0]][(int) weights.get(k)[1]] = true;
        }
    }

    /**
     * Compressed sparse columns over each layer's {@code [out][fanIn]} matrix, the format an
     * activation-driven array walks: every non-zero carries its row (output channel) index of
     * ceil(log2 out) bits, and each of the fanIn + 1 column pointers has ceil(log2(nnz + 1)) bits.
     */
    public static StorageCost cscCost(Network net, Masks masks, int weightBits) {
        StorageCost cost = StorageCost.ZERO;
        for (int n : net.prunableNodes()) {
            int out = net.shape(n).channels();
            int fan = net.plan(n).fanIn();
            long nnz = masks.keptWeights(net, n);
            long index = nnz * bitsFor(out) + (long) (fan + 1) * bitsFor(nnz + 1);
            cost = cost.plus(new StorageCost(nnz * weightBits + 32L * out, index, 0));
        }
        return cost;
    }

    /** Bits to index {@code count} distinct values (at least 1). */
    static int bitsFor(long count) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(count - 1));
    }
}
