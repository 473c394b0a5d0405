/**
 * The depthwise-separable convolutional autoencoder (DS-CAE) for LFP compression: configuration,
 * encoder/decoder construction, compression ratio, and the reconstruction metrics SNDR and R².
 * <p>Layer: may import {@code shears.models.data}, {@code shears.models.nn}, {@code shears.models.prune},
 * {@code shears.models.quant}, {@code shears.models.tensor}, {@code shears.models.train}.
 */
package shears.models.cae;
