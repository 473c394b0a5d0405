package shears.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.accelerators.raman.RamanExperiment;
import shears.accelerators.raman.RamanModel;
import shears.accelerators.raman.RamanProgram;
import shears.accelerators.raman.RamanRtl;
import shears.accelerators.raman.RamanSpec;
import shears.models.cae.CaeConfig;
import shears.models.cae.CaeExperiment;
import shears.models.cae.CaeStrategy;
import shears.models.io.ModelBundle;
import shears.models.io.ModelFiles;
import shears.models.nn.Network;
import shears.models.onnx.ImportedModel;
import shears.models.onnx.OnnxImporter;
import shears.models.onnx.OnnxModel;
import shears.models.tensor.Tensor;
import shears.reports.measure.OperatingPoint;
import shears.reports.raman.RamanMeasure;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.estimate.Estimator;
import shears.rtl.estimate.MemoryCost;
import shears.rtl.estimate.Technology;
import shears.rtl.estimate.YosysCrossCheck;
import shears.rtl.ir.Netlist;
import shears.rtl.util.OutputDir;
import shears.sim.Engines;
import shears.sim.SimEngine;

/** {@code shears raman gen|sim}: the DS-CAE encoder on the RAMAN-style sparse accelerator. */
@Command(
        name = "raman",
        mixinStandardHelpOptions = true,
        description = "RAMAN-style sparse accelerator for the DS-CAE encoder.",
        subcommands = {RamanCommand.Gen.class, RamanCommand.Sim.class})
