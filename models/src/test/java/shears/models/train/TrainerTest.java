package shears.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import shears.models.cae.CaeConfig;
import shears.models.cae.DsCae;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.tensor.Tensor;

class TrainerTest {
    private static final CaeConfig SMALL = new CaeConfig(2, 16, 4, 2, 2, 2, 4, 16, 8);

    private static List<Tensor> data() {
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            Tensor t = new Tensor(DsCae.encoder(SMALL).inputShape());
            for (int i = 0; i < t.data().length; i++) {
                t.data()[i] = 0.5 * Math.sin(0.3 * (i % 16) + k * 0.7 + i / 16);
            }
            out.add(t);
        }
        return out;
    }

    private static Network[] trained(Masks encMask, int fakeQuantBits) {
        Network enc = DsCae.encoder(SMALL);
        Network dec = DsCae.decoder(SMALL);
        enc.initialize(1);
        dec.initialize(2);
        List<Masks> m = new ArrayList<>();
        m.add(encMask);
        m.add(null);
        Trainer t = new Trainer(List.of(enc, dec), m, Regularizer.NONE);
        List<Double> loss = t.fit(data(), data(), new TrainConfig(25, 8, 3e-3, 5, fakeQuantBits));
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "loss falls: " + loss);
        return new Network[] {enc, dec};
    }

    @Test
    void trainingIsDeterministicAndReducesLoss() {
        Network[] a = trained(null, 0);
        Network[] b = trained(null, 0);
        for (int i = 0; i < a[0].nodes().size(); i++) {
            assertArrayEquals(
                    a[0].weights(i), b[0].weights(i), "same seed, same weights (thread-count independent chunking)");
        }
    }

    @Test
    void maskedWeightsStayZeroThroughTraining() {
        Network enc = DsCae.encoder(SMALL);
        enc.initialize(1);
        Masks m = Masks.none(enc);
        boolean[] keep = new boolean[enc.weights(0).length];
        for (int i = 0; i < keep.length; i += 3) {
            keep[i] = true;
        }
        m.weightKeep()[0] = keep;
        Network[] t = trained(m, 0);
        int zeros = 0;
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                assertEquals(0.0, t[0].weights(0)[i]);
                zeros++;
            }
        }
        assertTrue(zeros > 10);
    }

    @Test
    void quantisationAwareTrainingAlsoConverges() {
        trained(null, 4);
    }
}
