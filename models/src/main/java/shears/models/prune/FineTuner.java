package shears.models.prune;

import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.train.Regularizer;

/**
 * Trains a network in place on the task (for the autoencoder: chained with its decoder). Strategies
 * that train while pruning (lottery ticket, polarisation gating) receive one.
 */
@FunctionalInterface
public interface FineTuner {
    /** {@code masks} may be null (nothing masked). */
    void train(Network network, Masks masks, Regularizer regularizer, int epochs);
}
