package shears.accelerators.hsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.models.hsi.Bands;
import shears.models.hsi.Preprocess;
import shears.models.nn.Concat;
import shears.models.nn.Conv;
import shears.models.nn.ConvTranspose;
import shears.models.nn.Layer;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.nn.Relu;
import shears.models.quant.QuantOp;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Requantizer;
import shears.models.tensor.Shape;

/**
 * What the streaming pipeline computes, checked once: the preprocessing front end and the network
 * as a list of streaming stages in the network's order, each reading the stages named by index
 * ({@link #INPUT} = the front end). A model the pipeline cannot stream is refused here with the layer
 * and the constraint named ({@link StreamException}).
 *
 * @param front  sensor geometry and preprocessing
 * @param stages the CNN's stages; the last one is the 1x1 head whose logits the argmax reads
 * @param classes output classes
 */
public record StreamPlan(Front front, List<Stage> stages, int classes) {
    /** Input index of a stage that reads the front end. */
    public static final int INPUT = -1;

    public StreamPlan {
        stages = List.copyOf(stages);
        if (!(stages.get(stages.size() - 1) instanceof Conv head) || head.kernel() != 1 || head.relu()) {
            throw new StreamException("the network must end in a 1x1 convolution (the head) for the argmax");
        }
    }

    /** One requantisation in hardware form: shifts beyond {@link #MAX_SHIFT} are exactly 0 for 32-bit sums and stored so. */
    public record Scale(int multiplier, int shift) {
        static final int MAX_SHIFT = 47;
        static final int MULTIPLIER_BITS = Requantizer.MULTIPLIER_BITS;

        static Scale of(Requantizer r) {
            return r.shift() > MAX_SHIFT ? new Scale(0, 0) : new Scale(r.multiplier(), r.shift());
        }
    }

    /**
     * The front end: raw sensor lines in, 8-bit network inputs out.
     *
     * @param sensorWidth  pixels per sensor line
     * @param sensorHeight lines per frame
     * @param crop         where the cube lies on the sensor
     * @param norm         pixel normalisation
     * @param keep         bands the network reads, in its channel order
     * @param quantiser    12-bit normalised value to the network's int8 input
     */
    public record Front(
            int sensorWidth,
            int sensorHeight,
            Preprocess.Crop crop,
            Preprocess.Norm norm,
            int[] keep,
            Scale quantiser) {
        public Front {
            keep = keep.clone();
            if (crop.left() + Bands.MOSAIC * crop.width() > sensorWidth
                    || crop.top() + Bands.MOSAIC * crop.height() > sensorHeight) {
                throw new StreamException(
                        "crop " + crop + " does not fit the " + sensorWidth + "x" + sensorHeight + " sensor");
            }
            for (int b : keep) {
                if (b < 0 || b >= Bands.COUNT) {
                    throw new StreamException("band " + b + " out of range 0.." + (Bands.COUNT - 1));
                }
            }
        }

        public int rawPixels() {
            return sensorWidth * sensorHeight;
        }
    }

    /** A streaming stage. */
    public sealed interface Stage permits Conv, Pool, Up, Cat {
        String name();

        /** Stages read, by index ({@link #INPUT} = the front end). */
        int[] inputs();

        /** Output height, width and channels. */
        int outHeight();

        int outWidth();

        int outChannels();
    }

    /**
     * K x K convolution, stride 1, "same" zero padding, on {@code height} x {@code width}; also the
     * pointwise half of a 2x2/s2 transposed convolution (then {@code outChannels} = 4 x its channels).
     */
    public record Conv(
            String name,
            int[] inputs,
            int inChannels,
            int outChannels,
            int kernel,
            int height,
            int width,
            boolean relu,
            int pe,
            int simd,
            int weightBits,
            int[] weights,
            int[] bias,
            Scale[] requant)
            implements Stage {
        public Conv {
            if (outChannels % pe != 0) {
                throw new StreamException(
                        "layer '" + name + "': PE " + pe + " does not divide its " + outChannels + " outputs");
            }
            if (inChannels * kernel * kernel % simd != 0) {
                throw new StreamException("layer '" + name + "': SIMD " + simd + " does not divide its fan-in "
                        + inChannels * kernel * kernel);
            }
        }

        public int fanIn() {
            return inChannels * kernel * kernel;
        }

        /** Multiply-accumulate cycles per output pixel: (fan-in / SIMD) x (outputs / PE). */
        public int fold() {
            return fanIn() / simd * (outChannels / pe);
        }

        @Override
        public int outHeight() {
            return height;
        }

        @Override
        public int outWidth() {
            return width;
        }
    }

    /** 2x2 stride-2 max-pool of a {@code height} x {@code width} input. */
    public record Pool(String name, int[] inputs, int channels, int height, int width) implements Stage {
        public Pool {
            if (height % 2 != 0 || width % 2 != 0) {
                throw new StreamException(
                        "layer '" + name + "': max-pool input " + height + "x" + width + " is not even");
            }
        }

