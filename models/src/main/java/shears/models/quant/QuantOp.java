package shears.models.quant;

/** Integer operation of one network node; geometry comes from the node's float layer. */
public sealed interface QuantOp
        permits QuantOp.Weighted,
                QuantOp.Relu,
                QuantOp.MaxPool,
                QuantOp.AvgPool,
                QuantOp.Add,
                QuantOp.Concat,
                QuantOp.Rearrange {
    /** Conv / transposed conv / dense: int32 accumulation, per-channel requantisation to int8. */
    record Weighted(QuantizedWeights weights, int[] bias, Requantizer[] requant) implements QuantOp {}

    /** max(0, x) at the input's scale. */
    record Relu() implements QuantOp {}

    /** Maximum over the window at the input's scale. */
    record MaxPool() implements QuantOp {}

    /** Window sum times {@code 1/area} by requantisation, at the input's scale. */
    record AvgPool(Requantizer requant) implements QuantOp {}

    /** {@code (a * multA + b * multB + 2^(shift-1)) >> shift}, saturated: both inputs brought to the output scale. */
    record Add(int multA, int multB, int shift) implements QuantOp {}

    /**
     * Channel concatenation with each input brought to the output scale:
     * {@code (a * multA + 2^(shift-1)) >> shift} for the first input's channels, the same with
     * {@code multB} for the second's, saturated.
     */
    record Concat(int multA, int multB, int shift) implements QuantOp {}

    /** A copy ({@link shears.models.nn.Rearrange}: upsampling, depth-to-space, reshape) at the input's scale. */
    record Rearrange() implements QuantOp {}
}
