package shears.models.train;

import shears.models.nn.Network;

/**
 * Extra loss term on parameters: {@link #addGradients} adds its gradient to the batch-mean
 * gradients and returns its value; {@link #afterStep} may project parameters after each update
 * (e.g. clamp gates to [0, 1]).
 */
@FunctionalInterface
public interface Regularizer {
    double addGradients(int stage, Network network, double[][] gradW, double[][] gradB);

    default void afterStep(int stage, Network network) {}

    Regularizer NONE = (stage, network, gradW, gradB) -> 0.0;
}
