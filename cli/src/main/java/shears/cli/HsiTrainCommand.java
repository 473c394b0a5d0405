package shears.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.models.hsi.Confusion;
import shears.models.hsi.HsiClass;
import shears.models.hsi.HsiExperiment;
import shears.models.hsi.HsiImages;
import shears.models.hsi.Preprocess;
import shears.models.hsi.SpectralLibrary;
import shears.models.hsi.UNet;
import shears.models.io.ModelBundle;
import shears.models.io.ModelFiles;
import shears.models.nn.Network;
import shears.rtl.util.OutputDir;

/** {@code shears hsi train}: a U-Net on synthetic scenes, scored against the per-pixel linear baseline. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train a 2-D U-Net on synthetic HSI driving scenes (float); report mIoU, per-class IoU and pixel accuracy on test "
                        + "scenes beside a per-pixel linear classifier on calibrated spectra.")
final class HsiTrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(HsiTrainCommand.class);

    @Option(
            names = "--preset",
            defaultValue = "deployable",
            description = "deployable (depth 2, 8 filters) or baseline (depth 4, 16 filters) "
                    + "(default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--depth", description = "Max-pool levels (overrides the preset).")
    Integer depth;

    @Option(names = "--filters", description = "Channels at the top level (overrides the preset).")
    Integer filters;

    @Option(names = "--epochs", description = "Training epochs (default: the preset's, 30).")
    Integer epochs;

    @Option(names = "--train-crops", description = "Training crops, 4 per 409x216 scene (default: the preset's, 160).")
    Integer trainCrops;

    @Option(names = "--test-crops", description = "Test crops, from other scenes (default: the preset's, 40).")
    Integer testCrops;

    @Option(names = "--patch", description = "Crop HEIGHTxWIDTH, both divisible by 2^depth (default: 64x128).")
    String patch;

    @Option(names = "--norm", description = "Pixel normalisation: none, l1, l2, max (default: l1).")
    String norm;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Initialisation and shuffling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Save the trained model (JSON + .npy) and test label maps here.")
    Path out;

    @CommandLine.Mixin
    ForceOption force = new ForceOption();

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        HsiExperiment.Settings s = settings();
        if (out != null) {
            OutputDir.probe("--out", out, "hsi train", force.force);
        }
        SpectralLibrary lib = SpectralLibrary.analytic();
        long macsPerFrame = s.unet().macsPerFrame(); // before hours of training, not after
        LOG.info(
                "hsi train: {} + {} crops of {}x{} from 409x216 scenes",
                s.trainCrops(),
                s.testCrops(),
                s.height(),
                s.width());
        HsiExperiment.Data train = HsiExperiment.data(s, 1, s.trainCrops(), lib);
        HsiExperiment.Data test = HsiExperiment.data(s, 1_000_001, s.testCrops(), lib);
        Network net = s.unet().build(s.height(), s.width());
        HsiExperiment.Result unet = HsiExperiment.train(net, train, test, s, false, m -> LOG.info("U-Net {}", m));
        HsiExperiment.cache(s, net, LOG::warn); // 'hsi compress' starts from the cached baseline
        if (out != null) {
            save(s, net, unet, test);
        }
        HsiExperiment.Result linear =
                HsiExperiment.train(HsiExperiment.linear(s), train, test, s, true, m -> LOG.debug("linear {}", m));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "unet",
                Map.of(
                        "depth",
                        s.unet().depth(),
                        "filters",
                        s.unet().filters(),
                        "kernel",
                        s.unet().kernel(),
                        "classes",
                        s.unet().classes(),
                        "bands",
                        s.unet().bands()));
        m.put("params", net.parameterCount());
        m.put("macsPerFrame", macsPerFrame);
        m.put("frame", UNet.FRAME_HEIGHT + "x" + UNet.FRAME_WIDTH);
        m.put("trainSeconds", unet.trainSeconds());
        m.put("epochs", s.epochs());
        m.put("trainCrops", s.trainCrops());
        m.put("testCrops", s.testCrops());
        List<Map<String, Object>> results = new java.util.ArrayList<>(List.of(result("float", unet.test())));
        for (int bits : new int[] {8, 4}) {
            LOG.info("hsi train: int{} weights, int8 activations, integer golden model on the test scenes", bits);
            results.add(result(
                    "int" + bits,
                    HsiExperiment.evaluate(
                            HsiExperiment.quantize(net, train.images(), bits), test.images(), test.labels())));
        }
        m.put("results", results);
        m.put("linearBaseline", result("float", linear.test()));
        var w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.of(m));
            return 0;
        }
        w.printf(
                "U-Net depth %d, %d filters: %,d parameters, %,d MACs per 208x400 frame; trained %d epochs on %d crops in %.1f s%n",
                s.unet().depth(),
                s.unet().filters(),
                net.parameterCount(),
                macsPerFrame,
                s.epochs(),
                s.trainCrops(),
                unet.trainSeconds());
        w.printf("%-14s %8s %8s %8s %8s%n", "IoU", "float", "int8", "int4", "linear");
        for (HsiClass c : HsiClass.values()) {
            w.printf("%-14s", c.label());
            for (Map<String, Object> r : results) {
                w.printf(" %8.3f", ((Map<?, ?>) r.get("perClassIoU")).get(c.label()));
            }
            w.printf(" %8.3f%n", linear.test().iou()[c.ordinal()]);
        }
        w.printf("%-14s", "mIoU");
        results.forEach(r -> w.printf(" %8.3f", r.get("mIoU")));
        w.printf(" %8.3f%n", linear.test().meanIou());
        w.printf("%-14s", "pixel acc");
        results.forEach(r -> w.printf(" %8.3f", r.get("pixelAccuracy")));
        w.printf(" %8.3f%n", linear.test().pixelAccuracy());
        return 0;
    }

    private HsiExperiment.Settings settings() {
        HsiExperiment.Settings p = switch (preset) {
            case "deployable" -> HsiExperiment.Settings.deployable(seed);
            case "baseline" -> HsiExperiment.Settings.baseline(seed);
            default -> throw new UserException("--preset must be deployable or baseline, got '" + preset + "'");
        };
        int h = p.height();
        int w = p.width();
        if (patch != null) {
            String[] hw = patch.toLowerCase(Locale.ROOT).split("x");
            try {
                h = Integer.parseInt(hw[0]);
                w = Integer.parseInt(hw[1]);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new UserException("--patch must be HEIGHTxWIDTH, got '" + patch + "'");
            }
        }
        Preprocess.Norm n = p.norm();
        if (norm != null) {
            try {
                n = Preprocess.Norm.valueOf(norm.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserException("--norm must be none, l1, l2 or max, got '" + norm + "'");
            }
        }
        try {
            UNet u = new UNet(
                    depth == null ? p.unet().depth() : depth,
                    filters == null ? p.unet().filters() : filters,
                    p.unet().kernel(),
                    p.unet().classes(),
                    p.unet().bands());
            return new HsiExperiment.Settings(
                    u,
                    trainCrops == null ? p.trainCrops() : trainCrops,
                    testCrops == null ? p.testCrops() : testCrops,
                    h,
                    w,
                    n,
                    epochs == null ? p.epochs() : epochs,
                    p.batchSize(),
                    p.learningRate(),
                    seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    private static Map<String, Object> result(String precision, Confusion c) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("precision", precision);
        r.put("mIoU", c.meanIou());
        r.put("perClassIoU", perClass(c));
        r.put("pixelAccuracy", c.pixelAccuracy());
        return r;
    }

    /** IoU of each class, by its label. */
    static Map<String, Double> perClass(Confusion c) {
        Map<String, Double> per = new LinkedHashMap<>();
        double[] iou = c.iou();
        for (HsiClass k : HsiClass.values()) {
            per.put(k.label(), iou[k.ordinal()]);
        }
        return per;
    }

    private void save(HsiExperiment.Settings s, Network net, HsiExperiment.Result r, HsiExperiment.Data test) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "hsi-unet");
        meta.put("depth", Integer.toString(s.unet().depth()));
        meta.put("filters", Integer.toString(s.unet().filters()));
        meta.put("kernel", Integer.toString(s.unet().kernel()));
        meta.put("norm", s.norm().name().toLowerCase(Locale.ROOT));
        meta.put("seed", Long.toString(s.seed()));
        meta.put("mIoU", Double.toString(r.test().meanIou()));
        Map<String, byte[]> files =
                new TreeMap<>(ModelFiles.files(new ModelBundle(Map.of("unet", net), Map.of(), Map.of(), meta)));
        int scale = Math.max(1, 400 / s.width());
        for (int i = 0; i < Math.min(4, test.images().size()); i++) {
            int[] pred = HsiExperiment.argmax(net.forward(test.images().get(i)));
            files.put("test" + i + "-predicted.png", HsiImages.labels(pred, s.width(), s.height(), scale));
            files.put("test" + i + "-truth.png", HsiImages.labels(test.labels().get(i), s.width(), s.height(), scale));
        }
        try (OutputDir dir = OutputDir.open("--out", out, "hsi train", force.force)) {
            dir.writeAllBytes(files);
            dir.commit();
        }
    }
}
