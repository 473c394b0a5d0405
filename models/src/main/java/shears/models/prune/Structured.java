package shears.models.prune;

import java.util.Map;
import java.util.Optional;
import shears.models.nn.Masks;
import shears.models.nn.Network;

/**
 * Structured (filter) pruning: in every prunable layer except the network's output layer, the
 * round(sparsity x out) output channels with the smallest L1 weight norm lose all weights and their
 * bias. Storage: live filters only plus a keep bit per channel; weights of later layers that read
 * a removed channel are still counted (they would be removed by re-shaping the model).
 */
public final class Structured implements PruningStrategy {
    @Override
    public String name() {
        return "structured";
    }

    @Override
    public PruneResult prune(PruneRequest request) {
        request.requireUniform(name());
        Network net = request.network();
        double[][] scores = new double[net.nodes().size()][];
        for (int n : net.prunableNodes()) {
            scores[n] = l1PerChannel(net, n);
        }
        Masks masks = channelMasks(net, scores, request.sparsity());
        return new PruneResult(
                name(),
                masks,
                channelCost(net, masks, request.weightBits()),
                masks.sparsity(net),
                Optional.empty(),
                Map.of());
    }

    static double[] l1PerChannel(Network net, int n) {
        int out = net.shape(n).channels();
        int fan = net.plan(n).fanIn();
        double[] l1 = new double[out];
        for (int i = 0; i < out * fan; i++) {
            l1[i / fan] += Math.abs(net.weights(n)[i]);
        }
        return l1;
    }

    /** Drops the lowest-scoring round(sparsity x out) channels per scored layer (never the output layer). */
    static Masks channelMasks(Network net, double[][] scores, double sparsity) {
        Masks masks = Masks.none(net);
        int last = net.nodes().size() - 1;
        for (int n = 0; n < scores.length; n++) {
            if (scores[n] == null || n == last) {
                continue;
            }
            int out = scores[n].length;
            int fan = net.plan(n).fanIn();
            int drop = Math.min(out - 1, (int) Math.floor(sparsity * out + 0.5));
            Integer[] order = new Integer[out];
            for (int o = 0; o < out; o++) {
                order[o] = o;
            }
            double[] s = scores[n];
            java.util.Arrays.sort(order, (a, b) -> s[a] != s[b] ? Double.compare(s[a], s[b]) : Integer.compare(a, b));
            boolean[] keepW = new boolean[out * fan];
            boolean[] keepB = new boolean[out];
            java.util.Arrays.fill(keepW, true);
            java.util.Arrays.fill(keepB, true);
            for (int k = 0; k < drop; k++) {
                int o = order[k];
                keepB[o] = false;
                java.util.Arrays.fill(keepW, o * fan, (o + 1) * fan, false);
            }
            masks.weightKeep()[n] = keepW;
            masks.biasKeep()[n] = keepB;
        }
        return masks;
    }

    static StorageCost channelCost(Network net, Masks masks, int weightBits) {
        StorageCost cost = StorageCost.ZERO;
        for (int n : net.prunableNodes()) {
            int out = net.shape(n).channels();
            boolean[] b = masks.biasKeep()[n];
            int live = 0;
            for (int o = 0; o < out; o++) {
                live += b == null || b[o] ? 1 : 0;
            }
            cost = cost.plus(new StorageCost((long) masks.keptWeights(net, n) * weightBits + 32L * live, 0, out));
        }
        return cost;
    }
}
