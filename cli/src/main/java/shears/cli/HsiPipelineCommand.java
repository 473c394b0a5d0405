package shears.cli;

import java.nio.file.Path;
import java.util.ArrayList;
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
import shears.accelerators.hsi.CycleModel;
import shears.accelerators.hsi.Folder;
import shears.accelerators.hsi.HsiPipeline;
import shears.accelerators.hsi.HsiRtl;
import shears.accelerators.hsi.HsiRun;
import shears.accelerators.hsi.PipelineEstimate;
import shears.accelerators.hsi.PipelineGolden;
import shears.accelerators.hsi.PipelineModel;
import shears.accelerators.hsi.PipelineTiming;
import shears.accelerators.hsi.StreamPlan;
import shears.models.hsi.Confusion;
import shears.models.hsi.HsiExperiment;
import shears.models.hsi.HsiImages;
import shears.models.hsi.Preprocess;
import shears.models.hsi.SensorModel;
import shears.models.hsi.SpectralLibrary;
import shears.models.io.ModelBundle;
import shears.models.io.ModelFiles;
import shears.models.nn.Network;
import shears.reports.measure.Measure;
import shears.reports.measure.Measurement;
import shears.reports.measure.OperatingPoint;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.estimate.YosysCrossCheck;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.util.OutputDir;
import shears.sim.Engines;
import shears.sim.SimEngine;
import shears.sim.SimOptions;
import shears.sim.Simulator;

/** {@code shears hsi gen} and {@code hsi sim}: the streaming segmentation pipeline for a trained U-Net. */
final class HsiPipelineCommand {
    private static final Logger LOG = LoggerFactory.getLogger(HsiPipelineCommand.class);
    /** Scenes the test frames come from: the test scenes of 'hsi train'. */
    static final long TEST_SEED = 1_000_001;

    private HsiPipelineCommand() {}

    /** What the pipeline is built from; shared by both commands. */
    static final class PipelineOptions {
        @Option(
                names = "--model",
                paramLabel = "DIR|FILE.onnx",
                description =
                        "A U-Net saved by 'shears hsi train --out DIR', or as ONNX (e.g. from 'shears models export'; its float "
                                + "weights, quantised here like any other) (default: the deployable model, trained once and cached).")
        Path model;

        @Option(
                names = "--frame",
                defaultValue = "208x400",
                paramLabel = "HxW",
                description =
                        "Crop in super-pixels, divisible by 2^depth (default: ${DEFAULT-VALUE}, the full frame the papers use).")
        String frame;

        @Option(
                names = "--weight-bits",
                defaultValue = "8",
                description = "Weight precision: 8 or 4 (default: ${DEFAULT-VALUE}).")
        int weightBits;

        @Option(
                names = "--fps",
                description = "Target frame rate for the auto-folder (with --clock-mhz and --device; default 30).")
        Double fps;

        @Option(names = "--clock-mhz", description = "Clock for the auto-folder (default 200).")
        Double clockMhz;

        @Option(
                names = "--device",
                description = "k26, hx8k or up5k: the budgets the auto-folder and 'hsi gen' check (default k26).")
        String device;

        @Option(
                names = "--fold",
                split = ",",
                paramLabel = "LAYER=PExSIMD",
                description =
                        "Explicit folding instead of the auto-folder, e.g. enc0a=8x3,dec0b=4x9 (other layers serial).")
        List<String> fold;

        /** Every option parsed and checked, before any model is loaded or trained. */
        record Parsed(int height, int width, int weightBits, Map<String, StreamPlan.Fold> folds, Folder.Target target) {
            HsiPipeline.Config config(Network trained, Preprocess.Norm norm, int[] keep) {
                return new HsiPipeline.Config(trained, norm, keep, height, width, weightBits, folds, target);
            }
        }

        Parsed parse() {
            int[] hw = parseFrame(frame);
            if (weightBits != 8 && weightBits != 4) {
                throw new UserException("--weight-bits must be 8 or 4, got " + weightBits);
            }
            if (fold != null && (fps != null || clockMhz != null)) {
                throw new UserException("--fold sets the folding; --fps and --clock-mhz are for the auto-folder");
            }
            device(device); // checked before any model is loaded
            Map<String, StreamPlan.Fold> folds = new LinkedHashMap<>();
            Folder.Target target = null;
            if (fold != null) {
                for (String f : fold) {
                    folds.put(f.split("=", 2)[0], parseFold(f));
                }
            } else {
                target = new Folder.Target(fps == null ? 30 : fps, clockMhz == null ? 200 : clockMhz, device(device));
            }
            return new Parsed(hw[0], hw[1], weightBits, folds, target);
        }
    }

