package shears.accelerators.hsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import shears.models.hsi.HsiExperiment;
import shears.models.hsi.IntCube;
import shears.models.hsi.Preprocess;
import shears.models.hsi.SpectralLibrary;
import shears.models.hsi.SyntheticCapture;
import shears.models.hsi.UNet;
import shears.models.nn.Network;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Quantizer;
import shears.models.tensor.Tensor;

/** Small pipelines built from random U-Nets, shared by the pipeline tests. */
final class HsiPipelineTest {
    private HsiPipelineTest() {}

    /** A pipeline case: the plan, the calibration and raw frames, and the golden labels. */
    record Case(
            StreamPlan plan,
            Preprocess.Calibration calibration,
            List<shears.models.hsi.SensorModel.Frame> frames,
            List<int[]> golden) {}

    /**
     * A random U-Net of {@code depth} on a {@code width} x {@code height} crop of {@code bands.length}
     * bands, quantised on the frames it will see, with the given folding and normalisation.
     */
    static Case build(
            long seed,
            int depth,
            int filters,
            int width,
            int height,
            int[] bands,
            Preprocess.Norm norm,
            Map<String, StreamPlan.Fold> folds,
            Map<String, Integer> fifos,
            boolean allowUndersized,
            int frames) {
        return build(seed, depth, filters, width, height, bands, norm, folds, fifos, allowUndersized, frames, 8);
    }

    static Case build(
            long seed,
            int depth,
            int filters,
            int width,
            int height,
            int[] bands,
            Preprocess.Norm norm,
            Map<String, StreamPlan.Fold> folds,
            Map<String, Integer> fifos,
            boolean allowUndersized,
            int frames,
            int weightBits) {
        SpectralLibrary lib = SpectralLibrary.analytic();
        List<SyntheticCapture> caps = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            caps.add(SyntheticCapture.of(seed * 31 + f, width, height, lib));
        }
        Preprocess.Calibration cal = caps.get(0).calibration();
        double valueScale = HsiExperiment.inputScale(norm);
        List<Tensor> calib = new ArrayList<>();
        for (SyntheticCapture c : caps) {
            IntCube n = Preprocess.selectBands(
                    Preprocess.normalise(
                            Preprocess.calibrate(Preprocess.cube(c.raw(), Preprocess.Crop.all(c.raw())), cal), norm),
                    bands);
            calib.add(HsiExperiment.tensor(n, valueScale));
        }
        Network net = new UNet(depth, filters, 3, 4, bands.length).build(height, width);
        net.initialize(seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int n = 0; n < net.nodes().size(); n++) {
            for (int i = 0; i < net.bias(n).length; i++) {
                net.bias(n)[i] = (r.nextDouble() - 0.5) * 0.4;
            }
        }
        QuantizedNetwork q = Quantizer.quantize(net, calib, weightBits);
        shears.models.hsi.SensorModel.Frame raw0 = caps.get(0).raw();
        StreamPlan.Front front = new StreamPlan.Front(
                raw0.width(),
                raw0.height(),
                Preprocess.Crop.all(raw0),
                norm,
                bands,
                PipelineGolden.quantiser(q, valueScale));
        StreamPlan plan = StreamPlan.of(front, q, folds, fifos, allowUndersized);
        List<shears.models.hsi.SensorModel.Frame> raws = new ArrayList<>();
        List<int[]> golden = new ArrayList<>();
        for (SyntheticCapture c : caps) {
            raws.add(c.raw());
            golden.add(PipelineGolden.labels(front, cal, q, c.raw()));
        }
        return new Case(plan, cal, raws, golden);
    }

    static void assertBitExact(Case c, HsiRun.Result r, String engine) {
        assertEquals(c.golden().size(), r.labels().size(), engine + ": frames out");
        assertNull(
                HsiRun.firstMismatch(
                        r.labels(), c.golden(), c.plan().front().crop().width()),
                engine);
        assertFalse(r.framingError(), engine + ": framing error flag");
        for (StreamPlan.Stage s : c.plan().stages()) {
            if (s instanceof StreamPlan.Cat cat) {
                long occ = r.fifoMaxOccupancy().get(cat.name());
                assertTrue(
                        occ <= cat.fifoDepth() + 1,
                        engine + ": FIFO " + cat.name() + " held " + occ + " > " + cat.fifoDepth());
            }
        }
    }
}
