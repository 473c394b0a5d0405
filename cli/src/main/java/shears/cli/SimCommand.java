package shears.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import shears.rtl.ir.Netlist;
import shears.sim.Engines;
import shears.sim.SimEngine;
import shears.sim.SimOptions;
import shears.sim.SimRunner;
import shears.sim.Simulator;
import shears.sim.ToggleCounts;
import shears.sim.vcd.VcdWriter;

/** {@code shears sim}: simulate a built-in design on seeded random stimulus. */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = "Simulate a built-in design cycle-accurately on seeded random inputs.")
final class SimCommand implements Callable<Integer> {
    @Mixin
    DesignOptions design = new DesignOptions();

    @Option(names = "--cycles", required = true, paramLabel = "N", description = "Cycles to simulate (> 0).")
    long cycles;

    @Option(
            names = "--engine",
            defaultValue = "compiled",
            paramLabel = "ENGINE",
            description = "interp, compiled or verilator (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--seed", defaultValue = "1", description = "Stimulus seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--vcd", paramLabel = "FILE", description = "Write a VCD waveform (large for long runs).")
    Path vcd;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings(
            "try") // the simulator is closed early when tracing, so the trace is complete before it is committed
    public Integer call() throws IOException {
        if (cycles <= 0) {
            throw new UserException("--cycles must be positive, got " + cycles);
        }
        SimEngine simEngine = Engines.available(engine);
        if (vcd != null && !simEngine.inProcess()) {
            throw new UserException("--vcd works with the Java engines (interp, compiled)");
        }
        if (vcd != null) {
            PendingFile.check("--vcd", vcd);
        }
        DesignOptions.Built b = design.build();
        Netlist flat = b.netlist().flatten();
        SimRunner.Report r;
        try (PendingFile trace = vcd == null ? null : PendingFile.open("--vcd", vcd);
                Simulator sim = simEngine.create(flat, SimOptions.WITH_TOGGLES)) {
            if (trace != null) {
                sim.traceTo(new VcdWriter(trace.writer(), flat));
            }
            r = SimRunner.run(sim, cycles, seed);
            if (trace != null) {
                sim.close();
                trace.commit();
            }
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.of(report(b, flat, r, seed)));
        } else {
            out.printf("design   %s %s%n", b.spec().name(), b.params());
            out.printf(
                    "netlist  %d cells, %d inputs, %d outputs%n",
                    flat.top().size(),
                    flat.top().inputNets().length,
                    flat.top().outputs().size());
            out.printf("engine   %s%n", r.engine());
            out.printf(
                    "cycles   %d (seed %d) in %.3f s = %.0f cycles/s%n",
                    r.cycles(), seed, r.seconds(), r.cyclesPerSecond());
            out.printf("digest   %s (all outputs, all cycles)%n", r.outputsDigest());
            if (r.toggles() != null) {
                out.printf(
                        "toggles  %d over %d samples%n",
                        r.toggles().total(), r.toggles().samples());
            }
            r.finalOutputs().forEach((k, v) -> out.printf("  %-12s = 0x%s%n", k, v.toString(16)));
            if (vcd != null) {
                out.printf("vcd      %s%n", vcd);
            }
        }
        return 0;
    }

    static Map<String, Object> report(DesignOptions.Built b, Netlist flat, SimRunner.Report r, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("design", b.spec().name());
        m.put("params", b.params());
        m.put("engine", r.engine());
        m.put("cycles", r.cycles());
        m.put("seed", seed);
        m.put("seconds", r.seconds());
        m.put("cyclesPerSecond", r.cyclesPerSecond());
        m.put("cells", flat.top().size());
        m.put("outputsDigest", r.outputsDigest());
        ToggleCounts t = r.toggles();
        if (t == null) {
            m.put("toggles", null);
            m.put("finalOutputs", hex(r.finalOutputs()));
            return m;
        }
        Map<String, Object> tg = new LinkedHashMap<>();
        tg.put("total", t.total());
        tg.put("samples", t.samples());
        long regs = 0;
        long comb = 0;
        long mem = 0;
        for (int i = 0; i < flat.top().size(); i++) {
            switch (flat.top().cell(i).op()) {
                case REG -> regs += t.net(i);
                case MEM_READ -> mem += t.net(i);
                default -> comb += t.net(i);
            }
        }
        tg.put("registers", regs);
        tg.put("memoryReadPorts", mem);
        tg.put("other", comb);
        m.put("toggles", tg);
        m.put("finalOutputs", hex(r.finalOutputs()));
        return m;
    }

    private static Map<String, String> hex(Map<String, BigInteger> values) {
        Map<String, String> finals = new LinkedHashMap<>();
        for (Map.Entry<String, BigInteger> e : values.entrySet()) {
            finals.put(e.getKey(), "0x" + e.getValue().toString(16));
        }
        return finals;
    }
}