    static int[] parseFrame(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserException("--frame must be HxW in super-pixels, e.g. 208x400, got '" + s + "'");
    }

    static StreamPlan.Fold parseFold(String s) {
        String[] kv = s.split("=", 2);
        String[] p = kv.length == 2 ? kv[1].toLowerCase(Locale.ROOT).split("x") : new String[0];
        try {
            if (p.length == 2) {
                return new StreamPlan.Fold(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserException("--fold takes LAYER=PExSIMD, e.g. enc0a=8x3, got '" + s + "'");
    }

    static Folder.Device device(String name) {
        if (name == null) {
            return Folder.Device.K26;
        }
        for (Folder.Device d : Folder.Device.values()) {
            if (d.cliName().equals(name)) {
                return d;
            }
        }
        throw new UserException("--device must be k26, hx8k or up5k, got '" + name + "'");
    }

    /** The trained U-Net, its normalisation and kept bands: from --model, or the cached deployable model. */
    record Trained(Network network, Preprocess.Norm norm, int[] keep, String source) {}

    static Trained trained(Path model, SpectralLibrary lib) {
        if (model == null) {
            HsiExperiment.Settings s = HsiExperiment.Settings.deployable(1);
            LOG.info("hsi: the default deployable model (trained once, then read from the model cache)");
            Network net = HsiExperiment.trained(
                    s,
                    HsiExperiment.data(s, 1, s.trainCrops(), lib),
                    HsiExperiment.data(s, 1_000_001, s.testCrops(), lib),
                    m -> LOG.info("U-Net {}", m));
            return new Trained(net, s.norm(), allBands(net), "deployable (cached)");
        }
        Network net;
        Map<String, String> meta;
        if (ModelsOnnx.isOnnx(model)) {
            // an ONNX U-Net: 'models export' records the normalisation and bands as shears.* metadata
            shears.models.onnx.OnnxModel file = shears.models.onnx.OnnxModel.read(model);
            net = shears.models.onnx.OnnxImporter.importModel(file).network();
            meta = new java.util.HashMap<>();
            file.metadata().forEach((k, v) -> meta.put(k.startsWith("shears.") ? k.substring(7) : k, v));
            if (net.inputShape().is1d()) {
                throw new UserException(
                        model + ": the pipeline segments 2-D images; the model's input is " + net.inputShape());
            }
        } else {
            ModelBundle b = ModelFiles.load(model);
            if (!b.networks().containsKey("unet")
                    || !"hsi-unet".equals(b.metadata().get("kind"))) {
                throw new UserException(model + ": not an HSI U-Net (save one with 'shears hsi train --out DIR')");
            }
            net = b.network("unet");
            meta = b.metadata();
        }
        Preprocess.Norm norm;
        try {
            norm = Preprocess.Norm.valueOf(meta.getOrDefault("norm", "l1").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException(model + ": metadata norm '" + meta.get("norm") + "' is not none, l1, l2 or max");
        }
        String bands = meta.get("bands");
        int[] keep = bands == null
                ? allBands(net)
                : java.util.Arrays.stream(bands.split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray();
        return new Trained(net, norm, keep, model.toString());
    }

    private static int[] allBands(Network net) {
        int[] keep = new int[net.inputShape().channels()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = i;
        }
        return keep;
    }

    /** Folding, cycles and the model's frame figures as a JSON-ready map. */
    static Map<String, Object> summary(HsiPipeline.Built b, double clockMhz) {
        Map<String, Object> m = new LinkedHashMap<>();
        StreamPlan plan = b.plan();
        Map<String, Object> folds = new LinkedHashMap<>();
        for (StreamPlan.Conv c : plan.convs().values()) {
            folds.put(
                    c.name(),
                    Map.of(
                            "pe",
                            c.pe(),
                            "simd",
                            c.simd(),
                            "cyclesPerPixel",
                            c.fold(),
                            "multipliers",
                            c.pe() * c.simd()));
        }
        m.put("folding", folds);
        m.put("stageCycles", CycleModel.stageCycles(plan));
        Map.Entry<String, Long> slow = CycleModel.bottleneck(plan);
        m.put("bottleneck", slow.getKey());
        m.put("bottleneckCycles", slow.getValue());
        m.put("modelFrameIntervalCycles", b.modelIntervalCycles());
        m.put("modelLatencyCycles", b.modelLatencyCycles());
        m.put("modelFps", clockMhz * 1e6 / b.modelIntervalCycles());
        Map<String, Integer> fifo = new LinkedHashMap<>();
        for (StreamPlan.Stage s : plan.stages()) {
            if (s instanceof StreamPlan.Cat c) {
                fifo.put(c.name(), c.fifoDepth());
            }
        }
        m.put("fifoDepths", fifo);
        if (b.choice() != null) {
            m.put("binding", b.choice().binding());
            m.put("multipliers", b.choice().multipliers());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static String utilisation(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder();
        ((Map<String, Double>) m.get("utilisation"))
                .forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.0f %%", k, 100 * v)));
        return sb.toString();
    }

    /** Resources per group, and the share of the LUTs the preprocessing takes. */
    static Map<String, Object> resources(Map<String, PipelineEstimate.Group> groups) {
        Map<String, Object> res = new LinkedHashMap<>();
        groups.forEach((name, g) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("lut", g.luts());
            x.put("ff", g.ffs());
            x.put("bram", g.bram());
            x.put("dsp", g.dsp());
            x.put("lutram", g.lutram());
            x.put("ice40Lut", g.ice40Luts());
            x.put("ice40Ff", g.ice40Ffs());
            x.put("ice40Bram", g.ice40Bram());
            x.put("areaUm2", g.areaUm2());
            res.put(name, x);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resources", res);
        m.put(
                "preprocessingLutShare",
                (double) groups.get("preprocessing").luts()
                        / Math.max(1, groups.get("total").luts()));
        return m;
    }

    static double clock(PipelineOptions o) {
        return o.clockMhz == null ? 200 : o.clockMhz;
    }

    @Command(
            name = "gen",
            mixinStandardHelpOptions = true,
            description =
                    "Generate the streaming segmentation pipeline for a trained U-Net: AXI4-Stream raw mosaic in, labels out, "
                            + "preprocessing in hardware; Verilog (one file per module) and a folding summary (pipeline.json).")
    static final class GenCmd implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions options = new PipelineOptions();

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @CommandLine.Mixin
        ForceOption force = new ForceOption();

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Option(
                names = "--nextpnr",
                description = "Also place and route every stage module on an iCE40 HX8K with nextpnr-ice40 "
                        + "and report its Fmax beside the estimate's (minutes; needs yosys and nextpnr-ice40).")
        boolean nextpnr;

        @Option(
                names = "--nextpnr-seeds",
                defaultValue = "1",
                paramLabel = "N",
                description =
                        "Placement seeds per stage for --nextpnr; the median is reported (default: ${DEFAULT-VALUE}).")
        int nextpnrSeeds;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PipelineOptions.Parsed p = options.parse();
            NextpnrCheck.check(spec.commandLine().getParseResult(), nextpnr, nextpnrSeeds);
            OutputDir.probe("--out", out, "hsi gen", force.force);
            SpectralLibrary lib = SpectralLibrary.analytic();
            Trained t = trained(options.model, lib);
            HsiPipeline.Built b = HsiPipeline.build(p.config(t.network(), t.norm(), t.keep()), lib, LOG::info);
            Netlist nl = PassPipeline.standard().run(HsiRtl.build(b.plan()).netlist());
            Map<String, byte[]> files = new TreeMap<>();
            VerilogEmitter.emit(nl)
                    .forEach((name, text) -> files.put(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", t.source());
            m.putAll(summary(b, clock(options)));
            PipelineEstimate.Estimates estimates = PipelineEstimate.of(nl, OperatingPoint.DEFAULT_NODE_NM, LOG::debug);
            Map<String, PipelineEstimate.Group> groups = estimates.groups();
            m.putAll(resources(groups));
            PipelineTiming.Result timing = PipelineTiming.of(
                    nl,
                    estimates.ice40FmaxMhz(),
                    stage -> nextpnr,
                    nextpnrSeeds,
                    YosysCrossCheck.DEFAULT_TIMEOUT_SECONDS,
                    LOG::info);
            m.put("ice40Fmax", fmax(timing, nextpnr));
            Folder.Device dev = device(options.device);
            Map<String, Double> use = dev.fit(groups.get("total"));
            m.put("device", dev.cliName());
            m.put("utilisation", use);
            m.put(
                    "bindingResource",
                    use.entrySet().stream()
                            .max(Map.Entry.comparingByValue())
                            .orElseThrow()
                            .getKey());
            files.put("pipeline.json", (Json.of(m) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (OutputDir dir = OutputDir.open("--out", out, "hsi gen", force.force)) {
                dir.writeAllBytes(files);
                dir.commit();
            }
            spec.commandLine().getOut().println(json ? Json.of(m) : text(m, out));
            return 0;
        }

        /** The pipeline's iCE40 Fmax: the slowest stage's, estimated and (with --nextpnr) placed and routed. */
        static Map<String, Object> fmax(PipelineTiming.Result t, boolean placed) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("estimateMhz", t.estimateMhz());
            if (placed) {
                f.put("nextpnrMhz", Double.isNaN(t.nextpnrMhz()) ? null : t.nextpnrMhz());
            }
            f.put("limitingStage", t.limiting());
            Map<String, Object> stages = new LinkedHashMap<>();
            t.stages().forEach((name, st) -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("estimateMhz", st.estimateMhz());
                if (placed) {
                    x.put("nextpnrMhz", Double.isNaN(st.nextpnrMhz()) ? null : st.nextpnrMhz());
                    x.put("logicCells", st.logicCells());
                    if (st.problem() != null) {
                        x.put("problem", st.problem());
                    }
                }
                stages.put(name, x);
            });
            f.put("stages", stages);
            return f;
        }

        private static String text(Map<String, Object> m, Path out) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> res = (Map<String, Map<String, Object>>) m.get("resources");
            StringBuilder sb = new StringBuilder(
                    "hsi gen: " + out + ": bottleneck " + m.get("bottleneck") + ", " + m.get("modelFrameIntervalCycles")
                            + " cycles per frame (" + String.format(Locale.ROOT, "%.1f", (Double) m.get("modelFps"))
                            + " fps), FIFOs " + m.get("fifoDepths")
                            + (m.containsKey("binding") ? ", binding: " + m.get("binding") : "") + "; "
                            + m.get("device") + " utilisation "
                            + utilisation(m));
            sb.append(String.format(
                    Locale.ROOT,
                    "%n  %-14s %8s %8s %6s %5s %10s",
                    "7-series",
                    "LUT",
                    "FF",
                    "BRAM",
                    "DSP",
                    "iCE40 LUT"));
            res.forEach((g, x) -> sb.append(String.format(
                    Locale.ROOT,
                    "%n  %-14s %8d %8d %6d %5d %10d",
                    g,
                    (Integer) x.get("lut"),
                    (Integer) x.get("ff"),
                    (Integer) x.get("bram"),
                    (Integer) x.get("dsp"),
                    (Integer) x.get("ice40Lut"))));
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) m.get("ice40Fmax");
            sb.append(String.format(Locale.ROOT, "%n  iCE40 Fmax: estimate %.1f MHz", ((Double) f.get("estimateMhz"))));
            if (f.containsKey("nextpnrMhz")) {
                sb.append(
                        f.get("nextpnrMhz") == null
                                ? ", nextpnr: not every stage placed (see pipeline.json)"
                                : String.format(Locale.ROOT, ", nextpnr %.1f MHz", (Double) f.get("nextpnrMhz")));
            }
            sb.append(" (slowest stage: ").append(f.get("limitingStage")).append(')');
            return sb.toString();
        }
    }

    @Command(
            name = "sim",
            mixinStandardHelpOptions = true,
            description =
                    "Simulate the generated pipeline on raw frames of synthetic test scenes under random tvalid/tready stalls; "
                            + "labels checked against the integer golden model pixel by pixel, mIoU against the ground truth.")
    static final class SimCmd implements Callable<Integer> {
        @CommandLine.Mixin
        PipelineOptions options = new PipelineOptions();

        @Option(
                names = "--engine",
                defaultValue = "compiled",
                description = "interp, compiled or verilator (default: ${DEFAULT-VALUE}).")
        String engine;

        @Option(
                names = "--frames",
                defaultValue = "1",
                description = "Frames streamed back to back (default: ${DEFAULT-VALUE}).")
        int frames;

        @Option(
                names = "--stall-prob",
                defaultValue = "0",
                description = "Probability of withholding tvalid and tready each cycle (default: ${DEFAULT-VALUE}).")
        double stallProb;

        @Option(names = "--seed", defaultValue = "1", description = "Stall pattern seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--power",
                description = "Power and energy per frame from every net's simulated toggles (the compiled engine "
                        + "counts them, several times slower than a plain run).")
        boolean power;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "Write label maps (hardware and ground truth, PNG) here.")
        Path out;

        @CommandLine.Mixin
        ForceOption force = new ForceOption();

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The chosen engine's run, its wall time, and (with --power) the measurement its power comes from. */
        private record Simulated(HsiRun.Result result, double seconds, Measurement power) {}

        private Simulated simulate(SimEngine eng, Netlist flat, HsiRun run, OperatingPoint point) {
            Measurement meas = null;
            if (power) {
                // every net's toggles, counted in process; a native engine then runs the same stalls once more,
                // plainly, for its own labels and cycles
                SimEngine counting = Measure.togglingEngine(eng);
                HsiRun.Result[] result = new HsiRun.Result[1];
                meas = Measure.run(new Measure.Request(
                        flat,
                        new Measure.Drive.Interactive(sim -> {
                            result[0] =
                                    run.run(sim, c -> LOG.info("{} with toggles: {} cycles", counting.cliName(), c));
                            return result[0].cycles();
                        }),
                        counting,
                        point));
                if (counting == eng) {
                    return new Simulated(result[0], meas.simSeconds(), meas);
                }
            }
            long t0 = System.nanoTime();
            try (Simulator sim = eng.create(flat, SimOptions.DEFAULT)) {
                HsiRun.Result r = run.run(sim, c -> LOG.info("{}: {} cycles", eng.cliName(), c));
                return new Simulated(r, (System.nanoTime() - t0) / 1e9, meas);
            }
        }

        /** The cycle model's run under the same stalls, beside the RTL's. */
        private static Map<String, Object> cycleModel(PipelineModel cycleModel, HsiRun.Result model, HsiRun.Result r) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("cycles", model.cycles());
            cm.put(
                    "frameIntervalCycles",
                    model.frameIntervalCycles() > 0 ? model.frameIntervalCycles() : model.cycles());
            cm.put("latencyCycles", model.latencyCycles());
            cm.put("fifoMaxOccupancy", model.fifoMaxOccupancy());
            cm.put(
                    "equalToRtl",
                    model.cycles() == r.cycles()
                            && model.frameIntervalCycles() == r.frameIntervalCycles()
                            && model.latencyCycles() == r.latencyCycles()
                            && model.fifoMaxOccupancy().equals(r.fifoMaxOccupancy()));
            Map<String, Object> stalls = new LinkedHashMap<>();
            cycleModel.stalls().forEach((stage, v) -> stalls.put(stage, Map.of("starved", v[0], "blocked", v[1])));
            cm.put("stageStalls", stalls);
            return cm;
        }

        @Override
        public Integer call() {
            if (frames < 1 || frames > 100) {
                throw new UserException("--frames must be 1..100, got " + frames);
            }
            if (!(stallProb >= 0 && stallProb < 1)) {
                throw new UserException("--stall-prob must be in [0, 1), got " + stallProb);
            }
            SimEngine eng = Engines.available(engine);
            PipelineOptions.Parsed p = options.parse();
            if (out != null) {
                OutputDir.probe("--out", out, "hsi sim", force.force);
            }
            SpectralLibrary lib = SpectralLibrary.analytic();
            Trained t = trained(options.model, lib);
            HsiPipeline.Config cfg = p.config(t.network(), t.norm(), t.keep());
            HsiPipeline.Built b = HsiPipeline.build(cfg, lib, LOG::info);
            List<HsiPipeline.TestFrame> test = HsiPipeline.frames(frames, TEST_SEED, cfg.height(), cfg.width(), lib);
            List<SensorModel.Frame> raws = new ArrayList<>();
            List<int[]> golden = new ArrayList<>();
            for (HsiPipeline.TestFrame f : test) {
                raws.add(f.raw());
                golden.add(PipelineGolden.labels(b.plan().front(), b.calibration(), b.quantized(), f.raw()));
            }
            Netlist nl = PassPipeline.standard().run(HsiRtl.build(b.plan()).netlist());
            Netlist flat = nl.flatten();
            double clock = clock(options);
            OperatingPoint point =
                    new OperatingPoint(OperatingPoint.DEFAULT_NODE_NM, OperatingPoint.DEFAULT_VDD, clock);
            HsiRun run = new HsiRun(b.plan(), b.calibration(), raws, stallProb, seed);
            LOG.info("hsi sim: {} frame(s) of {}x{} on {}", frames, cfg.height(), cfg.width(), engine);
            Simulated sim = simulate(eng, flat, run, point);
            HsiRun.Result r = sim.result();
            double seconds = sim.seconds();
            Measurement meas = sim.power();
            // stage by stage, as hsi gen estimates (the whole flat pipeline at once needs many GiB)
            PipelineEstimate.Group est =
                    PipelineEstimate.of(nl, point.nodeNm(), LOG::debug).groups().get("total");
            PipelineModel cycleModel = new PipelineModel(b.plan());
            HsiRun.Result model = run.run(cycleModel, null); // the same stalls, on the cycle model
            String mismatch = HsiRun.firstMismatch(r.labels(), golden, cfg.width());
            Confusion hw = HsiPipeline.score(r.labels(), test);
            long interval = r.frameIntervalCycles() > 0 ? r.frameIntervalCycles() : r.cycles();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("engine", engine);
            m.put("frames", frames);
            m.put("frame", cfg.height() + "x" + cfg.width());
            m.put("cycles", r.cycles());
            m.put("frameIntervalCycles", interval); // one frame: its whole run
            m.put("latencyCycles", r.latencyCycles());
            m.put("fps", clock * 1e6 / interval);
            m.put("clockMhz", clock);
            m.put("bitExact", mismatch == null);
            m.put("mIoU", hw.meanIou());
            m.put("fifoMaxOccupancy", r.fifoMaxOccupancy());
            m.put("cycleModel", cycleModel(cycleModel, model, r));
            m.put("lut", est.luts());
            m.put("ff", est.ffs());
            m.put("bram", est.bram());
            m.put("dsp", est.dsp());
            m.put("ice40Lut", est.ice40Luts());
            if (meas != null) {
                m.put("powerMw", meas.power().totalUw() / 1000);
                m.put("energyPerFrameUj", meas.energyPj(interval) / 1e6);
                m.put(
                        "powerModel",
                        "ASIC " + point.nodeNm() + " nm, " + point.vdd() + " V, " + clock
                                + " MHz, toggles simulated on " + meas.engine());
            }
            m.put("simCyclesPerSecond", r.cycles() / seconds);
            m.putAll(summary(b, clock));
            if (out != null) {
                writeMaps(r, test, cfg);
            }
            spec.commandLine()
                    .getOut()
                    .println(
                            json
                                    ? Json.of(m)
                                    : String.format(
                                            Locale.ROOT,
                                            "hsi sim: %d frame(s) %s on %s: bit-exact %s, mIoU %.3f, %d cycles per frame (cycle model %d), latency %d cycles, %.1f fps at %.0f MHz, "
                                                    + "%d LUT %d FF %d BRAM %d DSP (7-series)%s; %.0f simulated cycles/s",
                                            frames,
                                            m.get("frame"),
                                            engine,
                                            mismatch == null ? "yes" : "NO (" + mismatch + ")",
                                            hw.meanIou(),
                                            interval,
                                            model.frameIntervalCycles(),
                                            r.latencyCycles(),
                                            (Double) m.get("fps"),
                                            clock,
                                            (Integer) m.get("lut"),
                                            (Integer) m.get("ff"),
                                            (Integer) m.get("bram"),
                                            (Integer) m.get("dsp"),
                                            meas == null
                                                    ? ""
                                                    : String.format(
                                                            Locale.ROOT,
                                                            ", %.1f mW, %.1f uJ per frame",
                                                            (Double) m.get("powerMw"),
                                                            (Double) m.get("energyPerFrameUj")),
                                            r.cycles() / seconds));
            return mismatch == null ? 0 : 1;
        }

        private void writeMaps(HsiRun.Result r, List<HsiPipeline.TestFrame> test, HsiPipeline.Config cfg) {
            Map<String, byte[]> files = new TreeMap<>();
            int scale = Math.max(1, 400 / cfg.width());
            for (int i = 0; i < test.size(); i++) {
                files.put(
                        "frame" + i + "-hardware.png",
                        HsiImages.labels(r.labels().get(i), cfg.width(), cfg.height(), scale));
                files.put(
                        "frame" + i + "-truth.png",
                        HsiImages.labels(test.get(i).truth(), cfg.width(), cfg.height(), scale));
            }
            try (OutputDir dir = OutputDir.open("--out", out, "hsi sim", force.force)) {
                dir.writeAllBytes(files);
                dir.commit();
            }
        }
    }
}
