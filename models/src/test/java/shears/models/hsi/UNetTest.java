package shears.models.hsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shears.models.nn.Network;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

class UNetTest {
    @Test
    void shapesParametersAndMacs() {
        Network dep = UNet.deployable().build(64, 128);
        assertEquals(new Shape(HsiClass.count(), 64, 128), dep.outputShape());
        // 3x3 convs 25-8-8 | 8-16-16 | 16-32-32, up 32-16 and 16-8 (2x2), decoder 32-16-16 and 16-8-8, head 8-9;
        // weights + biases
        long expected = (25 * 8 * 9 + 8)
                + (8 * 8 * 9 + 8)
                + (8 * 16 * 9 + 16)
                + (16 * 16 * 9 + 16)
                + (16 * 32 * 9 + 32)
                + (32 * 32 * 9 + 32)
                + (32 * 16 * 4 + 16)
                + (32 * 16 * 9 + 16)
                + (16 * 16 * 9 + 16)
                + (16 * 8 * 4 + 8)
                + (16 * 8 * 9 + 8)
                + (8 * 8 * 9 + 8)
                + (8 * 9 + 9);
        assertEquals(expected, dep.parameterCount());
        long base = UNet.baseline().build(64, 128).parameterCount();
        assertTrue(base > 1_800_000 && base < 2_000_000, "baseline parameters " + base);
        // the reporting frame (208x400) divides every preset; MACs scale with the frame's area
        assertEquals(UNet.macs(dep) * 208 * 400 / (64 * 128), UNet.deployable().macsPerFrame());
        assertTrue(UNet.baseline().macsPerFrame() > 4 * UNet.deployable().macsPerFrame());
        // transposed convolutions count one input position per output value: no zero products
        Network tiny = new UNet(1, 2, 3, 2, 1).build(4, 4);
        long macs = 16 * 2 * 9
                + 16 * 2 * 18
                + 4 * 4 * 18
                + 4 * 4 * 36
                + 16 * 2 * 4
                + 16 * 2 * 36
                + 16 * 2 * 18
                + 16 * 2 * 2;
        assertEquals(macs, UNet.macs(tiny));
    }

    @Test
    void badSizesAreRefusedNamingTheConstraint() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> UNet.baseline().build(64, 100));
        assertTrue(e.getMessage().contains("divisible by 16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new UNet(2, 8, 2, 9, 25));
    }

    @Test
    void forwardRunsOnACapture() {
        Network net = UNet.deployable().build(32, 64);
        net.initialize(3);
        SyntheticCapture c = SyntheticCapture.of(1, 64, 32, SpectralLibrary.analytic());
        Tensor logits = net.forward(
                HsiExperiment.tensor(Preprocess.normalise(c.reflectance(), Preprocess.Norm.L1), 25.0 / 4096));
        assertEquals(32 * 64, HsiExperiment.argmax(logits).length);
    }
}
