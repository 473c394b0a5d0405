package shears.cli;

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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code shears bench ...}: performance measurements (never timed tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Sim.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "sim", mixinStandardHelpOptions = true,
            description = "Cycles per second of both Java engines on every built-in design and a large random netlist.")
    static final class Sim implements Callable<Integer> {
        private static final Logger LOG = LoggerFactory.getLogger(Sim.class);

        @Option(names = "--seconds", defaultValue = "1.0", description = "Measuring time per engine and design (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--random-nodes", defaultValue = "17000",
                description = "Size of the random netlist, in front-end operations (default: ${DEFAULT-VALUE}).")
        int randomNodes;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (seconds <= 0 || randomNodes < 1) {
                throw new UserException("--seconds and --random-nodes must be positive");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            var out = spec.commandLine().getOut();
            if (!json) {
                out.printf("%-22s %8s %14s %14s %10s %10s%n", "design", "cells", "interp c/s", "compiled c/s",
                        "comp/interp", "compile s");
            }
            for (DesignSpec d : DesignCatalog.all()) {
                Map<String, String> params = d.name().equals("random")
                        ? Map.of("nodes", Integer.toString(randomNodes)) : Map.of();
                LOG.info("bench: building {} {}", d.name(), params);
                Netlist flat = PassPipeline.standard().run(d.build(params).netlist()).flatten();
                Stimulus stim = Stimulus.random(flat, 4096, 1);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("design", d.name());
                row.put("params", params);
                row.put("cells", flat.top().size());
                String digest = null;
                for (Engine e : Engine.values()) {
                    long t0 = System.nanoTime();
                    try (Simulator sim = e.create(flat, SimOptions.DEFAULT)) {
                        double setup = (System.nanoTime() - t0) / 1e9;
                        OutputDigest dg = new OutputDigest();
                        sim.run(stim, dg); // warm-up, and the digest both engines must agree on
                        if (digest != null && !digest.equals(dg.hex())) {
                            throw new IllegalStateException(d.name() + ": engines disagree (" + digest + " vs " + dg.hex() + ")");
                        }
                        digest = dg.hex();
                        long cycles = 0;
                        long start = System.nanoTime();
                        long deadline = start + (long) (seconds * 1e9);
                        while (System.nanoTime() < deadline) {
                            sim.run(stim, null);
                            cycles += stim.cycles();
                        }
                        double cps = cycles / ((System.nanoTime() - start) / 1e9);
                        row.put(e.cliName() + "CyclesPerSecond", cps);
                        row.put(e.cliName() + "SetupSeconds", setup);
                        LOG.info("bench: {} {} {} cycles/s", d.name(), e.cliName(), String.format("%.0f", cps));
                    }
                }
                double ratio = (double) row.get("compiledCyclesPerSecond") / (double) row.get("interpCyclesPerSecond");
                row.put("compiledOverInterp", ratio);
                rows.add(row);
                if (!json) {
                    out.printf("%-22s %8d %14.0f %14.0f %9.1fx %10.2f%n", d.name() + (params.isEmpty() ? "" : "(" + randomNodes + ")"),
                            flat.top().size(), row.get("interpCyclesPerSecond"), row.get("compiledCyclesPerSecond"), ratio,
                            row.get("compiledSetupSeconds"));
                }
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("benchmark", "sim");
                m.put("secondsPerMeasurement", seconds);
                m.put("results", rows);
                out.println(Json.of(m));
            }
            return 0;
        }
    }
}
