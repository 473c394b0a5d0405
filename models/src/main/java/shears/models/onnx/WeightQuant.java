package shears.models.onnx;

import shears.models.quant.QuantizedWeights;

/**
 * Weights the file gives as integers with scales (QONNX {@code Quant} or {@code DequantizeLinear} on
 * an initializer): kept exactly, so the integer model uses the file's integers rather than
 * re-quantising. Per-tensor scales are repeated per output channel.
 */
public record WeightQuant(QuantizedWeights weights, boolean perChannel, String node) {
    public String describe() {
        return "int" + weights.bits() + (perChannel ? " per channel" : " per tensor");
    }
}
