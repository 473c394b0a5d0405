package shears.cli;

import java.io.IOException;
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
import shears.reports.ComparisonRun;
import shears.reports.html.HtmlReport;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.examples.DesignSpec;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.util.ExternalTools;
import shears.rtl.util.OutputDir;
import shears.sim.Engine;
import shears.sim.SimOptions;
import shears.sim.SimRunner;
import shears.sim.Simulator;
import shears.testbench.verilator.VerilatorSimulator;

/**
 * {@code shears demo}: the main job, self-contained. Generates every built-in design, writes its
 * Verilog, lints it with Verilator when installed, simulates it on both Java engines and on Verilator
 * (when installed) and checks they agree, then prints a summary (and writes it as JSON).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Generate, lint and simulate every built-in design; print a summary.")
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Option(
            names = "--out",
            defaultValue = "out/demo",
            paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Mixin
    ForceOption force = new ForceOption();

    @Option(
            names = "--cycles",
            defaultValue = "20000",
            description = "Cycles per design and engine (default: ${DEFAULT-VALUE}).")
    long cycles;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (cycles <= 0) {
            throw new UserException("--cycles must be positive");
        }
        try (OutputDir dir = OutputDir.open("--out", out, "demo", force.force)) {
            int code = run(dir);
            dir.commit();
            return code;
        }
    }

    private int run(OutputDir outDir) throws IOException {
        boolean lint = ExternalTools.available("verilator");
        var w = spec.commandLine().getOut();
        w.printf(
                "Shears demo: %d built-in designs -> Verilog -> simulation (%d cycles per engine)%n%n",
                DesignCatalog.all().size(), cycles);
        w.printf(
                "%-10s %7s %6s %-7s %-7s %13s %13s %13s %-8s%n",
                "design", "cells", "files", "lint", "engines", "interp c/s", "compiled c/s", "verilator c/s", "digest");
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean allOk = true;
        for (DesignSpec d : DesignCatalog.all()) {
            LOG.info("demo: {}", d.name());
            Map<String, String> params = d.name().equals("random") ? Map.of("nodes", "3000") : Map.of();
            Netlist nl = PassPipeline.standard().run(d.build(params).netlist());
            String rel = "verilog/" + d.name() + "/";
            Path dir = out.resolve("verilog").resolve(d.name());
            Map<String, String> files = VerilogEmitter.emit(nl);
            Map<String, String> placed = new LinkedHashMap<>();
            files.forEach((name, text) -> placed.put(rel + name, text));
            outDir.writeAll(placed);
            String lintResult = "skipped";
            if (lint) {
                ExternalTools.Result r =
                        ExternalTools.verilatorLint(dir, new ArrayList<>(files.keySet()), nl.topName());
                lintResult = r.ok() && r.output().isBlank() ? "clean" : "FAILED";
                allOk &= lintResult.equals("clean");
            }
            Netlist flat = nl.flatten();
            Map<String, SimRunner.Report> reports = new LinkedHashMap<>();
            for (Engine e : Engine.values()) {
                try (Simulator sim = e.create(flat, SimOptions.WITH_TOGGLES)) {
                    reports.put(e.cliName(), SimRunner.run(sim, cycles, 1));
                }
            }
            if (lint) {
                try (Simulator sim = new VerilatorSimulator(flat)) {
                    reports.put("verilator", SimRunner.run(sim, cycles, 1));
                }
            }
            SimRunner.Report a = reports.get("interp");
            SimRunner.Report b = reports.get("compiled");
            boolean agree = a.outputsDigest().equals(b.outputsDigest())
                    && a.toggles().equals(b.toggles())
                    && a.finalOutputs().equals(b.finalOutputs());
            SimRunner.Report v = reports.get("verilator");
            if (v != null) {
                agree &= v.outputsDigest().equals(b.outputsDigest())
                        && v.finalOutputs().equals(b.finalOutputs());
            }
            allOk &= agree;
            w.printf(
                    "%-10s %7d %6d %-7s %-7s %13.0f %13.0f %13s %s%n",
                    d.name(),
                    flat.top().size(),
                    files.size(),
                    lintResult,
                    agree ? "agree" : "DIFFER",
                    a.cyclesPerSecond(),
                    b.cyclesPerSecond(),
                    v == null ? "-" : String.format("%.0f", v.cyclesPerSecond()),
                    b.outputsDigest().substring(0, 8));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("design", d.name());
            row.put("cells", flat.top().size());
            row.put("verilogFiles", new ArrayList<>(files.keySet()));
            row.put("lint", lintResult);
            row.put("enginesAgree", agree);
            row.put("outputsDigest", b.outputsDigest());
            row.put("toggles", b.toggles().total());
            row.put("interpCyclesPerSecond", a.cyclesPerSecond());
            row.put("compiledCyclesPerSecond", b.cyclesPerSecond());
            row.put("verilatorCyclesPerSecond", v == null ? null : v.cyclesPerSecond());
            rows.add(row);
        }
        // A small pruning comparison: the built-in FIR flow, every strategy at three sparsities.
        shears.reports.Flow<?> fir = shears.reports.Flows.get("fir");
        List<ComparisonRun.Row> comparison = ComparisonRun.run(
                fir,
                fir.strategies().stream().map(x -> x.name()).toList(),
                List.of(0.5, 0.75, 0.9),
                List.of(fir.defaultParams()),
                1,
                comparisonOutput(outDir, "comparison"),
                false,
                LOG::info);
        outDir.write("report.html", HtmlReport.render("fir", "shears demo", comparison));
        w.printf(
                "%nPruning comparison (fir flow, %d points): %s, %s%n",
                comparison.size(), out.resolve("comparison.csv"), out.resolve("report.html"));
        // A logic-gate network trained on MONK-like data, pruned three ways, generated and checked per test sample.
        shears.reports.Flow<?> logic = shears.reports.Flows.get("logicnet");
        List<ComparisonRun.Row> logicRows = ComparisonRun.run(
                logic,
                logic.strategies().stream().map(x -> x.name()).toList(),
                List.of(0.5, 0.75, 0.9),
                List.of(logic.defaultParams()),
                1,
                comparisonOutput(outDir, "logicnet-comparison"),
                false,
                LOG::info);
        outDir.write("logicnet-report.html", HtmlReport.render("logicnet", "shears demo", logicRows));
        w.printf(
                "Logic-network comparison (logicnet flow, %d points): %s, %s%n",
                logicRows.size(), out.resolve("logicnet-comparison.csv"), out.resolve("logicnet-report.html"));
        // The RAMAN accelerator on a quickly trained DS-CAE: dense, stored-index and index-free pruning at P = 4 and 8.
        shears.reports.raman.RamanFlow raman = new shears.reports.raman.RamanFlow("raman (demo model)", seed -> {
            shears.models.cae.CaeExperiment.Settings d = shears.models.cae.CaeExperiment.Settings.defaults(seed);
            return new shears.models.cae.CaeExperiment.Settings(
                    d.cae(), d.lfp(), 300, 20, 6, 2, d.batchSize(), d.learningRate(), seed, 8, 8, null, false);
        });
        List<ComparisonRun.Row> ramanRows = ComparisonRun.run(
                raman,
                List.of("dense", "magnitude", "balanced"),
                List.of(0.75),
                List.of(Map.of("pes", 4), Map.of("pes", 8)),
                1,
                comparisonOutput(outDir, "raman-comparison"),
                false,
                LOG::info);
        outDir.write("raman-report.html", HtmlReport.render("raman", "shears demo", ramanRows));
        w.printf(
                "RAMAN accelerator comparison (DS-CAE encoder, %d points; every point bit-exact and cycle-exact in simulation): %s, %s%n",
                ramanRows.size(), out.resolve("raman-comparison.csv"), out.resolve("raman-report.html"));
        w.printf(
                "  %-10s %3s %9s %8s %6s %9s %9s %8s%n",
                "strategy", "P", "storage", "index", "util", "cycles", "power uW", "SNDR dB");
        for (ComparisonRun.Row r : ramanRows) {
            var x = r.result();
            w.printf(
                    "  %-10s %3d %9d %8d %6.2f %9d %9.1f %8.2f%n",
                    r.point().strategy(),
                    r.point().params().get("pes"),
                    x.storageBits(),
                    x.indexBits(),
                    x.accuracy().get("peUtilisation"),
                    x.cycles(),
                    x.powerUw(),
                    x.accuracy().get("sndrDb"));
        }
        boolean hsiOk = hsiPipeline(outDir, w);
        allOk &= hsiOk;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cyclesPerEngine", cycles);
        summary.put("designs", rows);
        summary.put("ok", allOk);
        outDir.write("summary.json", Json.of(summary) + "\n");
        w.printf("%nVerilog in %s, summary in %s%n", out.resolve("verilog"), out.resolve("summary.json"));
        w.println(
                allOk
                        ? "demo: all designs lint-clean and every engine agrees (interp, compiled"
                                + (lint ? ", verilator)" : "; verilator not installed, lint and verilator skipped)")
                        : "demo: FAILED (see table)");
        return allOk ? 0 : 1;
    }

    /**
     * The streaming HSI pipeline on a small frame: the deployable U-Net trained briefly, the pipeline
     * folded for 1,000 fps at 200 MHz, one raw frame streamed with random stalls on the compiled engine,
     * labels checked against the golden model; label maps of the hardware and the ground truth.
     */
    private boolean hsiPipeline(OutputDir outDir, java.io.PrintWriter w) {
        shears.models.hsi.SpectralLibrary lib = shears.models.hsi.SpectralLibrary.analytic();
        shears.models.hsi.HsiExperiment.Settings s = new shears.models.hsi.HsiExperiment.Settings(
                shears.models.hsi.UNet.deployable(),
                24,
                4,
                32,
                64,
                shears.models.hsi.Preprocess.Norm.L1,
                12,
                4,
                3e-3,
                1);
        LOG.info(
                "demo: HSI pipeline: training the deployable U-Net briefly ({} epochs on {} crops)",
                s.epochs(),
                s.trainCrops());
        shears.models.nn.Network net = s.unet().build(s.height(), s.width());
        shears.models.hsi.HsiExperiment.train(
                net,
                shears.models.hsi.HsiExperiment.data(s, 1, s.trainCrops(), lib),
                shears.models.hsi.HsiExperiment.data(s, 1_000_001, s.testCrops(), lib),
                s,
                false,
                m -> LOG.debug("U-Net {}", m));
        int[] keep = java.util.stream.IntStream.range(0, 25).toArray();
        shears.accelerators.hsi.HsiPipeline.Config cfg = new shears.accelerators.hsi.HsiPipeline.Config(
                net,
                s.norm(),
                keep,
                16,
                32,
                8,
                Map.of(),
                new shears.accelerators.hsi.Folder.Target(1000, 200, shears.accelerators.hsi.Folder.Device.K26));
        shears.accelerators.hsi.HsiPipeline.Built b = shears.accelerators.hsi.HsiPipeline.build(cfg, lib, LOG::debug);
        var frames = shears.accelerators.hsi.HsiPipeline.frames(1, HsiPipelineCommand.TEST_SEED, 16, 32, lib);
        int[] golden = shears.accelerators.hsi.PipelineGolden.labels(
                b.plan().front(), b.calibration(), b.quantized(), frames.get(0).raw());
        shears.rtl.ir.Netlist flat = shears.rtl.pass.PassPipeline.standard()
                .run(shears.accelerators.hsi.HsiRtl.build(b.plan()).netlist())
                .flatten();
        shears.accelerators.hsi.HsiRun.Result r;
        LOG.info("demo: HSI pipeline: one 16x32 frame on the compiled engine with 20 % stalls");
        try (shears.sim.Simulator sim =
                shears.reports.measure.Measure.DEFAULT_ENGINE.create(flat, shears.sim.SimOptions.DEFAULT)) {
            r = new shears.accelerators.hsi.HsiRun(
                            b.plan(), b.calibration(), List.of(frames.get(0).raw()), 0.2, 1)
                    .run(sim, null);
        }
        boolean exact = java.util.Arrays.equals(golden, r.labels().get(0));
        outDir.write(
                "hsi-hardware.png",
                shears.models.hsi.HsiImages.labels(r.labels().get(0), 32, 16, 12));
        outDir.write(
                "hsi-truth.png",
                shears.models.hsi.HsiImages.labels(frames.get(0).truth(), 32, 16, 12));
        Map<String, Object> m = new LinkedHashMap<>(HsiPipelineCommand.summary(b, 200));
        m.put("bitExact", exact);
        m.put("cycles", r.cycles());
        m.put("latencyCycles", r.latencyCycles());
        m.put(
                "mIoU",
                shears.accelerators.hsi.HsiPipeline.score(r.labels(), frames).meanIou());
        outDir.write("hsi.json", Json.of(m) + "\n");
        w.printf(
                "HSI streaming pipeline (deployable U-Net trained %d epochs on %d crops, 16x32 frame, 20 %% stalls): labels %s the golden "
                        + "model's, mIoU %.2f (a model trained with 'hsi train' does far better), %d cycles, latency %d, bottleneck %s; %s, %s%n",
                s.epochs(),
                s.trainCrops(),
                exact ? "equal" : "DIFFER FROM",
                (Double) m.get("mIoU"),
                r.cycles(),
                r.latencyCycles(),
                m.get("bottleneck"),
                out.resolve("hsi-hardware.png"),
                out.resolve("hsi.json"));
        return exact;
    }

    /** A comparison's journal and CSV in the demo's directory; the demo's own inputs never change, so no restart. */
    private ComparisonRun.Output comparisonOutput(OutputDir dir, String name) {
        ComparisonRun.Output o = new ComparisonRun.Output(out, name, force.force);
        dir.claim(o.journalName());
        dir.claim(o.csvName());
        return o;
    }
}
