package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/**
 * Learned per-channel gate {@code y[c] = gamma[c] * x[c]} (weights are the gammas). Used by
 * polarisation-regularised channel pruning during training and folded into the preceding layer
 * afterwards ({@link Network#foldChannelScales()}), so it never reaches quantisation or hardware.
 */
public record ChannelScale(int channels) implements Layer {
    public ChannelScale {
        Layer.require(channels > 0, "channel-scale channels must be positive");
    }

    @Override
    public String kind() {
        return "channel-scale";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Layer.require(
                inputs.get(0).channels() == channels,
                "input has " + inputs.get(0).channels() + " channels, gate has " + channels);
        return inputs.get(0);
    }

    @Override
    public int weightCount() {
        return channels;
    }
}
