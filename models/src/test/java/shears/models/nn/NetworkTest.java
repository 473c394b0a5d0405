package shears.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

class NetworkTest {
    @Test
    void conv1dMatchesHandComputedValues() {
        Network.Builder b = Network.builder(Shape.of1d(1, 5));
        b.add("c", Conv.conv1d(1, 1, 3, 2, 1, 1));
        Network net = b.build();
        net.weights(0)[0] = 1;
        net.weights(0)[1] = 2;
        net.weights(0)[2] = 3;
        net.bias(0)[0] = 0.5;
        Tensor y = net.forward(new Tensor(Shape.of1d(1, 5), new double[] {1, 2, 3, 4, 5}));
        // positions -1..1, 1..3, 3..5(pad): 0*1+1*2+2*3, 2*1+3*2+4*3, 4*1+5*2+0*3
        assertArrayEquals(new double[] {8.5, 20.5, 14.5}, y.data(), 1e-12);
    }

    @Test
    void convTransposeUpsamplesByStride() {
        Network.Builder b = Network.builder(Shape.of1d(1, 3));
        b.add("t", ConvTranspose.convTranspose1d(1, 1, 2, 2, 0, 0));
        Network net = b.build();
        net.weights(0)[0] = 1;
        net.weights(0)[1] = 10;
        Tensor y = net.forward(new Tensor(Shape.of1d(1, 3), new double[] {1, 2, 3}));
        assertArrayEquals(new double[] {1, 10, 2, 20, 3, 30}, y.data(), 1e-12);
    }

    @Test
    void shapeErrorsNameTheLayer() {
        Network.Builder b = Network.builder(Shape.of1d(3, 8));
        b.add("first", Conv.conv1d(4, 2, 3, 1, 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("'first'") && e.getMessage().contains("3 channels"), e.getMessage());
        Network.Builder tooShort = Network.builder(Shape.of1d(1, 2));
        tooShort.add("k5", Conv.conv1d(1, 1, 5, 1, 0, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, tooShort::build)
                .getMessage()
                .contains("'k5'"));
    }

    @Test
    void foldingGatesKeepsTheFunction() {
        Network.Builder b = Network.builder(Shape.of1d(2, 6));
        b.add("c", Conv.conv1d(2, 3, 3, 1, 1, 1));
        b.add("g", new ChannelScale(3));
        b.add("r", new Relu());
        b.add("p", Conv.pointwise1d(3, 2));
        Network net = b.build();
        net.initialize(3);
        net.weights(1)[0] = 0.3;
        net.weights(1)[1] = 0.0;
        net.weights(1)[2] = 0.9;
        Network folded = net.foldChannelScales();
        assertEquals(3, folded.nodes().size());
        Tensor x = new Tensor(Shape.of1d(2, 6), new double[] {1, -2, 3, 0.5, -1, 2, 0, 1, -1, 2, 1, -3});
        assertArrayEquals(net.forward(x).data(), folded.forward(x).data(), 1e-12);
    }

    @Test
    void masksKeepPrunedWeightsAtZero() {
        Network.Builder b = Network.builder(Shape.of1d(1, 4));
        b.add("c", Conv.conv1d(1, 2, 3, 1, 1, 1));
        Network net = b.build();
        net.initialize(1);
        Masks m = Masks.none(net);
        m.weightKeep()[0] = new boolean[] {true, false, true, false, false, true};
        net.applyMasks(m);
        assertEquals(0.0, net.weights(0)[1]);
        assertEquals(0.5, m.sparsity(net), 1e-12);
    }

    @Test
    void direct1dLoopsAgreeWithTheGatherPath() {
        // the same layers on a 2-row input take the general gather path; each row must equal the 1-D result
        Layer[] layers = {
            Conv.conv1d(3, 4, 5, 2, 2, 1),
            Conv.conv1d(3, 4, 3, 1, 2, 2),
            Conv.depthwise1d(3, 3, 2, 1, 1),
            ConvTranspose.convTranspose1d(3, 2, 4, 2, 1, 0),
            ConvTranspose.convTranspose1d(3, 2, 8, 4, 2, 1)
        };
        int checked = 0;
        for (Layer layer : layers) {
            Network.Builder one = Network.builder(Shape.of1d(3, 9));
            one.add("l", layer);
            Network a = one.build();
            a.initialize(7);
            Network.Builder two = Network.builder(new Shape(3, 2, 9));
            two.add("l", layer);
            Network b = two.build();
            System.arraycopy(a.weights(0), 0, b.weights(0), 0, a.weights(0).length);
            for (int o = 0; o < a.bias(0).length; o++) {
                a.bias(0)[o] = 0.1 * o;
                b.bias(0)[o] = 0.1 * o;
            }
            Tensor x1 = new Tensor(Shape.of1d(3, 9));
            Tensor x2 = new Tensor(new Shape(3, 2, 9));
            for (int c = 0; c < 3; c++) {
                for (int t = 0; t < 9; t++) {
                    double v = Math.sin(c * 9 + t);
                    x1.data()[c * 9 + t] = v;
                    x2.data()[(c * 2) * 9 + t] = v;
                    x2.data()[(c * 2 + 1) * 9 + t] = v;
                }
            }
            Tensor y1 = a.forward(x1);
            Tensor y2 = b.forward(x2);
            int lo = y1.shape().width();
            for (int o = 0; o < y1.shape().channels(); o++) {
                for (int t = 0; t < lo; t++) {
                    assertEquals(
                            y1.data()[o * lo + t], y2.data()[(o * 2) * lo + t], 1e-12, layer + " o " + o + " t " + t);
                    assertEquals(y1.data()[o * lo + t], y2.data()[(o * 2 + 1) * lo + t], 1e-12);
                    checked++;
                }
            }
        }
        assertTrue(checked > 60);
    }
}
