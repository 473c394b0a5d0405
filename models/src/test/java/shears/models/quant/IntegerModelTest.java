package shears.models.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.models.nn.Add;
import shears.models.nn.Conv;
import shears.models.nn.ConvTranspose;
import shears.models.nn.Dense;
import shears.models.nn.Layer;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.nn.Pool;
import shears.models.nn.Relu;
import shears.models.nn.Upsample;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

/**
 * The integer golden model against a straightforward implementation written from the layer
 * definitions (direct loops over output, channel and kernel position; BigInteger-free but with
 * explicit floor division for the rounding), on random quantised networks of every layer type.
 */
class IntegerModelTest {
    private static final AtomicInteger CASES = new AtomicInteger();

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("conv-depthwise-pointwise encoder", (Supplier<Network>) () -> {
                    Network.Builder b = Network.builder(Shape.of1d(4, 32));
                    b.add("c0", Conv.conv1d(4, 8, 5, 2, 2, 1));
                    b.add("r0", new Relu());
                    b.add("dw", Conv.depthwise1d(8, 5, 2, 2, 1));
                    b.add("pw", Conv.pointwise1d(8, 8));
                    b.add("r1", new Relu());
                    b.add("lat", Conv.pointwise1d(8, 2));
                    return b.build();
                }),
                Arguments.of("dilated conv, pools, residual add", (Supplier<Network>) () -> {
                    Network.Builder b = Network.builder(Shape.of1d(3, 24));
                    b.add("c0", Conv.conv1d(3, 4, 3, 1, 2, 2));
                    b.add("r0", new Relu());
                    b.add("c1", Conv.conv1d(4, 4, 3, 1, 1, 1));
                    b.add("sum", new Add(), "c1", "r0");
                    b.add("mp", Pool.pool1d(Pool.Mode.MAX, 2, 2));
                    b.add("ap", Pool.pool1d(Pool.Mode.AVG, 3, 3));
                    b.add("fc", new Dense(16, 5));
                    return b.build();
                }),
                Arguments.of("2-D conv, depthwise, max pool", (Supplier<Network>) () -> {
                    Network.Builder b = Network.builder(new Shape(3, 8, 8));
                    b.add("c0", Conv.conv2d(3, 6, 3, 1, 1));
                    b.add("r0", new Relu());
                    b.add("dw", Conv.depthwise2d(6, 3, 2, 1));
                    b.add("pw", Conv.pointwise2d(6, 4));
                    b.add("mp", Pool.pool2d(Pool.Mode.MAX, 2, 2));
                    return b.build();
                }),
                Arguments.of("padded pools (ResNet-stem max, average)", (Supplier<Network>) () -> {
                    Network.Builder b = Network.builder(new Shape(2, 9, 9));
                    b.add("c0", Conv.conv2d(2, 4, 3, 1, 1));
                    b.add("mp", new Pool(Pool.Mode.MAX, 3, 3, 2, 2, 1, 1));
                    b.add("ap", new Pool(Pool.Mode.AVG, 3, 3, 1, 1, 1, 1));
                    return b.build();
                }),
                Arguments.of("decoder: transposed conv and upsample", (Supplier<Network>) () -> {
                    Network.Builder b = Network.builder(Shape.of1d(2, 6));
                    b.add("t0", ConvTranspose.convTranspose1d(2, 4, 4, 2, 1, 0));
                    b.add("r0", new Relu());
                    b.add("up", Upsample.upsample1d(2));
                    b.add("t1", ConvTranspose.convTranspose1d(4, 3, 3, 2, 1, 1));
                    return b.build();
                }),
                Arguments.of(
                        "U-Net: 2x2/s2 transposed conv, concat skip", (Supplier<Network>) () -> unet(3, 8, 8, 4, 1, 2)),
                Arguments.of("random U-Net, seed 1", (Supplier<Network>) () -> randomUnet(1)),
                Arguments.of("random U-Net, seed 2", (Supplier<Network>) () -> randomUnet(2)));
    }

    /** A U-Net of depth levels: two 3x3 conv + ReLU per level, max-pool, transposed 2x2/s2 up, concat, head. */
    static Network unet(int bands, int h, int w, int filters, int depth, int classes) {
        Network.Builder b = Network.builder(new Shape(bands, h, w));
        String prev = "input";
        int ch = bands;
        String[] skip = new String[depth];
        for (int l = 0; l < depth; l++) {
            b.add("e" + l + "a", Conv.conv2d(ch, filters << l, 3, 1, 1), prev);
            b.add("e" + l + "r", new Relu());
            b.add("e" + l + "b", Conv.conv2d(filters << l, filters << l, 3, 1, 1));
            skip[l] = b.add("e" + l + "s", new Relu());
            prev = b.add("p" + l, Pool.pool2d(Pool.Mode.MAX, 2, 2));
            ch = filters << l;
        }
        b.add("bot", Conv.conv2d(ch, filters << depth, 3, 1, 1), prev);
        prev = b.add("botr", new Relu());
        ch = filters << depth;
        for (int l = depth - 1; l >= 0; l--) {
            b.add("u" + l, new ConvTranspose(ch, filters << l, 2, 2, 2, 2, 0, 0, 0, 0), prev);
            b.add("c" + l, new shears.models.nn.Concat(), "u" + l, skip[l]);
            b.add("d" + l, Conv.conv2d(2 * (filters << l), filters << l, 3, 1, 1));
            prev = b.add("d" + l + "r", new Relu());
            ch = filters << l;
        }
        b.add("head", Conv.pointwise2d(ch, classes), prev);
        return b.build();
    }

    private static Network randomUnet(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int depth = r.nextInt(1, 3);
        int unit = 1 << depth;
        return unet(
                r.nextInt(1, 6),
                unit * r.nextInt(1, 4),
                unit * r.nextInt(1, 4),
                r.nextInt(2, 6),
                depth,
                r.nextInt(2, 6));
    }

    @ParameterizedTest(name = "{0}, {1}-bit weights")
    @MethodSource("cases")
    void goldenModelMatchesReference(String name, int bits, Supplier<Network> factory) {
        Network net = factory.get();
        net.initialize(bits * 7 + name.length());
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int n = 0; n < net.nodes().size(); n++) {
            for (int i = 0; i < net.bias(n).length; i++) {
                net.bias(n)[i] = (random.nextDouble() - 0.5) * 0.4;
            }
        }
        List<Tensor> inputs = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            Tensor x = new Tensor(net.inputShape());
            for (int i = 0; i < x.data().length; i++) {
                x.data()[i] = random.nextDouble() * 2 - 1;
            }
            inputs.add(x);
        }
        QuantizedNetwork q = Quantizer.quantize(net, inputs.subList(0, 8), bits);
        int compared = 0;
        for (Tensor x : inputs) {
            IntTensor in = q.quantizeInput(x);
            IntTensor[] golden = IntegerModel.run(q, in);
            int[][] reference = Reference.run(q, in.data());
            for (int n = 0; n < golden.length; n++) {
                assertArrayEquals(
                        reference[n],
                        golden[n].data(),
                        name + ": node " + net.nodes().get(n).name());
                compared += golden[n].data().length;
            }
            // the integer model tracks the float model: output error within a few LSB-equivalents (4-bit weights
            // through
            // the eight weighted layers of a U-Net: up to 30 % of the output energy on random weights)
            Tensor fl = net.forward(x);
            Tensor qo = q.forward(x);
            double err = 0;
            double mag = 0;
            for (int i = 0; i < fl.data().length; i++) {
                err += Math.pow(fl.data()[i] - qo.data()[i], 2);
                mag += fl.data()[i] * fl.data()[i];
            }
            assertTrue(
                    err <= (bits == 8 ? 0.01 : 0.3) * mag + 1e-9,
                    name + ": integer output too far from float: " + err / mag);
        }
        assertTrue(compared > 100);
        CASES.incrementAndGet();
    }

    static Stream<Arguments> cases() {
        return networks()
                .flatMap(a ->
                        Stream.of(Arguments.of(a.get()[0], 8, a.get()[1]), Arguments.of(a.get()[0], 4, a.get()[1])));
    }

    @AfterAll
    static void allRan() {
        assertEquals(networks().count() * 2, CASES.get());
    }

    /** Direct, unoptimised evaluation from the layer definitions. */
    static final class Reference {
        static int[][] run(QuantizedNetwork q, int[] input) {
            Network net = q.network();
            int[][] acts = new int[net.nodes().size()][];
            for (int n = 0; n < acts.length; n++) {
                Node node = net.nodes().get(n);
                int src = node.inputs().get(0);
                int[] x = src == Node.NETWORK_INPUT ? input : acts[src];
                Shape in = net.inputShapeOf(n, 0);
                Shape out = net.shape(n);
                Layer layer = node.layer();
                QuantOp op = q.ops().get(n);
                int[] y = new int[out.size()];
                if (layer instanceof Conv c) {
                    QuantOp.Weighted w = (QuantOp.Weighted) op;
                    int cin = c.inChannels() / c.groups();
                    int coutG = c.outChannels() / c.groups();
                    for (int o = 0; o < c.outChannels(); o++) {
                        for (int oy = 0; oy < out.height(); oy++) {
                            for (int ox = 0; ox < out.width(); ox++) {
                                long acc = w.bias()[o];
                                for (int ci = 0; ci < cin; ci++) {
                                    int ch = o / coutG * cin + ci;
                                    for (int ky = 0; ky < c.kernelH(); ky++) {
                                        for (int kx = 0; kx < c.kernelW(); kx++) {
                                            int iy = oy * c.strideH() - c.padH() + ky * c.dilationH();
                                            int ix = ox * c.strideW() - c.padW() + kx * c.dilationW();
                                            if (iy < 0 || ix < 0 || iy >= in.height() || ix >= in.width()) {
                                                continue;
                                            }
                                            int wv = w.weights()
                                                    .values()[((o * cin + ci) * c.kernelH() + ky) * c.kernelW() + kx];
                                            acc += (long) wv * x[(ch * in.height() + iy) * in.width() + ix];
                                        }
                                    }
                                }
                                y[(o * out.height() + oy) * out.width() + ox] = requant(acc, w.requant()[o]);
                            }
                        }
                    }
                } else if (layer instanceof ConvTranspose t) {
                    QuantOp.Weighted w = (QuantOp.Weighted) op;
                    long[] acc = new long[y.length];
                    for (int o = 0; o < t.outChannels(); o++) {
                        for (int s = 0; s < out.spatial(); s++) {
                            acc[o * out.spatial() + s] = w.bias()[o];
                        }
                    }
                    // scatter form: input (ci, iy, ix) adds w * x to output (iy * sh - ph + ky, ix * sw - pw + kx)
                    for (int ci = 0; ci < t.inChannels(); ci++) {
                        for (int iy = 0; iy < in.height(); iy++) {
                            for (int ix = 0; ix < in.width(); ix++) {
                                for (int o = 0; o < t.outChannels(); o++) {
                                    for (int ky = 0; ky < t.kernelH(); ky++) {
                                        for (int kx = 0; kx < t.kernelW(); kx++) {
                                            int oy = iy * t.strideH() - t.padH() + ky;
                                            int ox = ix * t.strideW() - t.padW() + kx;
                                            if (oy >= 0 && oy < out.height() && ox >= 0 && ox < out.width()) {
                                                int wv = w.weights()
                                                        .values()[
                                                        ((o * t.inChannels() + ci) * t.kernelH() + ky) * t.kernelW()
                                                                + kx];
                                                acc[(o * out.height() + oy) * out.width() + ox] +=
                                                        (long) wv * x[(ci * in.height() + iy) * in.width() + ix];
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    for (int i = 0; i < y.length; i++) {
                        y[i] = requant(acc[i], w.requant()[i / out.spatial()]);
                    }
                } else if (layer instanceof Dense d) {
                    QuantOp.Weighted w = (QuantOp.Weighted) op;
                    for (int o = 0; o < d.outFeatures(); o++) {
                        long acc = w.bias()[o];
                        for (int i = 0; i < d.inFeatures(); i++) {
                            acc += (long) w.weights().values()[o * d.inFeatures() + i] * x[i];
                        }
                        y[o] = requant(acc, w.requant()[o]);
                    }
                } else if (layer instanceof Relu) {
                    for (int i = 0; i < y.length; i++) {
                        y[i] = x[i] > 0 ? x[i] : 0;
                    }
                } else if (layer instanceof Pool p) {
                    for (int c = 0; c < out.channels(); c++) {
                        for (int oy = 0; oy < out.height(); oy++) {
                            for (int ox = 0; ox < out.width(); ox++) {
                                long sum = 0;
                                int max = Integer.MIN_VALUE;
                                for (int ky = 0; ky < p.kernelH(); ky++) {
                                    for (int kx = 0; kx < p.kernelW(); kx++) {
                                        int iy = oy * p.strideH() + ky - p.padH();
                                        int ix = ox * p.strideW() + kx - p.padW();
                                        if (iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width()) {
                                            continue; // padding: outside the maximum, zero in the sum
                                        }
                                        int v = x[(c * in.height() + iy) * in.width() + ix];
                                        sum += v;
                                        max = Math.max(max, v);
                                    }
                                }
                                y[(c * out.height() + oy) * out.width() + ox] = p.mode() == Pool.Mode.MAX
                                        ? max
                                        : requant(sum, ((QuantOp.AvgPool) op).requant());
                            }
                        }
                    }
                } else if (layer instanceof Add) {
                    QuantOp.Add a = (QuantOp.Add) op;
                    int src2 = node.inputs().get(1);
                    int[] x2 = src2 == Node.NETWORK_INPUT ? input : acts[src2];
                    for (int i = 0; i < y.length; i++) {
                        long v = Math.floorDiv(
                                (long) x[i] * a.multA()
                                        + (long) x2[i] * a.multB()
                                        + (a.shift() == 0 ? 0 : 1L << (a.shift() - 1)),
                                1L << a.shift());
                        y[i] = (int) Math.max(-128, Math.min(127, v));
                    }
                } else if (layer instanceof shears.models.nn.Concat) {
                    QuantOp.Concat cat = (QuantOp.Concat) op;
                    int src2 = node.inputs().get(1);
                    int[] x2 = src2 == Node.NETWORK_INPUT ? input : acts[src2];
                    long half = cat.shift() == 0 ? 0 : 1L << (cat.shift() - 1);
                    for (int i = 0; i < y.length; i++) {
                        long v = i < x.length ? (long) x[i] * cat.multA() : (long) x2[i - x.length] * cat.multB();
                        y[i] = (int) Math.max(-128, Math.min(127, Math.floorDiv(v + half, 1L << cat.shift())));
                    }
                } else if (layer instanceof Upsample u) {
                    for (int c = 0; c < out.channels(); c++) {
                        for (int oy = 0; oy < out.height(); oy++) {
                            for (int ox = 0; ox < out.width(); ox++) {
                                y[(c * out.height() + oy) * out.width() + ox] =
                                        x[(c * in.height() + oy / u.factorH()) * in.width() + ox / u.factorW()];
                            }
                        }
                    }
                }
                acts[n] = y;
            }
            return acts;
        }

        /** floor((acc * m + 2^(s-1)) / 2^s), saturated to int8. */
        static int requant(long acc, Requantizer r) {
            long num = acc * r.multiplier() + (r.shift() == 0 ? 0 : 1L << (r.shift() - 1));
            long v = Math.floorDiv(num, 1L << r.shift());
            return (int) Math.max(-128, Math.min(127, v));
        }
    }
}
