package shears.models.cae;

/**
 * DS-CAE family. The encoder is a strided standard convolution followed by {@code depth - 1}
 * depthwise-separable blocks (each halves the length) and a pointwise projection to
 * {@code latentChannels}; the decoder mirrors it with transposed convolutions.
 *
 * @param channels       recording channels (encoder input channels)
 * @param window         samples per window; must be divisible by 2^depth
 * @param width          hidden channels
 * @param depth          stride-2 stages (latent length = window / 2^depth)
 * @param latentChannels channels of the latent code
 * @param kernel         kernel size of the standard and depthwise convolutions (odd)
 * @param inputBits      bits per raw input sample (the recording's ADC resolution) for the compression ratio
 * @param latentBits     bits per latent value as transmitted
 */
public record CaeConfig(int channels, int window, int width, int depth, int latentChannels, int kernel,
                        int inputBits, int latentBits) {
    public CaeConfig {
        if (channels < 1 || width < 1 || latentChannels < 1 || depth < 1) {
            throw new IllegalArgumentException("DS-CAE channels, width, depth and latent channels must be positive");
        }
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("DS-CAE kernel must be odd and positive: " + kernel);
        }
        if (depth > 16 || window % (1 << depth) != 0 || window >> depth < 1) {
            throw new IllegalArgumentException("window " + window + " must be divisible by 2^depth = " + (1L << Math.min(depth, 62)));
        }
        if (inputBits < 1 || latentBits < 1) {
            throw new IllegalArgumentException("bit widths must be positive");
        }
    }

    /** The default model: 16 channels x 256 samples -> 5 x 16 int8 latents (CR 102.4 from 16-bit samples). */
    public static CaeConfig defaults() {
        return new CaeConfig(16, 256, 32, 4, 5, 5, 16, 8);
    }

    public int latentLength() {
        return window >> depth;
    }

    public int latentValues() {
        return latentChannels * latentLength();
    }

    /** Input bits over latent bits. */
    public double compressionRatio() {
        return (double) channels * window * inputBits / ((double) latentValues() * latentBits);
    }

    public CaeConfig withLatentChannels(int n) {
        return new CaeConfig(channels, window, width, depth, n, kernel, inputBits, latentBits);
    }

    public CaeConfig withDepth(int d) {
        return new CaeConfig(channels, window, width, d, latentChannels, kernel, inputBits, latentBits);
    }

    public CaeConfig withWidth(int w) {
        return new CaeConfig(channels, window, w, depth, latentChannels, kernel, inputBits, latentBits);
    }
}