        @Override
        public int outHeight() {
            return height / 2;
        }

        @Override
        public int outWidth() {
            return width / 2;
        }

        @Override
        public int outChannels() {
            return channels;
        }
    }

    /** Depth-to-space of a pointwise stage's 4·C values per pixel into a 2x upsampled raster stream. */
    public record Up(String name, int[] inputs, int channels, int height, int width) implements Stage {
        @Override
        public int outHeight() {
            return 2 * height;
        }

        @Override
        public int outWidth() {
            return 2 * width;
        }

        @Override
        public int outChannels() {
            return channels;
        }
    }

    /** Channel concatenation, both inputs rescaled; input 1 (the skip) waits in a FIFO of {@code fifoDepth} pixels. */
    public record Cat(
            String name,
            int[] inputs,
            int channelsA,
            int channelsB,
            int height,
            int width,
            int multA,
            int multB,
            int shift,
            int fifoDepth)
            implements Stage {
        @Override
        public int outHeight() {
            return height;
        }

        @Override
        public int outWidth() {
            return width;
        }

        @Override
        public int outChannels() {
            return channelsA + channelsB;
        }
    }

    /** PE and SIMD of one weighted layer. */
    public record Fold(int pe, int simd) {
        public static final Fold SERIAL = new Fold(1, 1);

        public Fold {
            if (pe < 1 || simd < 1) {
                throw new StreamException("PE and SIMD must be positive: " + pe + ", " + simd);
            }
        }
    }

