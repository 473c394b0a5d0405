package shears.accelerators.hsi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import shears.models.hsi.Bands;
import shears.models.hsi.Confusion;
import shears.models.hsi.HsiClass;
import shears.models.hsi.HsiExperiment;
import shears.models.hsi.IntCube;
import shears.models.hsi.Preprocess;
import shears.models.hsi.SensorModel;
import shears.models.hsi.SpectralLibrary;
import shears.models.hsi.SyntheticCapture;
import shears.models.nn.Network;
import shears.models.quant.QuantizedNetwork;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

/**
 * A trained U-Net turned into a pipeline for a frame size: the network at that size, quantised on
 * calibration scenes, the front end (sensor window around the crop, normalisation, kept bands, input
 * quantiser), the folding (given, or chosen for a target), and test frames with their ground truth.
 * Frames are windows of full-size (409 x 216) synthetic scenes read out of the sensor with a
 * one-super-pixel margin round the crop, as a camera's region of interest.
 */
public final class HsiPipeline {
    /** Scenes the quantiser is calibrated on (never the test frames). */
    static final long CALIBRATION_SEED = 10_000;

    static final int CALIBRATION_SCENES = 2;
    static final int MARGIN = 1;

    private HsiPipeline() {}

    /**
     * What to build.
     *
     * @param trained     the trained U-Net (any input size)
     * @param norm        the pixel normalisation it was trained with
     * @param keep        bands it reads, in channel order
     * @param height      crop rows (super-pixels)
     * @param width       crop columns
     * @param weightBits  weight precision of the quantised model (8 or 4)
     * @param folds       explicit folding (layer name to PE x SIMD), or empty
     * @param target      a target the auto-folder meets instead (null: use {@code folds})
     */
    public record Config(
            Network trained,
            Preprocess.Norm norm,
            int[] keep,
            int height,
            int width,
            int weightBits,
            Map<String, StreamPlan.Fold> folds,
            Folder.Target target) {
        public Config {
            keep = keep.clone();
            folds = Map.copyOf(folds);
            if (height < 4
                    || width < 4
                    || height > HsiExperiment.FRAME_HEIGHT - 2 * MARGIN
                    || width > HsiExperiment.FRAME_WIDTH - 2 * MARGIN) {
                throw new StreamException("frame " + height + "x" + width + " must be at least 4x4 and fit the "
                        + (HsiExperiment.FRAME_HEIGHT - 2 * MARGIN) + "x" + (HsiExperiment.FRAME_WIDTH - 2 * MARGIN)
                        + " scene");
            }
            long pools = trained.nodes().stream()
                    .filter(n -> n.layer() instanceof shears.models.nn.Pool)
                    .count();
            int unit = 1 << pools;
            if (height % unit != 0 || width % unit != 0) {
                throw new StreamException("frame " + height + "x" + width + ": a U-Net with " + pools
                        + " max-pool levels needs height and width " + "divisible by " + unit);
            }
            if (keep.length != trained.inputShape().channels()) {
                throw new StreamException("the model reads "
                        + trained.inputShape().channels() + " bands but " + keep.length + " are kept");
            }
        }
    }

    /**
     * The built pipeline, its quantised network, calibration, the auto-folder's verdict (or null), and
     * the cycle model's frame interval and latency for two frames streamed without stalls.
     */
    public record Built(
            StreamPlan plan,
            QuantizedNetwork quantized,
            Preprocess.Calibration calibration,
            Folder.Choice choice,
            long modelIntervalCycles,
            long modelLatencyCycles) {}

    /** One test frame: the sensor window and the crop's ground truth, row-major. */
    public record TestFrame(SensorModel.Frame raw, int[] truth) {}

