package shears.models.cae;

import shears.models.nn.Conv;
import shears.models.nn.ConvTranspose;
import shears.models.nn.Network;
import shears.models.nn.Relu;
import shears.models.tensor.Shape;

/** Builds the encoder and decoder networks of a {@link CaeConfig}. */
public final class DsCae {
    private DsCae() {}

    /** conv(k, stride s) -> ReLU -> [depthwise(k, stride s) -> pointwise -> ReLU] x (depth-1) -> pointwise to latent. */
    public static Network encoder(CaeConfig c) {
        Network.Builder b = Network.builder(Shape.of1d(c.channels(), c.window()));
        int pad = c.padding();
        b.add("enc0", Conv.conv1d(c.channels(), c.width(), c.kernel(), c.stride(), pad, 1));
        b.add("enc0_relu", new Relu());
        for (int d = 1; d < c.depth(); d++) {
            b.add("enc" + d + "_dw", Conv.depthwise1d(c.width(), c.kernel(), c.stride(), pad, 1));
            b.add("enc" + d + "_pw", Conv.pointwise1d(c.width(), c.width()));
            b.add("enc" + d + "_relu", new Relu());
        }
        b.add("latent", Conv.pointwise1d(c.width(), c.latentChannels()));
        return b.build();
    }

    /** pointwise from latent -> ReLU -> [transposed conv(2s, stride s) -> ReLU] x (depth-1) -> transposed conv to channels. */
    public static Network decoder(CaeConfig c) {
        Network.Builder b = Network.builder(Shape.of1d(c.latentChannels(), c.latentLength()));
        b.add("dec_in", Conv.pointwise1d(c.latentChannels(), c.width()));
        b.add("dec_in_relu", new Relu());
        for (int d = 1; d < c.depth(); d++) {
            b.add(
                    "dec" + d + "_up",
                    ConvTranspose.convTranspose1d(c.width(), c.width(), 2 * c.stride(), c.stride(), c.stride() / 2, 0));
            b.add("dec" + d + "_relu", new Relu());
        }
        b.add(
                "dec_out",
                ConvTranspose.convTranspose1d(c.width(), c.channels(), 2 * c.stride(), c.stride(), c.stride() / 2, 0));
        return b.build();
    }
}
