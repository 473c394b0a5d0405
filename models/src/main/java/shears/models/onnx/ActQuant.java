package shears.models.onnx;

import shears.models.quant.QuantizedNetwork.Clamp;

/**
 * An activation quantiser stated in the file (QONNX {@code Quant}, {@code QuantizeLinear}):
 * {@code q = clamp(round(x / scale))}, symmetric (zero point 0), per tensor.
 */
public record ActQuant(double scale, Clamp clamp, String rounding, String node) {
    public ActQuant {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new OnnxException("node '" + node + "': activation scale must be positive, got " + scale);
        }
    }

    public int bits() {
        int magnitude = 64 - Long.numberOfLeadingZeros(clamp.max());
        return signed() ? magnitude + 1 : magnitude;
    }

    public boolean signed() {
        return clamp.min() < 0;
    }

    public String describe() {
        return (signed() ? "int" : "uint") + bits() + " x " + String.format(java.util.Locale.ROOT, "%.6g", scale);
    }
}
