package shears.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

/** Back-propagation of every layer type against central finite differences. */
class GradientCheckTest {
    private static final AtomicInteger CASES = new AtomicInteger();

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("conv1d stride 2 pad 2", (Supplier<Network>)
                        () -> single(Shape.of1d(3, 11), Conv.conv1d(3, 4, 5, 2, 2, 1))),
                Arguments.of("conv1d dilation 2", (Supplier<Network>)
                        () -> single(Shape.of1d(2, 12), Conv.conv1d(2, 3, 3, 1, 2, 2))),
                Arguments.of("depthwise1d", (Supplier<Network>)
                        () -> single(Shape.of1d(4, 9), Conv.depthwise1d(4, 3, 2, 1, 1))),
                Arguments.of("pointwise1d", (Supplier<Network>) () -> single(Shape.of1d(4, 5), Conv.pointwise1d(4, 3))),
                Arguments.of("grouped conv", (Supplier<Network>)
                        () -> single(Shape.of1d(4, 8), new Conv(4, 6, 1, 3, 1, 1, 0, 1, 1, 1, 2))),
                Arguments.of(
                        "conv2d", (Supplier<Network>) () -> single(new Shape(2, 6, 5), Conv.conv2d(2, 3, 3, 2, 1))),
                Arguments.of("depthwise2d", (Supplier<Network>)
                        () -> single(new Shape(3, 5, 5), Conv.depthwise2d(3, 3, 1, 1))),
                Arguments.of(
                        "pointwise2d", (Supplier<Network>) () -> single(new Shape(3, 4, 4), Conv.pointwise2d(3, 2))),
                Arguments.of("conv transpose 1d", (Supplier<Network>)
                        () -> single(Shape.of1d(3, 5), ConvTranspose.convTranspose1d(3, 2, 4, 2, 1, 0))),
                Arguments.of("conv transpose 1d output pad", (Supplier<Network>)
                        () -> single(Shape.of1d(2, 4), ConvTranspose.convTranspose1d(2, 2, 3, 2, 1, 1))),
                Arguments.of("dense", (Supplier<Network>) () -> single(Shape.of1d(2, 3), new Dense(6, 4))),
                Arguments.of("avg pool 1d", (Supplier<Network>)
                        () -> withConv(Shape.of1d(2, 8), Pool.pool1d(Pool.Mode.AVG, 2, 2))),
                Arguments.of("max pool 2d", (Supplier<Network>)
                        () -> withConv(new Shape(2, 4, 4), Pool.pool2d(Pool.Mode.MAX, 2, 2))),
                Arguments.of("padded max pool 2d", (Supplier<Network>)
                        () -> withConv(new Shape(2, 5, 5), new Pool(Pool.Mode.MAX, 3, 3, 2, 2, 1, 1))),
                Arguments.of("padded avg pool 1d", (Supplier<Network>)
                        () -> withConv(Shape.of1d(2, 7), new Pool(Pool.Mode.AVG, 1, 3, 1, 2, 0, 1))),
                Arguments.of("upsample", (Supplier<Network>) () -> withConv(Shape.of1d(2, 4), Upsample.upsample1d(3))),
                Arguments.of("relu", (Supplier<Network>) () -> withConv(Shape.of1d(2, 6), new Relu())),
                Arguments.of(
                        "channel scale", (Supplier<Network>) () -> withConv(Shape.of1d(2, 6), new ChannelScale(2))),
                Arguments.of("residual add", (Supplier<Network>) GradientCheckTest::residual),
                Arguments.of("conv2d stride 1, 5 outputs (direct 2-D loops)", (Supplier<Network>)
                        () -> single(new Shape(3, 6, 7), Conv.conv2d(3, 5, 3, 1, 1))),
                Arguments.of("conv2d 5x5 pad 1 (direct)", (Supplier<Network>)
                        () -> single(new Shape(2, 7, 6), Conv.conv2d(2, 4, 5, 1, 1))),
                Arguments.of("conv transpose 2x2 stride 2 (direct)", (Supplier<Network>)
                        () -> single(new Shape(3, 3, 4), new ConvTranspose(3, 2, 2, 2, 2, 2, 0, 0, 0, 0))),
                Arguments.of("concat skip", (Supplier<Network>) GradientCheckTest::concat));
    }

    private static Network single(Shape in, Layer layer) {
        Network.Builder b = Network.builder(in);
        b.add("l", layer);
        return b.build();
    }

    private static Network withConv(Shape in, Layer layer) {
        Network.Builder b = Network.builder(in);
        b.add("c", in.is1d() ? Conv.conv1d(in.channels(), 2, 3, 1, 1, 1) : Conv.conv2d(in.channels(), 2, 3, 1, 1));
        b.add("l", layer);
        return b.build();
    }

    private static Network concat() {
        Network.Builder b = Network.builder(new Shape(2, 4, 4));
        b.add("a", Conv.conv2d(2, 3, 3, 1, 1));
        b.add("cat", new Concat(), "a", "input");
        b.add("b", Conv.conv2d(5, 2, 3, 1, 1));
        return b.build();
    }

    private static Network residual() {
        Network.Builder b = Network.builder(Shape.of1d(3, 7));
        b.add("a", Conv.conv1d(3, 3, 3, 1, 1, 1));
        b.add("r", new Relu());
        b.add("b", Conv.pointwise1d(3, 3));
        b.add("sum", new Add(), "b", "input");
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void gradientsMatchFiniteDifferences(String name, Supplier<Network> factory) {
        Network net = factory.get();
        net.initialize(5);
        SplittableRandom random = new SplittableRandom(9);
        for (int n = 0; n < net.nodes().size(); n++) {
            for (int i = 0; i < net.bias(n).length; i++) {
                net.bias(n)[i] = random.nextDouble() - 0.5;
            }
            if (net.nodes().get(n).layer() instanceof ChannelScale) {
                for (int i = 0; i < net.weights(n).length; i++) {
                    net.weights(n)[i] = 0.5 + random.nextDouble();
                }
            }
        }
        Tensor x = new Tensor(net.inputShape());
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = random.nextDouble() * 2 - 1;
        }
        double[] direction = new double[net.outputShape().size()];
        for (int i = 0; i < direction.length; i++) {
            direction[i] = random.nextDouble() * 2 - 1;
        }
        // loss = <direction, output>, so dL/doutput = direction
        Tensor[] acts = net.forwardAll(x);
        double[][][] g = net.newGradients();
        double[] gradIn = net.backward(x, acts, new Tensor(net.outputShape(), direction.clone()), g[0], g[1]);
        double h = 1e-6;
        int checked = 0;
        for (int n = 0; n < net.nodes().size(); n++) {
            for (double[][] pair : new double[][][] {{net.weights(n), g[0][n]}, {net.bias(n), g[1][n]}}) {
                for (int i = 0; i < pair[0].length; i++) {
                    double keep = pair[0][i];
                    pair[0][i] = keep + h;
                    double up = dot(direction, net.forward(x));
                    pair[0][i] = keep - h;
                    double down = dot(direction, net.forward(x));
                    pair[0][i] = keep;
                    assertEquals((up - down) / (2 * h), pair[1][i], 1e-5, name + " node " + n + " param " + i);
                    checked++;
                }
            }
        }
        for (int i = 0; i < x.data().length; i++) {
            double keep = x.data()[i];
            x.data()[i] = keep + h;
            double up = dot(direction, net.forward(x));
            x.data()[i] = keep - h;
            double down = dot(direction, net.forward(x));
            x.data()[i] = keep;
            assertEquals((up - down) / (2 * h), gradIn[i], 1e-5, name + " input " + i);
            checked++;
        }
        assertTrue(checked > 10, "too few derivatives checked: " + checked);
        CASES.incrementAndGet();
    }

    private static double dot(double[] a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b.data()[i];
        }
        return s;
    }

    @AfterAll
    static void allNetworksRan() {
        assertEquals(networks().count(), CASES.get(), "every network checked");
    }
}
