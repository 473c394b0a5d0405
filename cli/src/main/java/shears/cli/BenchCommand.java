package shears.cli;

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
import shears.rtl.examples.DesignCatalog;
import shears.rtl.examples.DesignSpec;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.sim.Engine;
import shears.sim.OutputDigest;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;
import shears.testbench.verilator.VerilatorSimulator;

/** {@code shears bench ...}: performance measurements (never timed tests). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks.",
        subcommands = {BenchCommand.Sim.class, BenchLogic.class, BenchEstimate.class, BenchTrain.class, BenchScale.class
        })
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Suggestions.missingCommand(spec.commandLine());
    }

    @Command(
            name = "sim",
            mixinStandardHelpOptions = true,
            description =
                    "Cycles per second of both Java engines and Verilator (native batched, and per-cycle JNA calls) "
                            + "on every built-in design, a ~100k-cell random netlist and the RAMAN accelerator (DS-CAE encoder, P = 8).")
    static final class Sim implements Callable<Integer> {
        private static final Logger LOG = LoggerFactory.getLogger(Sim.class);

        @Option(
                names = "--seconds",
                defaultValue = "1.0",
                description =
                        "Measuring time per engine and design, after a warm-up as long (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(
                names = "--random-nodes",
                defaultValue = "17000",
                description = "Size of the random netlist, in front-end operations (default: ${DEFAULT-VALUE}).")
        int randomNodes;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Option(names = "--no-verilator", description = "Measure only the Java engines.")
        boolean noVerilator;

        /** Verilator native (batched in one call) and per-cycle calls through JNA, on the same stimulus. */
        private void verilator(Netlist flat, Stimulus stim, String digest, Map<String, Object> row) {
            long t0 = System.nanoTime();
            try (VerilatorSimulator v = new VerilatorSimulator(flat)) {
                row.put("verilatorBuildSeconds", (System.nanoTime() - t0) / 1e9);
                OutputDigest dg = new OutputDigest();
                v.run(stim, dg);
                if (!digest.equals(dg.hex())) {
                    throw new IllegalStateException("verilator disagrees with the Java engines on " + flat.topName());
                }
                row.put("verilatorNativeCyclesPerSecond", measure(() -> v.run(stim, null), stim.cycles()));
                row.put("verilatorPerCallCyclesPerSecond", measure(() -> v.runPerCycleCalls(stim), stim.cycles()));
            }
            LOG.info(
                    "bench: {} verilator native {} per-call {} cycles/s",
                    flat.topName(),
                    String.format("%.0f", (double) row.get("verilatorNativeCyclesPerSecond")),
                    String.format("%.0f", (double) row.get("verilatorPerCallCyclesPerSecond")));
        }

        /**
         * Steady-state cycles per second: batches run for {@link #seconds} unmeasured first, so the JIT
         * has compiled the Java engines' code as Verilator's was compiled before the run.
         */
        private double measure(Runnable batch, int cyclesPerBatch) {
            long warm = System.nanoTime() + (long) (seconds * 1e9);
            do {
                batch.run();
            } while (System.nanoTime() < warm);
            long cycles = 0;
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            while (System.nanoTime() < deadline) {
                batch.run();
                cycles += cyclesPerBatch;
            }
            return cycles / ((System.nanoTime() - start) / 1e9);
        }

        /** Measures one design on both Java engines (and Verilator); prints its table row unless --json. */
        private Map<String, Object> benchOne(
                String label,
                Map<String, String> params,
                Netlist flat,
                Stimulus stim,
                boolean verilator,
                java.io.PrintWriter out) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("design", label);
            row.put("params", params);
            row.put("cells", flat.top().size());
            row.put("stimulusCycles", stim.cycles());
            String digest = null;
            for (Engine e : Engine.values()) {
                long t0 = System.nanoTime();
                try (Simulator sim = e.create(flat, SimOptions.DEFAULT)) {
                    double setup = (System.nanoTime() - t0) / 1e9;
                    OutputDigest dg = new OutputDigest();
                    sim.run(stim, dg); // warm-up, and the digest both engines must agree on
                    if (digest != null && !digest.equals(dg.hex())) {
                        throw new IllegalStateException(
                                label + ": engines disagree (" + digest + " vs " + dg.hex() + ")");
                    }
                    digest = dg.hex();
                    double cps = measure(() -> sim.run(stim, null), stim.cycles());
                    row.put(e.cliName() + "CyclesPerSecond", cps);
                    row.put(e.cliName() + "SetupSeconds", setup);
                    LOG.info("bench: {} {} {} cycles/s", label, e.cliName(), String.format("%.0f", cps));
                }
            }
            double compiled = (double) row.get("compiledCyclesPerSecond");
            double ratio = compiled / (double) row.get("interpCyclesPerSecond");
            row.put("compiledOverInterp", ratio);
            if (verilator) {
                verilator(flat, stim, digest, row);
                row.put("compiledOverVerilatorNative", compiled / (double) row.get("verilatorNativeCyclesPerSecond"));
                row.put("compiledOverVerilatorPerCall", compiled / (double) row.get("verilatorPerCallCyclesPerSecond"));
            }
            if (!json) {
                out.printf(
                        "%-22s %8d %14.0f %14.0f %9.1fx %10.2f",
                        label,
                        flat.top().size(),
                        row.get("interpCyclesPerSecond"),
                        compiled,
                        ratio,
                        row.get("compiledSetupSeconds"));
                if (verilator) {
                    out.printf(
                            " %14.0f %14.0f %11.2fx %11.2fx %8.1f",
                            row.get("verilatorNativeCyclesPerSecond"),
                            row.get("verilatorPerCallCyclesPerSecond"),
                            row.get("compiledOverVerilatorNative"),
                            row.get("compiledOverVerilatorPerCall"),
                            row.get("verilatorBuildSeconds"));
                }
                out.println();
                out.flush();
            }
            return row;
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (seconds <= 0 || randomNodes < 1) {
                throw new UserException("--seconds and --random-nodes must be positive");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            var out = spec.commandLine().getOut();
            boolean verilator = !noVerilator && shears.rtl.util.ExternalTools.available("verilator");
            String verilatorSkipped = verilator ? null : noVerilator ? "--no-verilator" : "verilator not installed";
            if (!json && verilatorSkipped != null) {
                out.println("verilator columns skipped: " + verilatorSkipped);
            }
            if (!json) {
                out.printf(
                        "%-22s %8s %14s %14s %10s %10s",
                        "design", "cells", "interp c/s", "compiled c/s", "comp/interp", "compile s");
                if (verilator) {
                    out.printf(
                            " %14s %14s %12s %12s %8s",
                            "vl-native c/s", "vl-percall c/s", "comp/vl-nat", "comp/vl-call", "vl build s");
                }
                out.println();
            }
            for (DesignSpec d : DesignCatalog.all()) {
                Map<String, String> params =
                        d.name().equals("random") ? Map.of("nodes", Integer.toString(randomNodes)) : Map.of();
                LOG.info("bench: building {} {}", d.name(), params);
                Netlist flat =
                        PassPipeline.standard().run(d.build(params).netlist()).flatten();
                String label = d.name() + (params.isEmpty() ? "" : "(" + randomNodes + ")");
                rows.add(benchOne(label, params, flat, Stimulus.random(flat, 4096, 1), verilator, out));
            }
            // the RAMAN accelerator: the default DS-CAE encoder (untrained weights), balanced 75 %, P = 8, one window
            LOG.info("bench: building the RAMAN accelerator");
            shears.models.cae.CaeConfig cae = shears.models.cae.CaeConfig.defaults();
            shears.models.nn.Network enc = shears.models.cae.DsCae.encoder(cae);
            enc.initialize(1);
            var rec = new shears.models.data.LfpGenerator(
                            shears.models.data.LfpParams.defaults().withChannels(cae.channels()))
                    .generate(cae.window() * 4, 1);
            List<shears.models.tensor.Tensor> windows = rec.windows(cae.window(), rec.maxAbs());
            var design = shears.accelerators.raman.RamanExperiment.prepareUntrained(
                    enc, windows, shears.models.cae.CaeStrategy.BALANCED, 0.75, 8, 1);
            Netlist raman = shears.accelerators.raman.RamanExperiment.netlist(
                    design.program(), shears.accelerators.raman.RamanRtl.Options.ROM);
            var x = design.quantized().quantizeInput(windows.get(0));
            long predicted = shears.accelerators.raman.RamanModel.run(design.program(), design.quantized(), x)
                    .cycles();
            Stimulus rs = new shears.accelerators.raman.RamanRun(design.program(), List.of(x), new long[] {predicted})
                    .stimulus(raman);
            rows.add(benchOne("raman(P=8,balanced)", Map.of(), raman, rs, verilator, out));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("benchmark", "sim");
                m.put("secondsPerMeasurement", seconds);
                m.put("verilatorSkipped", verilatorSkipped);
                m.put("results", rows);
                out.println(Json.of(m));
            }
            return 0;
        }
    }
}