    public static Built build(Config c, SpectralLibrary lib, Consumer<String> progress) {
        Network net = c.trained().withInputShape(new Shape(c.keep().length, c.height(), c.width()));
        double valueScale = HsiExperiment.inputScale(c.norm());
        List<Tensor> calib = new ArrayList<>();
        Preprocess.Calibration cal = null;
        for (int i = 0; i < CALIBRATION_SCENES; i++) {
            progress.accept("calibration scene " + (i + 1) + "/" + CALIBRATION_SCENES);
            SyntheticCapture cap = SyntheticCapture.of(
                    CALIBRATION_SEED + i, HsiExperiment.FRAME_WIDTH, HsiExperiment.FRAME_HEIGHT, lib);
            cal = cap.calibration();
            SensorModel.Frame raw = window(cap.raw(), c.height(), c.width());
            IntCube n = Preprocess.selectBands(
                    Preprocess.normalise(
                            Preprocess.calibrate(Preprocess.cube(raw, crop(c.height(), c.width())), cal), c.norm()),
                    c.keep());
            calib.add(HsiExperiment.tensor(n, valueScale));
        }
        QuantizedNetwork q = HsiExperiment.quantize(net, calib, c.weightBits());
        SensorModel.Frame shape = window(
                new SensorModel.Frame(
                        Bands.MOSAIC * HsiExperiment.FRAME_WIDTH,
                        Bands.MOSAIC * HsiExperiment.FRAME_HEIGHT,
                        new short
                                [Bands.MOSAIC * HsiExperiment.FRAME_WIDTH * Bands.MOSAIC * HsiExperiment.FRAME_HEIGHT]),
                c.height(),
                c.width());
        StreamPlan.Front front = new StreamPlan.Front(
                shape.width(),
                shape.height(),
                crop(c.height(), c.width()),
                c.norm(),
                c.keep(),
                PipelineGolden.quantiser(q, valueScale));
        if (c.target() == null) {
            StreamPlan plan = StreamPlan.of(front, q, c.folds(), Map.of(), false);
            HsiRun.Result r = timing(plan, cal);
            return new Built(plan, q, cal, null, r.frameIntervalCycles(), r.latencyCycles());
        }
        // Fold for the budget, then run the cycle model: stages that wait for each other can leave the
        // interval above the slowest stage's count, so the budget tightens until the model meets it.
        StreamPlan serial = StreamPlan.of(front, q, Map.of(), Map.of(), false);
        long target = c.target().budgetCycles();
        long budget = target;
        for (int round = 0; ; round++) {
            Folder.Choice choice = Folder.choose(serial, c.target(), budget);
            StreamPlan plan = StreamPlan.of(front, q, choice.folds(), Map.of(), false);
            HsiRun.Result r = timing(plan, cal);
            progress.accept("folding round " + (round + 1) + ": cycle model " + r.frameIntervalCycles()
                    + " cycles per frame, budget " + target);
            if (r.frameIntervalCycles() <= target || round == MAX_FOLDING_ROUNDS - 1) {
                return new Built(plan, q, cal, choice, r.frameIntervalCycles(), r.latencyCycles());
            }
            budget = Math.min(budget - 1, (long) Math.floor(budget * (double) target / r.frameIntervalCycles()));
        }
    }

    static final int MAX_FOLDING_ROUNDS = 4;

    /** Two frames through the cycle model without stalls (the schedule does not depend on pixel values). */
    static HsiRun.Result timing(StreamPlan plan, Preprocess.Calibration cal) {
        StreamPlan.Front f = plan.front();
        SensorModel.Frame blank = new SensorModel.Frame(f.sensorWidth(), f.sensorHeight(), new short[f.rawPixels()]);
        return new HsiRun(plan, cal, List.of(blank, blank), 0, 0).run(new PipelineModel(plan), null);
    }

    /** Test frames from scenes {@code seed}, {@code seed + 1}, ... */
    public static List<TestFrame> frames(int count, long seed, int height, int width, SpectralLibrary lib) {
        List<TestFrame> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SyntheticCapture cap =
                    SyntheticCapture.of(seed + i, HsiExperiment.FRAME_WIDTH, HsiExperiment.FRAME_HEIGHT, lib);
            int x0 = (HsiExperiment.FRAME_WIDTH - width) / 2;
            int y0 = (HsiExperiment.FRAME_HEIGHT - height) / 2;
            int[] truth = new int[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    truth[y * width + x] = cap.labels()[(y0 + y) * HsiExperiment.FRAME_WIDTH + x0 + x];
                }
            }
            out.add(new TestFrame(window(cap.raw(), height, width), truth));
        }
        return out;
    }

    /** The crop inside the sensor window: one super-pixel of margin. */
    static Preprocess.Crop crop(int height, int width) {
        return new Preprocess.Crop(Bands.MOSAIC * MARGIN, Bands.MOSAIC * MARGIN, width, height);
    }

    /** The sensor window holding the centred {@code height} x {@code width} crop and its margin. */
    static SensorModel.Frame window(SensorModel.Frame full, int height, int width) {
        int x0 = ((HsiExperiment.FRAME_WIDTH - width) / 2 - MARGIN) * Bands.MOSAIC;
        int y0 = ((HsiExperiment.FRAME_HEIGHT - height) / 2 - MARGIN) * Bands.MOSAIC;
        int w = (width + 2 * MARGIN) * Bands.MOSAIC;
        int h = (height + 2 * MARGIN) * Bands.MOSAIC;
        if (x0 < 0 || y0 < 0) {
            throw new StreamException("frame " + height + "x" + width + " leaves no margin in the "
                    + HsiExperiment.FRAME_HEIGHT + "x" + HsiExperiment.FRAME_WIDTH + " scene");
        }
        short[] dn = new short[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(full.dn(), (y0 + y) * full.width() + x0, dn, y * w, w);
        }
        return new SensorModel.Frame(w, h, dn);
    }

    /** mIoU of hardware labels against the frames' ground truth. */
    public static Confusion score(List<int[]> labels, List<TestFrame> frames) {
        Confusion c = Confusion.empty(HsiClass.count());
        for (int i = 0; i < frames.size(); i++) {
            c.add(frames.get(i).truth(), labels.get(i));
        }
        return c;
    }
}
