/**
 * Dense tensors in channel-major [C, H, W] layout: one-dimensional signals are [C, 1, W], vectors
 * [N, 1, 1]. {@link shears.models.tensor.Tensor} holds real values (double) for training and float
 * inference, {@link shears.models.tensor.IntTensor} integer values for the quantised golden model.
 * <p>Layer: imports no other Shears package.
 */
package shears.models.tensor;
