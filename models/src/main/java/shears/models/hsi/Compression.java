package shears.models.hsi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import shears.models.nn.Conv;
import shears.models.nn.ConvTranspose;
import shears.models.nn.Layer;
import shears.models.nn.Network;

/**
 * Structured compression of a trained {@link UNet}, the kinds the HSI papers combine: fewer levels
 * (the deepest removed), fewer filters (each convolution keeps its output channels of largest L1
 * norm: structured channel pruning), fewer input bands (the first convolution keeps the bands its
 * weights use most). The smaller U-Net starts from the kept weights of the trained one — every kept
 * convolution takes its own kept rows and columns, a removed level's first encoder block becomes the
 * new bottom — and is then fine-tuned.
 */
public final class Compression {
    private Compression() {}

    /**
     * What to keep.
     *
     * @param depth   levels kept (at most the trained model's)
     * @param filters top-level filters kept (at most the trained model's)
     * @param bands   input bands kept (at most the trained model's), chosen by weight importance
     */
    public record Target(int depth, int filters, int bands) {
        public Target {
            if (depth < 1 || filters < 1 || bands < 1) {
                throw new IllegalArgumentException(
                        "compression target must keep at least one level, filter and band: " + this);
            }
        }
    }

    /** The smaller network, its kept input bands (indices into the trained model's bands), and its architecture. */
    public record Result(UNet unet, Network network, int[] bands) {}

    /** Extracts the smaller U-Net for {@code height} x {@code width} inputs from {@code trained} (built by {@code from}). */
    public static Result shrink(UNet from, Network trained, Target t, int height, int width) {
        if (t.depth() > from.depth() || t.filters() > from.filters() || t.bands() > from.bands()) {
            throw new IllegalArgumentException("compression target " + t + " exceeds the trained U-Net " + from);
        }
        UNet to = new UNet(t.depth(), t.filters(), from.kernel(), from.classes(), t.bands());
        Network net = to.build(height, width);
        int[] bands = importantBands(trained, t.bands());
        Map<String, int[]> keep = new LinkedHashMap<>(); // output channels kept, per node name of the new network
        int[] in = bands;
        for (int l = 0; l < t.depth(); l++) {
            in = copyConv(trained, "enc" + l + "a", net, "enc" + l + "a", in, t.filters() << l, keep);
            in = copyConv(trained, "enc" + l + "b", net, "enc" + l + "b", in, t.filters() << l, keep);
        }
        // the new bottom is the trained model's encoder at the first removed level (or its bottom if none is removed)
        String bottomA = t.depth() == from.depth() ? "bottoma" : "enc" + t.depth() + "a";
        String bottomB = t.depth() == from.depth() ? "bottomb" : "enc" + t.depth() + "b";
        in = copyConv(trained, bottomA, net, "bottoma", in, t.filters() << t.depth(), keep);
        in = copyConv(trained, bottomB, net, "bottomb", in, t.filters() << t.depth(), keep);
        for (int l = t.depth() - 1; l >= 0; l--) {
            int[] up = copyConv(trained, "up" + l, net, "up" + l, in, t.filters() << l, keep);
            int upChannels = ((ConvTranspose) layer(trained, "up" + l)).outChannels();
            int[] skip = keep.get("enc" + l + "b");
            int[] cat = IntStream.concat(Arrays.stream(up), Arrays.stream(skip).map(c -> c + upChannels))
                    .toArray();
            in = copyConv(trained, "dec" + l + "a", net, "dec" + l + "a", cat, t.filters() << l, keep);
            in = copyConv(trained, "dec" + l + "b", net, "dec" + l + "b", in, t.filters() << l, keep);
        }
        copyConv(trained, "head", net, "head", in, from.classes(), keep);
        return new Result(to, net, bands);
    }

    private static Layer layer(Network n, String name) {
        return n.nodes().get(n.indexOf(name)).layer();
    }

    /** The {@code count} bands whose first-convolution weights have the largest L1 norm, in band order. */
    static int[] importantBands(Network trained, int count) {
        int node = trained.indexOf("enc0a");
        Conv c = (Conv) layer(trained, "enc0a");
        double[] score = new double[c.inChannels()];
        double[] w = trained.weights(node);
        int k = c.kernelH() * c.kernelW();
        for (int o = 0; o < c.outChannels(); o++) {
            for (int i = 0; i < c.inChannels(); i++) {
                for (int j = 0; j < k; j++) {
                    score[i] += Math.abs(w[(o * c.inChannels() + i) * k + j]);
                }
            }
        }
        return top(score, count);
    }

    /** Indices of the {@code count} largest scores, ascending (ties to the lower index). */
    private static int[] top(double[] score, int count) {
        return IntStream.range(0, score.length)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparing(i -> i))
                .limit(count)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
    }

    /**
     * Copies the kept part of the trained node {@code from} into node {@code to} of the new network:
     * inputs {@code inKeep} (channels of the trained node's input), the {@code outCount} outputs of
     * largest L1 norm (all of them for the head). Returns the kept outputs.
     */
    private static int[] copyConv(
            Network trained, String from, Network net, String to, int[] inKeep, int outCount, Map<String, int[]> keep) {
        int src = trained.indexOf(from);
        int dst = net.indexOf(to);
        Layer l = trained.nodes().get(src).layer();
        int outs;
        int ins;
        int k;
        if (l instanceof Conv c) {
            outs = c.outChannels();
            ins = c.inChannels();
            k = c.kernelH() * c.kernelW();
        } else {
            ConvTranspose t = (ConvTranspose) l;
            outs = t.outChannels();
            ins = t.inChannels();
            k = t.kernelH() * t.kernelW();
        }
        double[] w = trained.weights(src);
        double[] norm = new double[outs];
        for (int o = 0; o < outs; o++) {
            for (int i : inKeep) {
                for (int j = 0; j < k; j++) {
                    norm[o] += Math.abs(w[(o * ins + i) * k + j]);
                }
            }
        }
        int[] outKeep = outCount >= outs ? IntStream.range(0, outs).toArray() : top(norm, outCount);
        double[] nw = net.weights(dst);
        double[] nb = net.bias(dst);
        if (nw.length != outKeep.length * inKeep.length * k) {
            throw new IllegalStateException("layer '" + to + "': " + nw.length + " weights, kept " + outKeep.length
                    + " x " + inKeep.length + " x " + k);
        }
        for (int o = 0; o < outKeep.length; o++) {
            nb[o] = trained.bias(src)[outKeep[o]];
            for (int i = 0; i < inKeep.length; i++) {
                System.arraycopy(w, (outKeep[o] * ins + inKeep[i]) * k, nw, (o * inKeep.length + i) * k, k);
            }
        }
        keep.put(to, outKeep);
        return outKeep;
    }

    /** The input bands of {@code bands} kept, for images of every band ([bands, H, W] tensors). */
    public static List<shears.models.tensor.Tensor> selectBands(List<shears.models.tensor.Tensor> images, int[] bands) {
        List<shears.models.tensor.Tensor> out = new ArrayList<>();
        for (shears.models.tensor.Tensor x : images) {
            int plane = x.shape().spatial();
            shears.models.tensor.Tensor y = new shears.models.tensor.Tensor(new shears.models.tensor.Shape(
                    bands.length, x.shape().height(), x.shape().width()));
            for (int b = 0; b < bands.length; b++) {
                System.arraycopy(x.data(), bands[b] * plane, y.data(), b * plane, plane);
            }
            out.add(y);
        }
        return out;
    }
}
