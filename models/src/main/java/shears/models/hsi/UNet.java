package shears.models.hsi;

import shears.models.nn.Concat;
import shears.models.nn.Conv;
import shears.models.nn.ConvTranspose;
import shears.models.nn.Network;
import shears.models.nn.Pool;
import shears.models.nn.Relu;
import shears.models.tensor.Shape;

/**
 * The 2-D U-Net of the HSI segmentation papers: at each of {@code depth} levels two k x k convolutions
 * with ReLU ({@code filters · 2^level} channels) then a 2x2 max-pool; at the bottom two more
 * convolutions; back up, a 2x2 stride-2 transposed convolution halves the channels, its output is
 * concatenated with the level's skip, and two convolutions follow; a 1x1 head gives one logit per class.
 * Batch normalisation is not a separate layer: a trained BatchNorm folds into the convolution before
 * it, so inference has this form either way. Height and width must be divisible by 2^depth.
 *
 * @param depth   max-pool levels (the deployable model: 2; the baseline: 4)
 * @param filters channels at the top level
 * @param kernel  convolution kernel (odd)
 * @param classes output classes
 * @param bands   input bands
 */
public record UNet(int depth, int filters, int kernel, int classes, int bands) {
    public UNet {
        if (depth < 1 || depth > 6 || filters < 1 || kernel < 1 || kernel % 2 == 0 || classes < 2 || bands < 1) {
            throw new IllegalArgumentException(
                    "U-Net needs depth 1..6, filters >= 1, an odd kernel, >= 2 classes and >= 1 band, got " + this);
        }
    }

    /** The default deployable model: depth 2, 8 filters, 3x3, every band, every class. */
    public static UNet deployable() {
        return new UNet(2, 8, 3, HsiClass.count(), Bands.COUNT);
    }

    /** The baseline: depth 4, 16 filters, 3x3 (about 1.9 M parameters). */
    public static UNet baseline() {
        return new UNet(4, 16, 3, HsiClass.count(), Bands.COUNT);
    }

    /** The network for {@code height} x {@code width} inputs. */
    public Network build(int height, int width) {
        int unit = 1 << depth;
        if (height % unit != 0 || width % unit != 0) {
            throw new IllegalArgumentException("U-Net of depth " + depth + " needs height and width divisible by "
                    + unit + ", got " + height + "x" + width);
        }
        Network.Builder b = Network.builder(new Shape(bands, height, width));
        int pad = kernel / 2;
        String prev = "input";
        int ch = bands;
        String[] skip = new String[depth];
        for (int level = 0; level < depth; level++) {
            int f = filters << level;
            prev = block(b, "enc" + level, prev, ch, f, pad);
            ch = f;
            skip[level] = prev;
            prev = b.add("pool" + level, new Pool(Pool.Mode.MAX, 2, 2, 2, 2), prev);
        }
        int bottom = filters << depth;
        prev = block(b, "bottom", prev, ch, bottom, pad);
        ch = bottom;
        for (int level = depth - 1; level >= 0; level--) {
            int f = filters << level;
            String up = b.add("up" + level, new ConvTranspose(ch, f, 2, 2, 2, 2, 0, 0, 0, 0), prev);
            String cat = b.add("cat" + level, new Concat(), up, skip[level]);
            prev = block(b, "dec" + level, cat, 2 * f, f, pad);
            ch = f;
        }
        b.add("head", Conv.pointwise2d(ch, classes), prev);
        return b.build();
    }

    private String block(Network.Builder b, String name, String in, int from, int to, int pad) {
        String c1 = b.add(name + "a", Conv.conv2d(from, to, kernel, 1, pad), in);
        String r1 = b.add(name + "a_relu", new Relu(), c1);
        String c2 = b.add(name + "b", Conv.conv2d(to, to, kernel, 1, pad), r1);
        return b.add(name + "b_relu", new Relu(), c2);
    }

    /**
     * The frame MACs are reported for: 208 x 400, the largest crop of HSI-Drive's 216 x 409 cube that
     * every U-Net up to depth 4 divides (the papers' 208x400 crop).
     */
    public static final int FRAME_HEIGHT = 208;

    public static final int FRAME_WIDTH = 400;

    /** Multiply-accumulates of one forward pass over a {@value #FRAME_HEIGHT} x {@value #FRAME_WIDTH} frame. */
    public long macsPerFrame() {
        return macs(build(FRAME_HEIGHT, FRAME_WIDTH));
    }

    /**
     * Multiply-accumulates of one forward pass of {@code net} that multiply a non-zero weight: what
     * a datapath that skips pruned weights performs. Equals {@link #macs} for a dense network.
     */
    public static long nonZeroMacs(Network net) {
        long macs = 0;
        for (int i = 0; i < net.nodes().size(); i++) {
            long nonZero =
                    java.util.Arrays.stream(net.weights(i)).filter(w -> w != 0).count();
            if (net.nodes().get(i).layer() instanceof Conv) {
                // weight (o, j) is used once per output position of channel o
                macs += nonZero * (net.shape(i).size() / net.shape(i).channels());
            } else if (net.nodes().get(i).layer() instanceof ConvTranspose t) {
                // kernel = stride: weight (i, o, ky, kx) is used once per input position
                macs += nonZero * (net.shape(i).size() / net.shape(i).channels()) / ((long) t.strideH() * t.strideW());
            }
        }
        return macs;
    }

    /** Multiply-accumulates of one forward pass of {@code net}. */
    public static long macs(Network net) {
        long macs = 0;
        for (int i = 0; i < net.nodes().size(); i++) {
            if (net.nodes().get(i).layer() instanceof Conv c) {
                macs += (long) net.shape(i).size() * c.fanIn();
            } else if (net.nodes().get(i).layer() instanceof ConvTranspose t) {
                // kernel = stride: each output value has exactly one input position, inChannels products
                macs += (long) net.shape(i).size() * t.inChannels();
            }
        }
        return macs;
    }
}
