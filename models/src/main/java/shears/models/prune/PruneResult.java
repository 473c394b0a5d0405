package shears.models.prune;

import java.util.Map;
import java.util.Optional;
import shears.models.nn.Masks;
import shears.models.nn.Network;

/**
 * Masks for the request's network (or for {@code startingPoint}'s, which has the same structure
 * when present), their storage cost and achieved sparsity. {@code startingPoint} holds the weights
 * fine-tuning should start from when the strategy produced them (rewound lottery-ticket weights,
 * gate-folded weights); otherwise fine-tune from the original weights. {@code lfsrLayouts} maps a
 * node index to its index-free layout (balanced stochastic only).
 */
public record PruneResult(
        String strategy,
        Masks masks,
        StorageCost storage,
        double achievedSparsity,
        Optional<Network> startingPoint,
        Map<Integer, BalancedStochastic.Layout> lfsrLayouts) {
    public PruneResult {
        lfsrLayouts = Map.copyOf(lfsrLayouts);
    }

    /** The network to fine-tune: a copy of the starting point or of {@code original}, with masks applied. */
    public Network maskedNetwork(Network original) {
        Network net = startingPoint.orElse(original).copy();
        net.applyMasks(masks);
        return net;
    }
}
