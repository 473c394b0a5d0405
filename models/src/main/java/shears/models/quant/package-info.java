/**
 * Integer quantisation and the integer golden model. Weights: symmetric per output channel, 8 or
 * 4 bits. Activations: symmetric int8 per tensor (zero stays zero, so hardware can skip it),
 * calibrated as the largest magnitude seen on calibration data. Accumulators: int32. Rescaling:
 * {@link shears.models.quant.Requantizer} (integer multiplier, right shift, round half up,
 * saturate). {@link shears.models.quant.IntegerModel} is the bit-exact reference hardware must match.
 * <p>Layer: may import {@code shears.models.nn}, {@code shears.models.tensor}.
 */
package shears.models.quant;
