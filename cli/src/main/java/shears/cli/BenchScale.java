package shears.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.hdl.HdlModule;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.sim.SimOptions;
import shears.sim.Simulator;

/**
 * {@code shears bench scale}: one random design of about a million cells through every stage a flow
 * runs: generator and lowering, the standard passes, Verilog emission, the compiled engine's start
 * and a few cycles. Prints each stage's seconds and the heap's peak, against the targets
 * (60 s in all, 2 GiB of heap: run with {@code SHEARS_JAVA_OPTS=-Xmx2g}).
 */
@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description =
                "A random design of about a million cells through lowering, the standard passes, Verilog emission and the "
                        + "compiled engine's start: seconds per stage and peak heap (run with SHEARS_JAVA_OPTS=-Xmx2g for the 2 GiB target).")
final class BenchScale implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BenchScale.class);

    @Option(
            names = "--nodes",
            defaultValue = "175000",
            description = "Front-end operations of the random design (default: ${DEFAULT-VALUE}, about 10^6 cells).")
    int nodes;

    @Option(
            names = "--cycles",
            defaultValue = "10",
            description = "Cycles simulated after the engine starts (default: ${DEFAULT-VALUE}).")
    int cycles;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (nodes < 1 || cycles < 1) {
            throw new UserException("--nodes and --cycles must be positive");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Double> stages = new LinkedHashMap<>();
        long start = System.nanoTime();
        long t = System.nanoTime();
        LOG.info("bench scale: building random with {} nodes", nodes);
        HdlModule module = DesignCatalog.get("random").build(Map.of("nodes", Integer.toString(nodes)));
        Netlist lowered = module.netlist();
        t = stage(stages, "build", t);
        LOG.info("bench scale: {} cells lowered; standard passes", lowered.cellCount());
        Netlist opt = PassPipeline.standard().run(lowered);
        t = stage(stages, "passes", t);
        long bytes = 0;
        for (String v : VerilogEmitter.emit(opt).values()) {
            bytes += v.length();
        }
        t = stage(stages, "emit", t);
        Netlist flat = opt.flatten();
        t = stage(stages, "flatten", t);
        LOG.info(
                "bench scale: compiling {} cells for the compiled engine",
                flat.top().size());
        try (Simulator sim = shears.reports.measure.Measure.DEFAULT_ENGINE.create(flat, SimOptions.DEFAULT)) {
            t = stage(stages, "compiledStart", t);
            sim.step(cycles);
            stage(stages, "simulate", t);
        }
        double total = (System.nanoTime() - start) / 1e9;
        m.put("benchmark", "scale");
        m.put("cellsLowered", lowered.cellCount());
        m.put("cellsAfterPasses", opt.cellCount());
        m.put("verilogBytes", bytes);
        m.put("stageSeconds", stages);
        m.put("totalSeconds", total);
        m.put("targetSeconds", 60);
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        m.put("peakHeapMiB", peakHeapBytes() >> 20);
        m.put("targetHeapMiB", 2048);
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.of(m));
            return 0;
        }
        out.printf(
                Locale.ROOT,
                "random (%d nodes): %d cells lowered, %d after the standard passes, %.1f MB of Verilog%n",
                nodes,
                lowered.cellCount(),
                opt.cellCount(),
                bytes / 1e6);
        stages.forEach((k, v) -> out.printf(Locale.ROOT, "  %-14s %8.2f s%n", k, v));
        out.printf(Locale.ROOT, "  %-14s %8.2f s (target 60 s: %s)%n", "total", total, total <= 60 ? "met" : "missed");
        out.printf(
                Locale.ROOT,
                "peak heap %d MiB of %d MiB allowed (target 2048 MiB: %s)%n",
                peakHeapBytes() >> 20,
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().maxMemory() <= 2L << 30 ? "enforced by -Xmx" : "run with -Xmx2g");
        return 0;
    }

    private static long stage(Map<String, Double> stages, String name, long since) {
        long now = System.nanoTime();
        stages.put(name, (now - since) / 1e9);
        return now;
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