final class RamanCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Suggestions.missingCommand(spec.commandLine());
    }

    /** Which model, how it is pruned, and the accelerator's shape. */
    static final class DesignOptions {
        @CommandLine.Mixin
        ModelsCommand.CaeOptions cae = new ModelsCommand.CaeOptions();

        @Option(
                names = "--model",
                paramLabel = "DIR|FILE.onnx",
                description =
                        "A DS-CAE saved by 'shears models train-cae --out DIR', or a 1-D encoder as ONNX (e.g. from 'shears models "
                                + "export'; a quantised file is mapped with its own integers, --strategy dense) (default: the default DS-CAE, "
                                + "trained once and cached).")
        Path model;

        @Option(
                names = "--decoder",
                paramLabel = "FILE.onnx",
                description =
                        "With an ONNX --model: its decoder, for SNDR and R^2 and for the pruning strategies' fine-tuning.")
        Path decoder;

        /** The ONNX encoder, when --model names one. */
        private ImportedModel imported;

        @Option(
                names = "--strategy",
                defaultValue = "balanced",
                converter = StrategyConverter.class,
                description =
                        "Pruning: dense, magnitude, balanced (index-free LFSR), n-of-m, structured (default: ${DEFAULT-VALUE}).")
        CaeStrategy strategy;

        @Option(
                names = "--sparsity",
                defaultValue = "0.75",
                description = "Target sparsity in [0, 1) (default: ${DEFAULT-VALUE}).")
        double sparsity;

        @Option(
                names = "--load-port",
                description = "Weights in RAMs written through a load port instead of ROM images.")
        boolean loadPort;

        @Option(names = "--bank-depth", description = "Words per activation bank (default: what the model needs).")
        Integer bankDepth;

        @Option(names = "--weight-depth", description = "Words per PE weight memory (default: what the model needs).")
        Integer weightDepth;

        @Option(
                names = "--acc-bits",
                description = "Accumulator bits, 16..32 (default: the narrowest that provably cannot overflow).")
        Integer accBits;

        /**
         * Options that shape or train a model; a saved model ({@code --model}) fixes all of them (its seed
         * too, from its metadata). The data options still apply: they make the windows it is tested on.
         */
        private static final List<String> TRAINING_OPTIONS =
                List.of("--width", "--depth", "--stride", "--kernel", "--window", "--epochs", "--qat", "--seed");

        /** The design point, built (and validated) by {@link #check}. */
        private RamanSpec spec;

        void check(CommandLine.ParseResult parsed) {
            if (decoder != null && (model == null || !ModelsOnnx.isOnnx(model))) {
                throw new UserException("--decoder applies with an ONNX --model (FILE.onnx)");
            }
            if (model != null) {
                for (String o : TRAINING_OPTIONS) {
                    if (parsed.hasMatchedOption(o)) {
                        throw new UserException(
                                o + " does not apply with --model " + model
                                        + " (the saved model fixes its shape and training; it applies when the default model is trained)");
                    }
                }
            }
            try {
                spec = new RamanSpec(
                        strategy,
                        sparsity,
                        cae.pes,
                        new RamanExperiment.Sizes(bankDepth, weightDepth, accBits),
                        loadPort);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }

        CaeExperiment.Trained trained() {
            CaeExperiment.Settings s = cae.settings(CaeConfig.defaults().latentChannels(), 30);
            if (model == null) {
                return RamanExperiment.trained(s);
            }
            if (ModelsOnnx.isOnnx(model)) {
                return onnx(s);
            }
            ModelBundle b = ModelFiles.load(model);
            if (!b.networks().containsKey("encoder") || !b.networks().containsKey("decoder")) {
                throw new UserException(model + ": not a DS-CAE (needs an encoder and a decoder network)");
            }
            CaeConfig c = parseConfig(b.metadata().get("cae"), model);
            long seed = Long.parseLong(b.metadata().getOrDefault("seed", Long.toString(s.seed())));
            CaeExperiment.Settings m = s.with(c, seed);
            return CaeExperiment.restore(m, b.network("encoder"), b.network("decoder"));
        }

        RamanExperiment.Design design(CaeExperiment.Trained t) {
            if (imported != null && imported.quantised()) {
                try {
                    return RamanExperiment.prepareQuantized(
                            imported.integer(
                                    t.train().subList(0, Math.min(64, t.train().size()))),
                            t.decoder(),
                            spec);
                } catch (IllegalArgumentException e) {
                    throw new UserException("--model " + model + ": " + e.getMessage());
                }
            }
            if (imported != null && t.decoder() == null && spec.strategy() != CaeStrategy.DENSE) {
                throw new UserException(
                        "--strategy " + spec.strategy() + " fine-tunes the encoder through its decoder; give --decoder "
                                + "FILE.onnx, or use --strategy dense");
            }
            return RamanExperiment.prepare(t, spec);
        }

        /**
         * An ONNX encoder (and optional decoder) with windows of the synthetic recording (or --recording)
         * at its input shape; a file from 'shears models export' carries its DS-CAE configuration and seed.
         */
        private CaeExperiment.Trained onnx(CaeExperiment.Settings s) {
            OnnxModel file = OnnxModel.read(model);
            imported = OnnxImporter.importModel(file);
            Network enc = imported.network();
            if (!enc.inputShape().is1d()) {
                throw new UserException("--model " + model + ": the RAMAN accelerator takes 1-D encoders; the input is "
                        + enc.inputShape());
            }
            CaeConfig c = file.metadata().containsKey("shears.cae")
                    ? parseConfig(file.metadata().get("shears.cae"), model)
                    : derivedConfig(enc);
            if (c.channels() != enc.inputShape().channels()
                    || c.window() != enc.inputShape().width()) {
                throw new UserException("--model " + model + ": its configuration " + c + " does not match its input "
                        + enc.inputShape());
            }
            Network dec = null;
            if (decoder != null) {
                dec = OnnxImporter.importModel(OnnxModel.read(decoder)).network();
                if (!dec.inputShape().equals(enc.outputShape())
                        || !dec.outputShape().equals(enc.inputShape())) {
                    throw new UserException(
                            "--decoder " + decoder + ": maps " + dec.inputShape() + " to " + dec.outputShape()
                                    + ", the encoder maps " + enc.inputShape() + " to " + enc.outputShape());
                }
            }
            long seed = Long.parseLong(file.metadata().getOrDefault("shears.seed", Long.toString(s.seed())));
            CaeExperiment.Settings m = s.with(c, seed);
            return CaeExperiment.restore(m, enc, dec);
        }

        /** A DS-CAE description of a plain encoder: input [C, L] to latents [C', L / 2^d]. */
        private CaeConfig derivedConfig(Network enc) {
            int window = enc.inputShape().width();
            int latent = enc.outputShape().width();
            int ratio = latent > 0 && window % latent == 0 ? window / latent : 0;
            if (!enc.outputShape().is1d() || ratio < 2 || Integer.bitCount(ratio) != 1) {
                throw new UserException("--model " + model + ": an encoder from " + enc.inputShape() + " to "
                        + enc.outputShape() + " is not a 1-D encoder shortening its window by a power of two");
            }
            return new CaeConfig(
                    enc.inputShape().channels(),
                    window,
                    1,
                    2,
                    Integer.numberOfTrailingZeros(ratio),
                    enc.outputShape().channels(),
                    2,
                    16,
                    8);
        }
    }

    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\d+)");

    /** The CaeConfig a saved model records in its metadata ({@code CaeConfig[channels=16, ...]}). */
    static CaeConfig parseConfig(String text, Path model) {
        if (text == null) {
            throw new UserException(model
                    + "/model.json: metadata has no 'cae' entry (save the model with 'shears models train-cae --out')");
        }
        if (text.strip().startsWith("{")) {
            try {
                return CaeConfig.fromJson(text);
            } catch (IllegalArgumentException e) {
                throw new UserException(model + "/model.json: metadata 'cae' is not a DS-CAE configuration: " + text);
            }
        }
        // the record's text form, as models saved by an earlier Shears hold it
        Map<String, Integer> f = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            f.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        try {
            return new CaeConfig(
                    f.get("channels"),
                    f.get("window"),
                    f.get("width"),
                    f.get("stride"),
                    f.get("depth"),
                    f.get("latentChannels"),
                    f.get("kernel"),
                    f.get("inputBits"),
                    f.get("latentBits"));
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new UserException(model + "/model.json: metadata 'cae' is not a DS-CAE configuration: " + text);
        }
    }

    /** Per-layer summary lines. */
    static List<String> layerTable(RamanProgram prog, RamanModel.Result r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(
                "%-10s %-9s %9s %9s %7s %10s %10s %9s %6s",
                "layer", "kind", "in", "out", "blocks", "cycles", "MACs", "skipped", "util"));
        int i = 0;
        for (RamanProgram.Step s : prog.steps()) {
            RamanModel.StepStats st = r.steps().get(i++);
            if (s instanceof RamanProgram.Weighted w) {
                double util = st.busyPeCycles() + st.idlePeCycles() == 0
                        ? 1
                        : (double) st.busyPeCycles() / (st.busyPeCycles() + st.idlePeCycles());
                out.add(String.format(
                        "%-10s %-9s %4dx%-4d %4dx%-4d %7d %10d %10d %9d %6.2f",
                        w.name(),
                        w.kind().name().toLowerCase(),
                        w.srcChannels(),
                        w.srcLen(),
                        w.outChannels(),
                        w.outLen(),
                        w.blocks(prog.params().pes()),
                        st.cycles(),
                        st.macs(),
                        st.skippedMacs(),
                        util));
            }
        }
        return out;
    }

    @Command(
            name = "gen",
            mixinStandardHelpOptions = true,
            description =
                    "Prune and compile the DS-CAE encoder and write the accelerator's Verilog (ROM images included).")
    static final class Gen implements Callable<Integer> {
        @CommandLine.Mixin
        DesignOptions opts = new DesignOptions();

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "Directory for raman_top.v and program.txt.")
        Path out;

        @CommandLine.Mixin
        ForceOption force = new ForceOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            opts.check(spec.commandLine().getParseResult());
            OutputDir.probe("--out", out, "raman gen", force.force);
            CaeExperiment.Trained t = opts.trained();
            RamanExperiment.Design d = opts.design(t);
            Netlist flat = RamanExperiment.netlist(d.program(), new RamanRtl.Options(opts.spec.loadPort()));
            RamanModel.Result r = RamanModel.run(
                    d.program(),
                    d.quantized(),
                    d.quantized().quantizeInput(t.test().get(0)));
            Map<String, String> files = new java.util.TreeMap<>(VerilogEmitter.emit(flat));
            StringBuilder txt = new StringBuilder();
            RamanProgram p = d.program();
            txt.append(String.format(
                    "RAMAN program: %s, sparsity %.2f (achieved %.3f), P = %d, format %s, %d-bit weights%n",
                    d.strategy(),
                    d.sparsity(),
                    d.achievedSparsity(),
                    p.params().pes(),
                    p.params().format(),
                    p.params().weightBits()));
            txt.append(String.format(
                    "memories: %d banks x %d words (shared IA/OA; separate memories would need %d), weight memory %d words"
                            + " per PE%n",
                    p.params().pes(),
                    p.params().bankDepth(),
                    p.separateBankWords(),
                    p.params().weightDepth()));
            txt.append(String.format(
                    "storage: %d bits (%d weight words, %d index bits, %d seed/flag bits)%n",
                    p.storageBits(), p.weightWords(), p.indexBits(), p.seedBits()));
            for (String line : layerTable(p, r)) {
                txt.append(line).append('\n');
            }
            txt.append(String.format(
                    "total: %d cycles for test window 0, PE utilisation %.3f%n", r.cycles(), r.utilisation()));
            files.put("program.txt", txt.toString());
            try (OutputDir dir = OutputDir.open("--out", out, "raman gen", force.force)) {
                dir.writeAll(files);
                dir.commit();
            }
            var w = spec.commandLine().getOut();
            w.print(txt);
            w.printf("wrote %s (%d files)%n", out, files.size());
            return 0;
        }
    }

    @Command(
            name = "sim",
            mixinStandardHelpOptions = true,
            description =
                    "Simulate the generated accelerator on test windows; check cycles against the cycle model and latents against the "
                            + "golden model; report cycles, area, power and reconstruction quality.")
    static final class Sim implements Callable<Integer> {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sim.class);

        @CommandLine.Mixin
        DesignOptions opts = new DesignOptions();

        @Option(
                names = "--engine",
                defaultValue = "compiled",
                description = "interp, compiled or verilator (default: ${DEFAULT-VALUE}).")
        String engine;

        @Option(
                names = "--windows",
                defaultValue = "4",
                description = "Test windows to simulate (default: ${DEFAULT-VALUE}).")
        int windows;

        @CommandLine.Mixin
        OperatingPointOptions op = new OperatingPointOptions();

        /** Set in {@link #call()} from the options above, validated there once. */
        private OperatingPoint point;

        @Option(
                names = "--vcd",
                paramLabel = "FILE",
                description = "Write a VCD waveform of the run (Java engines; large).")
        Path vcd;

        @Option(
                names = "--clock-gating",
                description = "Power with data-driven clock gating: registers clocked only when they change.")
        boolean clockGating;

        @Option(
                names = "--yosys",
                description =
                        "Also run Yosys's gate-level flow with the SRAM macros kept whole (minutes) and print its "
                                + "logic gate equivalents and area beside the estimate's, with %% error.")
        boolean yosys;

        @CommandLine.Mixin
        YosysOptions yosysLimits = new YosysOptions();

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            opts.check(spec.commandLine().getParseResult());
            yosysLimits.check();
            YosysOptions.requireYosys(spec.commandLine().getParseResult(), yosys);
            if (yosys && !shears.rtl.util.ExternalTools.available("yosys")) {
                throw new UserException("--yosys needs yosys on the PATH (Debian package: yosys)");
            }
            SimEngine simEngine = Engines.available(engine);
            if (windows < 1) {
                throw new UserException("--windows must be positive, got " + windows);
            }
            point = op.point();
            if (vcd != null && !simEngine.inProcess()) {
                throw new UserException("--vcd works with the Java engines (interp, compiled)");
            }
            if (vcd != null) {
                PendingFile.check("--vcd", vcd);
            }
            CaeExperiment.Trained t = opts.trained();
            if (windows > t.test().size()) {
                throw new UserException(
                        "--windows " + windows + " exceeds the " + t.test().size() + " test windows");
            }
            RamanExperiment.Design d = opts.design(t);
            Netlist flat = RamanExperiment.netlist(d.program(), new RamanRtl.Options(opts.spec.loadPort()));
            List<Tensor> ws = t.test().subList(0, windows);
            RamanMeasure.Measured m;
            try (PendingFile trace = vcd == null ? null : PendingFile.open("--vcd", vcd)) {
                SimEngine traced = trace == null ? simEngine : new TracingEngine(simEngine, trace.writer());
                m = RamanMeasure.measure(d, flat, ws, new RamanMeasure.Run(traced, point, clockGating));
                if (trace != null) {
                    trace.commit();
                }
            }
            Map<String, Object> yosysCheck =
                    yosys ? yosysCheck(flat, m.measurement().estimate()) : null;
            report(t, d, m, yosysCheck);
            return m.bitExact() ? 0 : 1;
        }

        /**
         * Yosys's gate-level flow with the memories the estimate makes SRAM macros kept whole: its
         * logic against the estimate's {@code logicGateEquivalents}, and the core area both give
         * with the same SRAM model for the macros.
         */
        private Map<String, Object> yosysCheck(Netlist flat, Estimator.Estimate e) throws IOException {
            List<String> macros = e.memories().stream()
                    .filter(mc -> mc.kind() == MemoryCost.Kind.SRAM_MACRO)
                    .map(MemoryCost::name)
                    .toList();
            YosysCrossCheck.MacroGates g = YosysCrossCheck.gatesWithMacros(
                    flat, macros, yosysLimits.satConflicts, yosysLimits.timeoutSeconds(), LOG::info);
            double geAreaUm2 = Technology.node(point.nodeNm()).geAreaUm2();
            double yosysAreaMm2 = (g.gateEquivalents() * geAreaUm2 + e.asic().sramAreaUm2()) / 1e6;
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("sramMacros", g.macros());
            y.put("logicGateEquivalents", g.gateEquivalents());
            y.put("estimateLogicGateEquivalents", e.asic().logicGateEquivalents());
            y.put("logicGateEquivalentsPct", EstimateCommand.pct(e.asic().logicGateEquivalents(), g.gateEquivalents()));
            y.put("areaMm2", yosysAreaMm2);
            y.put("estimateAreaMm2", e.asic().areaUm2() / 1e6);
            y.put("areaPct", EstimateCommand.pct(e.asic().areaUm2() / 1e6, yosysAreaMm2));
            y.put("seconds", g.seconds());
            return y;
        }

        private void report(
                CaeExperiment.Trained t,
                RamanExperiment.Design d,
                RamanMeasure.Measured m,
                Map<String, Object> yosysCheck) {
            RamanProgram p = d.program();
            CaeConfig c = t.settings().cae();
            double cycles = m.meanCycles();
            RamanMeasure.RealTime rt = RamanMeasure.RealTime.of(
                    m, c.channels(), c.window(), t.settings().lfp().sampleRateHz());
            double latencyMs = rt.activeMs();
            double energyNj = rt.energyPerWindowNj();
            var full = d.decoder() == null ? null : RamanExperiment.goldenQuality(d, t.test());
            var w = spec.commandLine().getOut();
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("strategy", d.strategy());
            j.put("sparsity", d.sparsity());
            j.put("achievedSparsity", d.achievedSparsity());
            j.put("pes", p.params().pes());
            j.put("format", p.params().format().name());
            j.put("engine", engine);
            j.put("windows", m.cycles().length);
            j.put("cycles", Math.round(cycles));
            j.put("cyclesPerWindow", m.cycles());
            j.put("latencyMs", latencyMs);
            j.put("bitExact", m.bitExact());
            if (m.mismatch() != null) {
                j.put("mismatch", m.mismatch());
            }
            j.put(
                    "sndrDb",
                    m.hardwareQuality() == null
                            ? Double.NaN
                            : m.hardwareQuality().sndrDb());
            j.put(
                    "r2",
                    m.hardwareQuality() == null
                            ? Double.NaN
                            : m.hardwareQuality().r2());
            j.put(
                    "goldenSndrDb",
                    m.goldenQuality() == null ? Double.NaN : m.goldenQuality().sndrDb());
            j.put("testSetSndrDb", full == null ? Double.NaN : full.sndrDb());
            j.put("testSetR2", full == null ? Double.NaN : full.r2());
            j.put("compressionRatio", c.compressionRatio());
            j.put("macs", m.model().macs());
            j.put("skippedMacs", m.model().skippedMacs());
            j.put("utilisation", m.model().utilisation());
            j.put("storageBits", p.storageBits());
            j.put("indexBits", p.indexBits());
            j.put("areaUm2", m.measurement().estimate().asic().areaUm2());
            j.put("areaMm2", m.measurement().estimate().asic().areaUm2() / 1e6);
            j.put("lut4", m.measurement().estimate().ice40().luts());
            j.put("lut6", m.measurement().estimate().xilinx().luts());
            j.put("ff", m.measurement().estimate().xilinx().ffs());
            // block RAMs with their unit: 7-series RAMB18 (bram), iCE40 SB_RAM40_4K (ice40Bram); carry cells too
            j.put("bram", m.measurement().estimate().xilinx().bram());
            j.put("dsp", m.measurement().estimate().xilinx().dsp());
            j.put("carry4", m.measurement().estimate().xilinx().carries());
            j.put("ice40Ff", m.measurement().estimate().ice40().ffs());
            j.put("ice40Bram", m.measurement().estimate().ice40().bram());
            j.put("ice40Carry", m.measurement().estimate().ice40().carries());
            j.put("fmaxMhz", m.measurement().estimate().timing().fmaxMhz());
            j.put("fmaxIce40Mhz", m.measurement().estimate().ice40Timing().fmaxMhz());
            j.put("powerUw", m.measurement().power().totalUw());
            j.put("powerPerChannelUw", rt.activePowerPerChannelUw());
            j.put("energyPerWindowNj", energyNj);
            j.put("channels", rt.channels());
            j.put("areaPerChannelMm2", rt.areaPerChannelMm2());
            j.put("energyPerWindowPerChannelNj", rt.energyPerWindowPerChannelNj());
            j.put("windowMs", rt.windowMs());
            j.put("realTime", rt.realTime());
            j.put("averagePowerUw", rt.averagePowerUw());
            j.put("averagePowerPerChannelUw", rt.averagePowerPerChannelUw());
            j.put("leakageUw", m.measurement().power().leakageUw());
            j.put("sramAreaMm2", m.measurement().estimate().asic().sramAreaUm2() / 1e6);
            j.put("powerByCategoryUw", m.measurement().power().byCategoryUw());
            j.put("clockGating", clockGating);
            j.put("nodeNm", point.nodeNm());
            j.put("vdd", point.vdd());
            j.put("freqMhz", point.freqMhz());
            j.put("simulatedCycles", m.measurement().cycles());
            j.put("simSeconds", m.measurement().simSeconds());
            if (yosysCheck != null) {
                j.put("yosys", yosysCheck);
            }
            if (json) {
                w.println(Json.of(j));
                return;
            }
            w.printf(
                    "RAMAN %s sparsity %.2f (achieved %.3f), P = %d, %s format; %s engine, %d windows%n",
                    d.strategy(),
                    d.sparsity(),
                    d.achievedSparsity(),
                    p.params().pes(),
                    p.params().format(),
                    engine,
                    m.cycles().length);
            RamanModel.Result r = m.model();
            for (String line : layerTable(p, r)) {
                w.println("  " + line);
            }
            w.printf(
                    "cycles %d per window (%.2f ms at %.1f MHz); PE utilisation %.3f; MACs %d, skipped %d%n",
                    Math.round(cycles), latencyMs, point.freqMhz(), r.utilisation(), r.macs(), r.skippedMacs());
            w.printf(
                    "bit-exact against the golden model on %d windows: %s%s%n",
                    m.cycles().length, m.bitExact(), m.mismatch() == null ? "" : " — " + m.mismatch());
            if (m.hardwareQuality() == null) {
                w.println("SNDR not measured: no decoder (give --decoder with an ONNX encoder)");
            } else {
                w.printf(
                        "SNDR %.2f dB, R^2 %.4f from the hardware's latents (golden %.2f dB); test set (%d windows, golden model) %.2f dB, "
                                + "R^2 %.4f; CR %.1f%n",
                        m.hardwareQuality().sndrDb(),
                        m.hardwareQuality().r2(),
                        m.goldenQuality().sndrDb(),
                        t.test().size(),
                        full.sndrDb(),
                        full.r2(),
                        c.compressionRatio());
            }
            w.printf(
                    "storage %d bits (%d index); area %.3f mm2 at %d nm; %d LUT6, %d FF, %d BRAM, %d DSP; Fmax %.0f MHz "
                            + "(iCE40 %.1f MHz)%n",
                    p.storageBits(),
                    p.indexBits(),
                    m.measurement().estimate().asic().areaUm2() / 1e6,
                    point.nodeNm(),
                    m.measurement().estimate().xilinx().luts(),
                    m.measurement().estimate().xilinx().ffs(),
                    m.measurement().estimate().xilinx().bram(),
                    m.measurement().estimate().xilinx().dsp(),
                    m.measurement().estimate().timing().fmaxMhz(),
                    m.measurement().estimate().ice40Timing().fmaxMhz());
            w.printf(
                    "power %.2f uW at %.1f MHz, %.2f V (%.3f uW per channel); energy %.2f nJ per window; %s%n",
                    m.measurement().power().totalUw(),
                    point.freqMhz(),
                    point.vdd(),
                    rt.activePowerPerChannelUw(),
                    energyNj,
                    breakdown(m.measurement().power().byCategoryUw()));
            w.printf(
                    "per channel (%d channels, a %.1f ms window every %.1f ms, clock-gated when idle%s): area %.4f mm2, "
                            + "%.3f nJ per window, average %.3f uW%n",
                    rt.channels(),
                    rt.activeMs(),
                    rt.windowMs(),
                    rt.realTime() ? "" : "; NOT real time: a window takes longer than it lasts",
                    rt.areaPerChannelMm2(),
                    rt.energyPerWindowPerChannelNj(),
                    rt.averagePowerPerChannelUw());
            if (yosysCheck != null) {
                w.printf(
                        "Yosys gate level, %d SRAM macros kept (%.0f s): logic %.0f GE vs estimate %.0f GE (%+.1f %%); "
                                + "area with the SRAM model %.3f mm2 vs estimate %.3f mm2 (%+.1f %%)%n",
                        yosysCheck.get("sramMacros"),
                        yosysCheck.get("seconds"),
                        yosysCheck.get("logicGateEquivalents"),
                        yosysCheck.get("estimateLogicGateEquivalents"),
                        yosysCheck.get("logicGateEquivalentsPct"),
                        yosysCheck.get("areaMm2"),
                        yosysCheck.get("estimateAreaMm2"),
                        yosysCheck.get("areaPct"));
            }
        }

        private static String breakdown(Map<String, Double> cat) {
            StringBuilder sb = new StringBuilder();
            cat.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ")
                    .append(k)
                    .append(' ')
                    .append(String.format("%.2f", v)));
            return sb.toString();
        }
    }

    /** {@code --strategy} by its name ({@link CaeStrategy#of} lists the known ones when it is not). */
    static final class StrategyConverter implements picocli.CommandLine.ITypeConverter<CaeStrategy> {
        @Override
        public CaeStrategy convert(String value) {
            try {
                return CaeStrategy.of(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
