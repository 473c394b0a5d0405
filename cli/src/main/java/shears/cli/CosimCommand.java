package shears.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import shears.rtl.util.ExternalTools;
import shears.rtl.util.OutputDir;
import shears.sim.Engines;
import shears.sim.SimEngine;
import shears.sim.SimOptions;
import shears.testbench.cosim.CoSim;

/** {@code shears cosim}: a Java engine and Verilator in lockstep on the same stimulus. */
@Command(
        name = "cosim",
        mixinStandardHelpOptions = true,
        description =
                "Co-simulate a built-in design on a Java engine and Verilator, comparing every output every cycle.")
final class CosimCommand implements Callable<Integer> {
    @Mixin
    DesignOptions design = new DesignOptions();

    @Option(names = "--cycles", required = true, paramLabel = "N", description = "Cycles to compare (> 0).")
    long cycles;

    @Option(names = "--seed", defaultValue = "1", description = "Stimulus seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--engine",
            defaultValue = "compiled",
            description = "Java engine: interp or compiled (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--registers", description = "Also compare every register (through debug ports).")
    boolean registers;

    @Option(
            names = "--history",
            defaultValue = "32",
            description = "Cycles before a mismatch to put in the VCDs (default: ${DEFAULT-VALUE}).")
    int history;

    @Option(
            names = "--out",
            defaultValue = "out/cosim",
            paramLabel = "DIR",
            description = "Where a mismatch report and VCDs go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (cycles <= 0) {
            throw new UserException("--cycles must be positive, got " + cycles);
        }
        if (history < 0) {
            throw new UserException("--history must be >= 0");
        }
        SimEngine java = Engines.get(engine);
        if (!java.inProcess()) {
            throw new UserException(
                    "--engine " + engine + ": cosim compares a Java engine with Verilator (interp or compiled)");
        }
        if (!ExternalTools.available("verilator")) {
            throw new UserException("cosim needs verilator on the PATH (Debian package: verilator)");
        }
        OutputDir.probe("--out", out);
        DesignOptions.Built b = design.build();
        Path reportDir = out.resolve(b.spec().name());
        CoSim.Result r = CoSim.run(
                b.netlist(),
                nl -> java.create(nl, SimOptions.DEFAULT),
                cycles,
                seed,
                new CoSim.Options(registers, history, reportDir));
        var w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("design", b.spec().name());
            m.put("params", b.params());
            m.put("javaEngine", java.cliName());
            m.put("cycles", r.cycles());
            m.put("seed", seed);
            m.put("registersCompared", registers);
            m.put("comparedValues", r.comparedValues());
            m.put("passed", r.passed());
            m.put("javaSeconds", r.javaSeconds());
            m.put("verilatorSeconds", r.verilatorSeconds());
            if (!r.passed()) {
                Map<String, Object> mm = new LinkedHashMap<>();
                mm.put("cycle", r.mismatch().cycle());
                mm.put("signal", r.mismatch().signal());
                mm.put("java", "0x" + r.mismatch().javaValue().toString(16));
                mm.put("verilator", "0x" + r.mismatch().verilatorValue().toString(16));
                mm.put("report", String.valueOf(r.report()));
                m.put("mismatch", mm);
            }
            w.println(Json.of(m));
        } else if (r.passed()) {
            w.printf(
                    "cosim %s %s: PASS, %d cycles, %d values compared (%s %.2f s, verilator %.2f s)%n",
                    b.spec().name(),
                    b.params(),
                    r.cycles(),
                    r.comparedValues(),
                    java.cliName(),
                    r.javaSeconds(),
                    r.verilatorSeconds());
        } else {
            w.printf(
                    "cosim %s: FAIL at %s%nreport and VCDs in %s%n",
                    b.spec().name(), r.mismatch().describe(), reportDir);
        }
        return r.passed() ? 0 : 1;
    }
}