    /**
     * The plan for {@code q}: each weighted layer folded as {@code folds} says (absent: serial), skip
     * FIFOs sized by the rule of {@link SkipSizing} unless {@code fifoDepths} names a depth (which may not
     * be below the rule unless {@code allowUndersized}, a test's way to show the deadlock).
     */
    public static StreamPlan of(
            Front front,
            QuantizedNetwork q,
            Map<String, Fold> folds,
            Map<String, Integer> fifoDepths,
            boolean allowUndersized) {
        Network net = q.network();
        Shape in = net.inputShape();
        if (!q.isInt8()) {
            throw new StreamException(
                    "the pipeline streams int8 activations; this network's integer form uses other ranges");
        }
        if (in.channels() != front.keep().length
                || in.height() != front.crop().height()
                || in.width() != front.crop().width()) {
            throw new StreamException("the network reads " + in + " but the front end gives " + front.keep().length
                    + " bands of " + front.crop().height() + "x" + front.crop().width());
        }
        for (String name : folds.keySet()) {
            if (net.nodes().stream().noneMatch(n -> n.name().equals(name))) {
                throw new StreamException("folding names layer '" + name + "', which the network does not have");
            }
        }
        int[] stageOf = new int[net.nodes().size()];
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < net.nodes().size(); i++) {
            Node node = net.nodes().get(i);
            Layer layer = node.layer();
            int[] inputs = node.inputs().stream()
                    .mapToInt(j -> j == Node.NETWORK_INPUT ? INPUT : stageOf[j])
                    .toArray();
            Shape s = net.inputShapeOf(i, 0);
            Fold f = folds.getOrDefault(node.name(), Fold.SERIAL);
            if (layer instanceof shears.models.nn.Conv c) {
                checkConv(node.name(), c);
                stages.add(conv(
                        node.name(),
                        inputs,
                        c.inChannels(),
                        c.outChannels(),
                        c.kernelH(),
                        s,
                        followedByRelu(net, i),
                        f,
                        (QuantOp.Weighted) q.ops().get(i),
                        net.weights(i).length / c.outChannels(),
                        false));
            } else if (layer instanceof Relu) {
                if (inputs[0] == INPUT
                        || !(stages.get(inputs[0]) instanceof Conv c)
                        || !c.relu()
                        || inputs[0] != stages.size() - 1) {
                    throw new StreamException("layer '" + node.name()
                            + "': a ReLU is streamed only right after the convolution it follows");
                }
                stageOf[i] = inputs[0];
                continue;
            } else if (layer instanceof shears.models.nn.Pool p) {
                if (p.mode() != shears.models.nn.Pool.Mode.MAX
                        || p.kernelH() != 2
                        || p.kernelW() != 2
                        || p.strideH() != 2
                        || p.strideW() != 2
                        || p.padded()) {
                    throw new StreamException(
                            "layer '" + node.name() + "': only 2x2 stride-2 max-pooling without padding is streamed");
                }
                stages.add(new Pool(node.name(), inputs, s.channels(), s.height(), s.width()));
            } else if (layer instanceof ConvTranspose t) {
                if (t.kernelH() != 2
                        || t.kernelW() != 2
                        || t.strideH() != 2
                        || t.strideW() != 2
                        || t.padH() != 0
                        || t.padW() != 0
                        || t.outputPadH() != 0
                        || t.outputPadW() != 0) {
                    throw new StreamException("layer '" + node.name()
                            + "': only 2x2 stride-2 transposed convolutions without padding are streamed");
                }
                stages.add(conv(
                        node.name(),
                        inputs,
                        t.inChannels(),
                        4 * t.outChannels(),
                        1,
                        s,
                        false,
                        f,
                        (QuantOp.Weighted) q.ops().get(i),
                        t.fanIn(),
                        true));
                stages.add(new Up(
                        node.name() + "_d2s", new int[] {stages.size() - 1}, t.outChannels(), s.height(), s.width()));
            } else if (layer instanceof Concat) {
                QuantOp.Concat op = (QuantOp.Concat) q.ops().get(i);
                Shape b = net.inputShapeOf(i, 1);
                int depth = SkipSizing.depth(net, i);
                Integer asked = fifoDepths.get(node.name());
                if (asked != null && asked < depth && !allowUndersized) {
                    throw new StreamException(
                            "layer '" + node.name() + "': skip FIFO of " + asked + " pixels is below the " + depth
                                    + " the sizing rule needs (" + SkipSizing.explain(net, i) + ")");
                }
                stages.add(new Cat(
                        node.name(),
                        inputs,
                        s.channels(),
                        b.channels(),
                        s.height(),
                        s.width(),
                        op.multA(),
                        op.multB(),
                        op.shift(),
                        asked == null ? depth : asked));
            } else {
                throw new StreamException(
                        "layer '" + node.name() + "': " + layer.kind() + " is not streamed (conv, ReLU, 2x2 max-pool, "
                                + "2x2/s2 transposed conv, concat and a 1x1 head are)");
            }
            stageOf[i] = stages.size() - 1;
        }
        return new StreamPlan(front, stages, net.outputShape().channels());
    }

    private static void checkConv(String name, shears.models.nn.Conv c) {
        if (c.groups() != 1
                || c.strideH() != 1
                || c.strideW() != 1
                || c.dilationH() != 1
                || c.dilationW() != 1
                || c.kernelH() != c.kernelW()
                || c.kernelH() % 2 == 0
                || c.padH() != c.kernelH() / 2
                || c.padW() != c.kernelW() / 2) {
            throw new StreamException("layer '" + name
                    + "': only square odd-kernel convolutions with stride 1 and 'same' padding are streamed");
        }
    }

    private static boolean followedByRelu(Network net, int i) {
        int consumers = 0;
        boolean relu = false;
        for (int j = i + 1; j < net.nodes().size(); j++) {
            if (net.nodes().get(j).inputs().contains(i)) {
                consumers++;
                relu = net.nodes().get(j).layer() instanceof Relu;
            }
        }
        return consumers == 1 && relu;
    }

    /** A conv stage; for a transposed conv ({@code transposed}) the weights of sub-position (ky, kx) become outputs (ky*2+kx)*C + o. */
    private static Conv conv(
            String name,
            int[] inputs,
            int inCh,
            int outCh,
            int k,
            Shape s,
            boolean relu,
            Fold f,
            QuantOp.Weighted op,
            int fan,
            boolean transposed) {
        int[] w = op.weights().values();
        int[] weights;
        int[] bias;
        Scale[] scales = new Scale[outCh];
        if (transposed) {
            int c = outCh / 4;
            weights = new int[outCh * inCh];
            bias = new int[outCh];
            for (int sub = 0; sub < 4; sub++) {
                for (int o = 0; o < c; o++) {
                    for (int ci = 0; ci < inCh; ci++) {
                        weights[(sub * c + o) * inCh + ci] = w[o * fan + ci * 4 + sub];
                    }
                    bias[sub * c + o] = op.bias()[o];
                    scales[sub * c + o] = Scale.of(op.requant()[o]);
                }
            }
        } else {
            weights = w.clone();
            bias = op.bias().clone();
            for (int o = 0; o < outCh; o++) {
                scales[o] = Scale.of(op.requant()[o]);
            }
        }
        return new Conv(
                transposed ? name + "_mm" : name,
                inputs,
                inCh,
                outCh,
                k,
                s.height(),
                s.width(),
                relu,
                f.pe(),
                f.simd(),
                op.weights().bits(),
                weights,
                bias,
                scales);
    }

    /** The weighted stages by layer name, in order. */
    public Map<String, Conv> convs() {
        Map<String, Conv> m = new LinkedHashMap<>();
        for (Stage s : stages) {
            if (s instanceof Conv c) {
                m.put(c.name(), c);
            }
        }
        return m;
    }

    /** How many stages read stage {@code i}. */
    public int consumers(int i) {
        int n = 0;
        for (Stage s : stages) {
            for (int in : s.inputs()) {
                n += in == i ? 1 : 0;
            }
        }
        return n;
    }
}
