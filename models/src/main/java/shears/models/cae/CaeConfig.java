package shears.models.cae;

/**
 * DS-CAE family. The encoder is a strided standard convolution followed by {@code depth - 1}
 * depthwise-separable blocks (each divides the length by {@code stride}) and a pointwise
 * projection to {@code latentChannels}; the decoder mirrors it with transposed convolutions.
 *
 * @param channels       recording channels (encoder input channels)
 * @param window         samples per window; must be divisible by stride^depth
 * @param width          hidden channels
 * @param stride         downsampling per stage
 * @param depth          strided stages (latent length = window / stride^depth)
 * @param latentChannels channels of the latent code
 * @param kernel         kernel size of the standard and depthwise convolutions; at least the
 *                       stride, and {@code kernel - stride} even so padding is symmetric
 * @param inputBits      bits per raw input sample (the recording's ADC resolution) for the compression ratio
 * @param latentBits     bits per latent value as transmitted
 */
public record CaeConfig(
        int channels,
        int window,
        int width,
        int stride,
        int depth,
        int latentChannels,
        int kernel,
        int inputBits,
        int latentBits) {
    private static final com.google.gson.Gson GSON = new com.google.gson.Gson();

    /** The configuration as JSON (saved in a model's metadata). */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** Reads {@link #toJson()}'s form; a missing or malformed field is an {@link IllegalArgumentException}. */
    public static CaeConfig fromJson(String json) {
        try {
            com.google.gson.JsonObject o =
                    com.google.gson.JsonParser.parseString(json).getAsJsonObject();
            return new CaeConfig(
                    o.get("channels").getAsInt(),
                    o.get("window").getAsInt(),
                    o.get("width").getAsInt(),
                    o.get("stride").getAsInt(),
                    o.get("depth").getAsInt(),
                    o.get("latentChannels").getAsInt(),
                    o.get("kernel").getAsInt(),
                    o.get("inputBits").getAsInt(),
                    o.get("latentBits").getAsInt());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a DS-CAE configuration: " + json, e);
        }
    }

    public CaeConfig {
        if (channels < 1 || width < 1 || latentChannels < 1 || depth < 1) {
            throw new IllegalArgumentException("DS-CAE channels, width, depth and latent channels must be positive");
        }
        if (stride < 2 || stride % 2 != 0) {
            throw new IllegalArgumentException("DS-CAE stride must be even and at least 2: " + stride);
        }
        if (kernel < stride || (kernel - stride) % 2 != 0) {
            throw new IllegalArgumentException("DS-CAE kernel " + kernel + " must be at least the stride " + stride
                    + " and differ from it by an even number");
        }
        if (depth > 16 || window % Math.round(Math.pow(stride, depth)) != 0) {
            throw new IllegalArgumentException(
                    "window " + window + " must be divisible by stride^depth = " + stride + "^" + depth);
        }
        if (inputBits < 1 || latentBits < 1) {
            throw new IllegalArgumentException("bit widths must be positive");
        }
    }

    /** The default model: 16 channels x 256 samples -> 5 x 16 int8 latents (CR 102.4 from 16-bit samples). */
    public static CaeConfig defaults() {
        return new CaeConfig(16, 256, 64, 4, 2, 5, 8, 16, 8);
    }

    public int latentLength() {
        return (int) (window / Math.round(Math.pow(stride, depth)));
    }

    /** Padding of the strided convolutions: (kernel - stride) / 2, so each stage divides the length exactly. */
    public int padding() {
        return (kernel - stride) / 2;
    }

    public int latentValues() {
        return latentChannels * latentLength();
    }

    /** Input bits over latent bits. */
    public double compressionRatio() {
        return (double) channels * window * inputBits / ((double) latentValues() * latentBits);
    }

    public CaeConfig withLatentChannels(int n) {
        return new CaeConfig(channels, window, width, stride, depth, n, kernel, inputBits, latentBits);
    }

    public CaeConfig withDepth(int d) {
        return new CaeConfig(channels, window, width, stride, d, latentChannels, kernel, inputBits, latentBits);
    }

    public CaeConfig withWidth(int w) {
        return new CaeConfig(channels, window, w, stride, depth, latentChannels, kernel, inputBits, latentBits);
    }
}
