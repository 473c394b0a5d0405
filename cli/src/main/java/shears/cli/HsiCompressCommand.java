package shears.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.models.hsi.Compression;
import shears.models.hsi.Confusion;
import shears.models.hsi.HsiExperiment;
import shears.models.hsi.SpectralLibrary;
import shears.models.hsi.UNet;
import shears.models.io.ModelBundle;
import shears.models.io.ModelFiles;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.prune.Magnitude;
import shears.models.prune.PruneRequest;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;
import shears.rtl.util.OutputDir;

/** {@code shears hsi compress}: structured compression of the baseline U-Net, measured the way the HSI papers report it. */
@Command(
        name = "compress",
        mixinStandardHelpOptions = true,
        description =
                "Compress the trained baseline U-Net (depth reduction, filter scaling, band selection; fine-tuned) and report "
                        + "parameters, MACs per frame, their ratios to the baseline, and float and int8 mIoU against the baseline's int8 mIoU.")
final class HsiCompressCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(HsiCompressCommand.class);

    /** Strategy name to what it keeps of the baseline (depth 4, 16 filters, 25 bands). */
    static final Map<String, Compression.Target> STRATEGIES = strategies();

    private static Map<String, Compression.Target> strategies() {
        Map<String, Compression.Target> m = new LinkedHashMap<>();
        m.put("depth+filters", new Compression.Target(2, 8, 25));
        m.put("depth", new Compression.Target(2, 16, 25));
        m.put("filters", new Compression.Target(4, 8, 25));
        m.put("bands", new Compression.Target(4, 16, 16));
        m.put("depth+filters+bands", new Compression.Target(2, 8, 16));
        return m;
    }

    /**
     * The unstructured strategy, for comparison: the baseline's smallest weights zeroed, ranked across
     * the whole network (per layer, the same fraction would leave a 1x1 head of 144 weights with 2).
     */
    static final String MAGNITUDE = "magnitude";

    @Option(
            names = "--strategy",
            split = ",",
            defaultValue = "depth+filters",
            description =
                    "Strategies: depth+filters (to the deployable size), depth, filters, bands, depth+filters+bands, "
                            + "and magnitude (unstructured, at --sparsity, for comparison) (default: ${DEFAULT-VALUE}).")
    List<String> strategy;

    @Option(
            names = "--sparsity",
            defaultValue = "0.9",
            description = "Fraction of the weights the magnitude strategy zeroes, the smallest across the network "
                    + "(default: ${DEFAULT-VALUE}).")
    double sparsity;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "The baseline saved by 'shears hsi train --preset baseline --out DIR' (default: trained once and cached).")
    Path model;

    @Option(
            names = "--fine-tune-epochs",
            defaultValue = "60",
            description =
                    "Fine-tuning epochs per strategy (default: ${DEFAULT-VALUE}; 10 leave depth+filters 35 points short).")
    int fineTuneEpochs;

    @Option(
            names = "--qat-epochs",
            defaultValue = "0",
            description =
                    "Then this many epochs with the weights rounded to 8 bits in every pass (quantisation-aware; default: ${DEFAULT-VALUE}).")
    int qatEpochs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Save each compressed model in DIR/<strategy>/ (as 'hsi train --out' does; 'hsi gen --model' reads it).")
    Path out;

    @CommandLine.Mixin
    ForceOption force = new ForceOption();

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String s : strategy) {
            if (!STRATEGIES.containsKey(s) && !s.equals(MAGNITUDE)) {
                throw new UserException("unknown --strategy '" + s + "' (known: "
                        + String.join(", ", STRATEGIES.keySet()) + ", " + MAGNITUDE + ")");
            }
        }
        if (!(sparsity > 0 && sparsity < 1)) {
            throw new UserException("--sparsity must be between 0 and 1 (exclusive)");
        }
        if (fineTuneEpochs < 0) {
            throw new UserException("--fine-tune-epochs must not be negative");
        }
        if (qatEpochs < 0) {
            throw new UserException("--qat-epochs must not be negative");
        }
        if (out != null) {
            OutputDir.probe("--out", out, "hsi compress", force.force);
        }
        HsiExperiment.Settings s = HsiExperiment.Settings.baseline(1);
        SpectralLibrary lib = SpectralLibrary.analytic();
        Map<String, byte[]> files = new java.util.TreeMap<>();
        LOG.info("hsi compress: {} + {} crops from 409x216 scenes", s.trainCrops(), s.testCrops());
        HsiExperiment.Data train = HsiExperiment.data(s, 1, s.trainCrops(), lib);
        HsiExperiment.Data test = HsiExperiment.data(s, 1_000_001, s.testCrops(), lib);
        Network base = baseline(s, train, test);
        long baseMacs = s.unet().macsPerFrame();
        Confusion baseFloat = HsiExperiment.evaluate(base, test.images(), test.labels());
        Confusion baseInt8 =
                HsiExperiment.evaluate(HsiExperiment.quantize(base, train.images(), 8), test.images(), test.labels());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : strategy) {
            Compression.Target t = name.equals(MAGNITUDE)
                    ? new Compression.Target(s.unet().depth(), s.unet().filters(), 25)
                    : STRATEGIES.get(name);
            Compression.Result r;
            Masks masks = null;
            if (name.equals(MAGNITUDE)) {
                LOG.info("hsi compress: {} -> the smallest {} of the weights zeroed", name, sparsity);
                Network pruned = base.copy();
                masks = new Magnitude(true)
                        .prune(new PruneRequest(pruned, sparsity, 1, 8))
                        .masks();
                r = new Compression.Result(s.unet(), pruned, allBands());
            } else {
                LOG.info("hsi compress: {} -> depth {}, {} filters, {} bands", name, t.depth(), t.filters(), t.bands());
                r = Compression.shrink(s.unet(), base, t, s.height(), s.width());
            }
            List<Tensor> trainIn = Compression.selectBands(train.images(), r.bands());
            List<Tensor> testIn = Compression.selectBands(test.images(), r.bands());
            HsiExperiment.fineTune(
                    r.network(), masks, train, trainIn, s, fineTuneEpochs, 0, m -> LOG.info("{} {}", name, m));
            if (qatEpochs > 0) {
                HsiExperiment.fineTune(
                        r.network(), masks, train, trainIn, s, qatEpochs, 8, m -> LOG.info("{} {}", name, m));
            }
            Confusion f = HsiExperiment.evaluate(r.network(), testIn, test.labels());
            Confusion q =
                    HsiExperiment.evaluate(HsiExperiment.quantize(r.network(), trainIn, 8), testIn, test.labels());
            // unstructured pruning saves only the multiplications by zero weights: count those that remain
            long macs = masks == null
                    ? r.unet().macsPerFrame()
                    : UNet.nonZeroMacs(r.network().withInputShape(new Shape(25, UNet.FRAME_HEIGHT, UNet.FRAME_WIDTH)));
            long params = masks == null ? r.network().parameterCount() : nonZeroParameters(r.network());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("strategy", name);
            row.put("depth", t.depth());
            row.put("filters", t.filters());
            row.put("bands", r.bands());
            if (masks != null) {
                row.put("sparsity", sparsity);
            }
            row.put("params", params);
            row.put("macsPerFrame", macs);
            row.put("macsRatio", macs / (double) baseMacs);
            row.put("paramsRatio", params / (double) base.parameterCount());
            row.put("mIoU", f.meanIou());
            row.put("mIoUInt8", q.meanIou());
            row.put("mIoUDropPoints", 100 * (baseInt8.meanIou() - q.meanIou()));
            row.put("perClassIoU", HsiTrainCommand.perClass(f));
            row.put("perClassIoUInt8", HsiTrainCommand.perClass(q));
            rows.add(row);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("kind", "hsi-unet");
            meta.put("depth", Integer.toString(t.depth()));
            meta.put("filters", Integer.toString(t.filters()));
            meta.put("kernel", Integer.toString(s.unet().kernel()));
            meta.put("norm", s.norm().name().toLowerCase(java.util.Locale.ROOT));
            meta.put(
                    "bands",
                    java.util.Arrays.stream(r.bands())
                            .mapToObj(Integer::toString)
                            .collect(java.util.stream.Collectors.joining(",")));
            meta.put("mIoU", Double.toString(f.meanIou()));
            meta.put("compressedFrom", "baseline, strategy " + name);
            ModelFiles.files(new ModelBundle(Map.of("unet", r.network()), Map.of(), Map.of(), meta))
                    .forEach((file, bytes) -> files.put(name + "/" + file, bytes));
        }
        if (out != null) {
            try (OutputDir dir = OutputDir.open("--out", out, "hsi compress", force.force)) {
                dir.writeAllBytes(files);
                dir.commit();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> baseRow = new LinkedHashMap<>();
        baseRow.put("params", base.parameterCount());
        baseRow.put("macsPerFrame", baseMacs);
        baseRow.put("mIoU", baseFloat.meanIou());
        baseRow.put("mIoUInt8", baseInt8.meanIou());
        baseRow.put("perClassIoU", HsiTrainCommand.perClass(baseFloat));
        baseRow.put("perClassIoUInt8", HsiTrainCommand.perClass(baseInt8));
        m.put("baseline", baseRow);
        m.put("frame", UNet.FRAME_HEIGHT + "x" + UNet.FRAME_WIDTH);
        m.put("fineTuneEpochs", fineTuneEpochs);
        m.put("qatEpochs", qatEpochs);
        m.put("results", rows);
        var w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.of(m));
            return 0;
        }
        w.printf(
                "baseline: %,d parameters, %,d MACs per 208x400 frame, mIoU %.3f (int8 %.3f)%n",
                base.parameterCount(), baseMacs, baseFloat.meanIou(), baseInt8.meanIou());
        w.printf(
                "%-20s %10s %8s %14s %8s %8s %8s %10s%n",
                "strategy", "params", "ratio", "MACs/frame", "ratio", "mIoU", "int8", "drop pts");
        for (Map<String, Object> r : rows) {
            w.printf(
                    "%-20s %10d %7.2f%% %14d %7.2f%% %8.3f %8.3f %+10.2f%n",
                    r.get("strategy"),
                    r.get("params"),
                    100 * (double) r.get("paramsRatio"),
                    r.get("macsPerFrame"),
                    100 * (double) r.get("macsRatio"),
                    r.get("mIoU"),
                    r.get("mIoUInt8"),
                    r.get("mIoUDropPoints"));
        }
        return 0;
    }

    private static int[] allBands() {
        int[] all = new int[25];
        java.util.Arrays.setAll(all, i -> i);
        return all;
    }

    private static long nonZeroParameters(Network net) {
        long n = 0;
        for (int i = 0; i < net.nodes().size(); i++) {
            n += java.util.Arrays.stream(net.weights(i)).filter(w -> w != 0).count();
            n += java.util.Arrays.stream(net.bias(i)).filter(w -> w != 0).count();
        }
        return n;
    }

    private Network baseline(HsiExperiment.Settings s, HsiExperiment.Data train, HsiExperiment.Data test) {
        if (model == null) {
            return HsiExperiment.trained(s, train, test, m -> LOG.info("baseline {}", m));
        }
        ModelBundle b = ModelFiles.load(model);
        if (!b.networks().containsKey("unet")) {
            throw new UserException(
                    model + ": holds no 'unet' network (save one with 'shears hsi train --preset baseline --out DIR')");
        }
        Network net = s.unet().build(s.height(), s.width());
        try {
            net.copyParametersFrom(b.network("unet"));
        } catch (IllegalArgumentException e) {
            throw new UserException(
                    model + ": not the baseline U-Net (depth 4, 16 filters, 64x128): " + e.getMessage());
        }
        return net;
    }
}
