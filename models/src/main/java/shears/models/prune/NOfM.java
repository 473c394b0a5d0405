package shears.models.prune;

import java.util.Map;
import java.util.Optional;
import shears.models.nn.Masks;
import shears.models.nn.Network;

/**
 * N:M (bank-balanced) pruning: along each output channel's fanIn, every bank of M consecutive
 * weights keeps its N = round((1 - sparsity) * M) largest (at least 1; a short last bank keeps
 * round(N * len / M)). Each non-zero stores its position in the bank: ceil(log2 M) bits.
 */
public final class NOfM implements PruningStrategy {
    private final int m;

    public NOfM(int m) {
        if (m < 2) {
            throw new IllegalArgumentException("N:M bank size must be at least 2: " + m);
        }
        this.m = m;
    }

    @Override
    public String name() {
        return "n-of-m";
    }

    @Override
    public PruneResult prune(PruneRequest request) {
        request.requireUniform(name());
        Network net = request.network();
        Masks masks = Masks.none(net);
        int n = Math.max(1, (int) Math.floor((1 - request.sparsity()) * m + 0.5));
        StorageCost cost = StorageCost.ZERO;
        for (int node : net.prunableNodes()) {
            double[] w = net.weights(node);
            int out = net.shape(node).channels();
            int fan = net.plan(node).fanIn();
            boolean[] keep = new boolean[w.length];
            for (int o = 0; o < out; o++) {
                for (int b = 0; b < fan; b += m) {
                    int len = Math.min(m, fan - b);
                    int k = len == m ? n : Math.max(1, (int) Math.floor((double) n * len / m + 0.5));
                    for (int taken = 0; taken < k; taken++) { // selection of the k largest, ties to the lower index
                        int best = -1;
                        for (int j = 0; j < len; j++) {
                            int i = o * fan + b + j;
                            if (!keep[i] && (best < 0 || Math.abs(w[i]) > Math.abs(w[best]))) {
                                best = i;
                            }
                        }
                        keep[best] = true;
                    }
                }
            }
            masks.weightKeep()[node] = keep;
            long nnz = masks.keptWeights(net, node);
            cost = cost.plus(new StorageCost(nnz * request.weightBits() + 32L * out, nnz * Magnitude.bitsFor(m), 0));
        }
        return new PruneResult(
                name() + "(" + n + ":" + m + ")", masks, cost, masks.sparsity(net), Optional.empty(), Map.of());
    }
}
