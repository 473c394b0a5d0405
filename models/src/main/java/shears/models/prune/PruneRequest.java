package shears.models.prune;

import java.util.Map;
import shears.models.nn.Network;

/**
 * What a strategy prunes: the network's convolution/dense weights, to {@code sparsity} in [0, 1),
 * or, for the layers {@code layerSparsity} names, to their own targets (a hardware-aware search's
 * per-layer decision). Strategies that prune every layer alike refuse per-layer targets.
 */
public record PruneRequest(
        Network network, double sparsity, long seed, int weightBits, Map<String, Double> layerSparsity) {
    public PruneRequest {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        }
        if (weightBits < 1 || weightBits > 32) {
            throw new IllegalArgumentException("weight bits must be 1..32, got " + weightBits);
        }
        layerSparsity = Map.copyOf(layerSparsity);
        for (var e : layerSparsity.entrySet()) {
            if (!(e.getValue() >= 0 && e.getValue() < 1)) {
                throw new IllegalArgumentException(
                        "layer '" + e.getKey() + "': sparsity must be in [0, 1), got " + e.getValue());
            }
            network.indexOf(e.getKey()); // names a layer of the network
        }
    }

    /** The same target for every layer. */
    public PruneRequest(Network network, double sparsity, long seed, int weightBits) {
        this(network, sparsity, seed, weightBits, Map.of());
    }

    /** Node {@code node}'s target: its own if given, else the network's. */
    public double sparsityOf(int node) {
        return layerSparsity.getOrDefault(network.nodes().get(node).name(), sparsity);
    }

    /** Refuses per-layer targets, for strategies whose pruning is one decision over the whole network. */
    public void requireUniform(String strategy) {
        if (!layerSparsity.isEmpty()) {
            throw new IllegalArgumentException("strategy " + strategy
                    + " prunes every layer to one target; per-layer sparsity applies " + "to magnitude and balanced");
        }
    }
}
