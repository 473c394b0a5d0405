package shears.models.hsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import shears.models.nn.Network;
import shears.models.tensor.Tensor;

class CompressionTest {
    private static Network trained(UNet u, int h, int w) {
        Network n = u.build(h, w);
        n.initialize(4);
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < n.nodes().size(); i++) {
            for (int k = 0; k < n.bias(i).length; k++) {
                n.bias(i)[k] = r.nextDouble() - 0.5;
            }
        }
        return n;
    }

    private static Tensor input(int bands, int h, int w) {
        Tensor x = new Tensor(new shears.models.tensor.Shape(bands, h, w));
        SplittableRandom r = new SplittableRandom(8);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextDouble();
        }
        return x;
    }

    @Test
    void nonZeroMacsCountOnlyTheProductsOfKeptWeights() {
        UNet u = new UNet(2, 4, 3, 5, 6);
        Network t = trained(u, 8, 12);
        assertEquals(UNet.macs(t), UNet.nonZeroMacs(t), "dense: every product counts");
        long dense = UNet.macs(t);
        int up = t.indexOf("up0");
        int conv = t.indexOf("enc0a");
        // one weight of a 3x3 convolution is used at each of its channel's output positions,
        // one of a 2x2/s2 transposed convolution at each of its input positions
        t.weights(conv)[0] = 0;
        t.weights(up)[0] = 0;
        long convPositions = t.shape(conv).size() / t.shape(conv).channels();
        long upInputs = t.shape(up).size() / t.shape(up).channels() / 4;
        assertEquals(dense - convPositions - upInputs, UNet.nonZeroMacs(t));
    }

    @Test
    void keepingEverythingIsTheSameNetwork() {
        UNet u = new UNet(2, 4, 3, 5, 6);
        Network t = trained(u, 8, 12);
        Compression.Result r = Compression.shrink(u, t, new Compression.Target(2, 4, 6), 8, 12);
        Tensor x = input(6, 8, 12);
        assertArrayEquals(t.forward(x).data(), r.network().forward(x).data(), 0.0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, r.bands());
    }

    @Test
    void fewerLevelsFiltersAndBandsKeepTheStrongestWeights() {
        UNet u = new UNet(3, 8, 3, 4, 10);
        Network t = trained(u, 16, 16);
        Compression.Result r = Compression.shrink(u, t, new Compression.Target(2, 4, 6), 16, 16);
        assertEquals(new UNet(2, 4, 3, 4, 6), r.unet());
        assertEquals(6, r.bands().length);
        assertTrue(
                r.network().parameterCount() < t.parameterCount() / 10,
                r.network().parameterCount() + " of " + t.parameterCount());
        // the kept bands are those the first convolution weighs most
        assertArrayEquals(Compression.importantBands(t, 6), r.bands());
        // the head keeps every class; its weights come from the trained head's kept input channels
        int head = r.network().indexOf("head");
        assertEquals(4, r.network().shape(head).channels());
        Tensor x = input(10, 16, 16);
        List<Tensor> selected = Compression.selectBands(List.of(x), r.bands());
        assertEquals(6, selected.get(0).shape().channels());
        assertEquals(16 * 16 * 4, r.network().forward(selected.get(0)).data().length);
    }

    @Test
    void aTargetLargerThanTheModelIsRefused() {
        UNet u = new UNet(2, 4, 3, 3, 5);
        Network t = trained(u, 8, 8);
        assertThrows(
                IllegalArgumentException.class, () -> Compression.shrink(u, t, new Compression.Target(3, 4, 5), 8, 8));
        assertThrows(IllegalArgumentException.class, () -> new Compression.Target(0, 4, 5));
    }
}
