package shears.models.onnx;

import shears.models.quant.QuantizedWeights;

/**
 * Weights the file gives as integers with scales (QONNX {@code Quant} or {@code DequantizeLinear} on
 * an initializer): kept exactly, so the integer model uses the file's integers rather than
 * re-quantising. Per-tensor scales are repeated per entry of the scale axis; {@code axis} is the
 * tensor axis the scales run along (0, or 1 for a transposed convolution's output channels).
 */
public record WeightQuant(QuantizedWeights weights, boolean perChannel, int axis, String node) {
    public String describe() {
        return "int" + weights.bits() + (perChannel ? " per channel" : " per tensor");
    }
}
