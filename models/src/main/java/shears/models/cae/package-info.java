/**
 * The depthwise-separable convolutional autoencoder (DS-CAE) for LFP compression: configuration,
 * encoder/decoder construction, compression ratio, and the reconstruction metrics SNDR and R².
 * Imports {@code shears.models.nn}, {@code tensor}, {@code train}, {@code quant}, {@code prune} and
 * {@code data}.
 */
package shears.models.cae;
