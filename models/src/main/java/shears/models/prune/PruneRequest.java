package shears.models.prune;

import shears.models.nn.Network;

/** What a strategy prunes: the network's convolution/dense weights, to {@code sparsity} in [0, 1). */
public record PruneRequest(Network network, double sparsity, long seed, int weightBits) {
    public PruneRequest {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        }
        if (weightBits < 1 || weightBits > 32) {
            throw new IllegalArgumentException("weight bits must be 1..32, got " + weightBits);
        }
    }
}
