package shears.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shears.models.cae.CaeConfig;
import shears.models.cae.CaeExperiment;
import shears.models.cae.CaeResult;
import shears.models.cae.DsCae;
import shears.models.data.RecordingLoader;
import shears.models.io.ModelBundle;
import shears.models.io.ModelFiles;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.prune.BalancedStochastic;
import shears.models.prune.PruneRequest;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Quantizer;
import shears.rtl.util.OutputDir;

/** {@code shears models}: train, sweep and inspect models. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Train, quantise, prune and inspect models.",
        subcommands = {
            ModelsCommand.TrainCae.class,
            ModelsCommand.SweepCae.class,
            ModelsCommand.Info.class,
            ModelsOnnx.Run.class,
            ModelsOnnx.Export.class
        })
final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Suggestions.missingCommand(spec.commandLine());
    }

    /** Options shared by train-cae and sweep-cae. */
    static final class CaeOptions {
        @Option(
                names = "--seed",
                defaultValue = "1",
                description = "Seed for data, initialisation and pruning (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--epochs", description = "Training epochs (default: 30 for train-cae, 15 for sweep-cae).")
        Integer epochs;

        @Option(
                names = "--train-windows",
                defaultValue = "2000",
                description = "Synthetic training windows (default: ${DEFAULT-VALUE}).")
        int trainWindows;

        @Option(
                names = "--test-windows",
                defaultValue = "200",
                description = "Synthetic test windows (default: ${DEFAULT-VALUE}).")
        int testWindows;

        @Option(
                names = "--recording",
                description =
                        "Train and test on a recording (.npy [channels, samples] or .csv, microvolts) instead of synthetic LFP.")
        Path recording;

        @Option(names = "--sample-rate-hz", description = "Sample rate of --recording (default: 1000).")
        Double sampleRateHz;

        @Option(names = "--width", description = "Hidden channels (default: 64).")
        Integer width;

        @Option(names = "--depth", description = "Strided stages (default: 2).")
        Integer depth;

        @Option(names = "--stride", description = "Downsampling per stage, even (default: 4).")
        Integer stride;

        @Option(names = "--kernel", description = "Kernel of the strided convolutions, >= stride (default: 8).")
        Integer kernel;

        @Option(names = "--window", description = "Samples per window (default: 256).")
        Integer window;

        @Option(
                names = "--weight-bits",
                defaultValue = "8",
                description = "Encoder weight bits, 8 or 4 (default: ${DEFAULT-VALUE}).")
        int weightBits;

        @Option(
                names = "--pes",
                defaultValue = "" + shears.accelerators.raman.RamanSpec.DEFAULT_PES,
                description =
                        "PE count P: balanced pruning balances the P processing elements; a power of two in 1..64 for the RAMAN "
                                + "accelerator (default: ${DEFAULT-VALUE}).")
        int pes;

        @Option(names = "--qat", description = "Fine-tune pruned encoders quantisation-aware (fake-quantised weights).")
        boolean qat;

        CaeExperiment.Settings settings(int latentChannels, int defaultEpochs) {
            CaeConfig d = CaeConfig.defaults();
            if (recording == null && sampleRateHz != null) {
                throw new UserException("--sample-rate-hz applies only with --recording");
            }
            var rec = recording == null
                    ? null
                    : RecordingLoader.load(recording, sampleRateHz == null ? 1000 : sampleRateHz);
            int channels = rec == null ? d.channels() : rec.channels();
            CaeConfig c;
            try {
                c = new CaeConfig(
                        channels,
                        window == null ? d.window() : window,
                        width == null ? d.width() : width,
                        stride == null ? d.stride() : stride,
                        depth == null ? d.depth() : depth,
                        latentChannels,
                        kernel == null ? d.kernel() : kernel,
                        d.inputBits(),
                        d.latentBits());
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            int e = epochs == null ? defaultEpochs : epochs;
            if (e < 1 || trainWindows < 1 || testWindows < 1 || pes < 1) {
                throw new UserException("--epochs, --train-windows, --test-windows and --pes must be positive");
            }
            if (weightBits != 8 && weightBits != 4) {
                throw new UserException("--weight-bits must be 8 or 4, got " + weightBits);
            }
            CaeExperiment.Settings s = CaeExperiment.Settings.defaults(seed);
            return new CaeExperiment.Settings(
                    c,
                    s.lfp().withChannels(channels),
                    trainWindows,
                    testWindows,
                    e,
                    s.fineTuneEpochs(),
                    s.batchSize(),
                    s.learningRate(),
                    seed,
                    pes,
                    weightBits,
                    rec,
                    qat);
        }
    }

    @Command(
            name = "train-cae",
            mixinStandardHelpOptions = true,
            description =
                    "Train the DS-CAE on synthetic LFP (or --recording), quantise its encoder, prune it; report CR, SNDR and R^2.")
    static final class TrainCae implements Callable<Integer> {
        @CommandLine.Mixin
        CaeOptions cae = new CaeOptions();

        @Option(names = "--latent-channels", description = "Latent channels (default: 5).")
        Integer latentChannels;

        @Option(
                names = "--strategies",
                split = ",",
                defaultValue = "balanced,magnitude",
                description =
                        "Pruning strategies, 'all' or 'none' (default: ${DEFAULT-VALUE}; known: magnitude, magnitude-global, balanced, n-of-m, structured, lottery, gating).")
        List<String> strategies;

        @Option(
                names = "--sparsity",
                split = ",",
                defaultValue = "0.75",
                description = "Target sparsities in [0, 1) (default: ${DEFAULT-VALUE}).")
        List<Double> sparsities;

        @Option(names = "--out", description = "Save the trained model (JSON + .npy) to this directory.")
        Path out;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Mixin
        ForceOption force = new ForceOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (out != null) {
                OutputDir.probe("--out", out, "models train-cae", force.force);
            }
            List<String> names = strategies.size() == 1 && strategies.get(0).equals("all")
                    ? CaeExperiment.STRATEGIES
                    : strategies.size() == 1 && strategies.get(0).equals("none") ? List.of() : strategies;
            for (String n : names) {
                if (!CaeExperiment.STRATEGIES.contains(n)) {
                    throw new UserException("unknown strategy '" + n + "' (known: "
                            + String.join(", ", CaeExperiment.STRATEGIES) + ", or all, or none)");
                }
            }
            for (double s : sparsities) {
                if (!(s >= 0 && s < 1)) {
                    throw new UserException("--sparsity values must be in [0, 1), got " + s);
                }
            }
            CaeExperiment.Settings s =
                    cae.settings(latentChannels == null ? CaeConfig.defaults().latentChannels() : latentChannels, 30);
            if (names.contains("balanced")) { // fail before minutes of training, not after
                new BalancedStochastic(s.pes(), 1)
                        .prune(new PruneRequest(DsCae.encoder(s.cae()), sparsities.get(0), 0, s.weightBits()));
            }
            var w = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            CaeExperiment.Trained t = CaeExperiment.train(s);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            if (!json) {
                w.printf(
                        "DS-CAE %d ch x %d samples -> %d x %d latents, CR %.1f (%d-bit input, %d-bit latent); trained %d epochs in %.1f s%n",
                        s.cae().channels(),
                        s.cae().window(),
                        s.cae().latentChannels(),
                        s.cae().latentLength(),
                        s.cae().compressionRatio(),
                        s.cae().inputBits(),
                        s.cae().latentBits(),
                        s.epochs(),
                        trainSeconds);
                w.printf(
                        "%-9s %-17s %8s %9s %9s %7s %12s %10s%n",
                        "precision", "strategy", "sparsity", "achieved", "SNDR dB", "R^2", "storage bit", "index bit");
                w.flush();
            }
            List<CaeResult> results = CaeExperiment.run(t, names, sparsities, r -> {
                if (!json) {
                    w.printf(
                            "%-9s %-17s %8.2f %9.3f %9.2f %7.4f %12d %10d%n",
                            r.precision(),
                            r.strategy(),
                            r.sparsity(),
                            r.achievedSparsity(),
                            r.sndrDb(),
                            r.r2(),
                            r.storageBits(),
                            r.indexBits());
                    w.flush();
                }
            });
            if (out != null) {
                QuantizedNetwork q = Quantizer.quantize(
                        t.encoder(),
                        t.train().subList(0, Math.min(256, t.train().size())),
                        s.weightBits());
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("kind", "ds-cae");
                meta.put("cae", s.cae().toJson());
                meta.put("fullScaleUv", Double.toString(t.fullScaleUv()));
                meta.put("seed", Long.toString(s.seed()));
                try (OutputDir dir = OutputDir.open("--out", out, "models train-cae", force.force)) {
                    dir.writeAllBytes(ModelFiles.files(new ModelBundle(
                            Map.of("encoder", t.encoder(), "decoder", t.decoder()),
                            Map.of(),
                            Map.of("encoder", q),
                            meta)));
                    dir.commit();
                }
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("compressionRatio", s.cae().compressionRatio());
                m.put("inputBits", s.cae().inputBits());
                m.put("latentBits", s.cae().latentBits());
                m.put("latentValues", s.cae().latentValues());
                m.put("epochs", s.epochs());
                m.put("trainSeconds", trainSeconds);
                m.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (CaeResult r : results) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("precision", r.precision());
                    row.put("strategy", r.strategy());
                    row.put("sparsity", r.sparsity());
                    row.put("achievedSparsity", r.achievedSparsity());
                    row.put("sndrDb", r.sndrDb());
                    row.put("r2", r.r2());
                    row.put("storageBits", r.storageBits());
                    row.put("indexBits", r.indexBits());
                    rows.add(row);
                }
                m.put("results", rows);
                w.println(Json.of(m));
            }
            return 0;
        }
    }

    @Command(
            name = "sweep-cae",
            mixinStandardHelpOptions = true,
            description = "Train DS-CAEs with several latent sizes and print the compression-ratio vs SNDR trade-off.")
    static final class SweepCae implements Callable<Integer> {
        @CommandLine.Mixin
        CaeOptions cae = new CaeOptions();

        @Option(
                names = "--latent-channels",
                split = ",",
                defaultValue = "2,3,5,8,12",
                description = "Latent channel counts (default: ${DEFAULT-VALUE}).")
        List<Integer> latents;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var w = spec.commandLine().getOut();
            List<Map<String, Object>> rows = new ArrayList<>();
            if (!json) {
                w.printf(
                        "%7s %8s %13s %12s %9s %9s%n",
                        "latent", "CR", "float SNDR dB", "int SNDR dB", "float R^2", "int R^2");
            }
            for (int l : latents) {
                if (l < 1) {
                    throw new UserException("--latent-channels must be positive");
                }
                CaeExperiment.Settings s = cae.settings(l, 15);
                CaeExperiment.Trained t = CaeExperiment.train(s);
                List<CaeResult> r = CaeExperiment.run(t, List.of(), List.of(), x -> {});
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("latentChannels", l);
                row.put("compressionRatio", s.cae().compressionRatio());
                row.put("floatSndrDb", r.get(0).sndrDb());
                row.put("intSndrDb", r.get(1).sndrDb());
                row.put("floatR2", r.get(0).r2());
                row.put("intR2", r.get(1).r2());
                rows.add(row);
                if (!json) {
                    w.printf(
                            "%7d %8.1f %13.2f %12.2f %9.4f %9.4f%n",
                            l,
                            s.cae().compressionRatio(),
                            r.get(0).sndrDb(),
                            r.get(1).sndrDb(),
                            r.get(0).r2(),
                            r.get(1).r2());
                    w.flush();
                }
            }
            if (json) {
                w.println(Json.of(Map.of("sweep", rows)));
            }
            return 0;
        }
    }

    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description =
                    "Load and validate a model directory, or an ONNX/QONNX "
                            + "file, and list its layers, shapes and quantisation; for an ONNX file also what the RAMAN and HSI accelerators can map.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", description = "Model directory (holding model.json) or .onnx file.")
        Path model;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            var w = spec.commandLine().getOut();
            if (ModelsOnnx.isOnnx(model)) {
                ModelsOnnx.info(model, w);
                return 0;
            }
            ModelBundle b = ModelFiles.load(model);
            for (var e : b.networks().entrySet()) {
                Network n = e.getValue();
                w.printf(
                        "network %s: input %s -> output %s, %d parameters%s%n",
                        e.getKey(),
                        n.inputShape(),
                        n.outputShape(),
                        n.parameterCount(),
                        b.quantized().containsKey(e.getKey())
                                ? ", quantised (int"
                                        + b.quantized().get(e.getKey()).weightBits() + " weights)"
                                : "");
                for (int i = 0; i < n.nodes().size(); i++) {
                    Node node = n.nodes().get(i);
                    w.printf("  %-14s %-15s %s%n", node.name(), node.layer().kind(), n.shape(i));
                }
            }
            b.metadata().forEach((k, v) -> w.printf("%s = %s%n", k, v));
            return 0;
        }
    }
}
