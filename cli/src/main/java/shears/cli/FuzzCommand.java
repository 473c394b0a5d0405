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
import shears.rtl.util.ExternalTools;
import shears.rtl.util.OutputDir;
import shears.testbench.fuzz.Fuzzer;

/** {@code shears fuzz}: differential fuzzing of the emitter and every engine. */
@Command(
        name = "fuzz",
        mixinStandardHelpOptions = true,
        description =
                "Random designs through lint, both Java engines, Verilator and (small ones) Icarus; report disagreements.")
final class FuzzCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(FuzzCommand.class);

    @Option(names = "--seed", defaultValue = "1", description = "Fuzzing seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--designs",
            defaultValue = "20",
            description = "Number of random designs (default: ${DEFAULT-VALUE}).")
    int designs;

    @Option(names = "--cycles", defaultValue = "2000", description = "Cycles per design (default: ${DEFAULT-VALUE}).")
    int cycles;

    @Option(
            names = "--out",
            defaultValue = "out/fuzz",
            paramLabel = "DIR",
            description = "Where reproducers go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--no-icarus", description = "Skip the Icarus third opinion.")
    boolean noIcarus;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (designs <= 0 || cycles <= 0) {
            throw new UserException("--designs and --cycles must be positive");
        }
        if (!ExternalTools.available("verilator")) {
            throw new UserException("fuzz needs verilator on the PATH (Debian package: verilator)");
        }
        OutputDir.probe("--out", out);
        long[] last = {System.nanoTime()};
        Fuzzer.Report r = Fuzzer.run(new Fuzzer.Options(seed, designs, cycles, out, !noIcarus), msg -> {
            if (System.nanoTime() - last[0] > 10_000_000_000L) {
                LOG.info(msg);
                last[0] = System.nanoTime();
            }
        });
        var w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", seed);
            m.put("designs", r.designs());
            m.put("cyclesPerDesign", r.cycles());
            m.put("icarusDesigns", r.icarusDesigns());
            m.put("comparedValues", r.comparedValues());
            m.put("seconds", r.seconds());
            List<Map<String, Object>> fs = new ArrayList<>();
            for (Fuzzer.Finding f : r.findings()) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("design", f.design());
                fm.put("check", f.check());
                fm.put("params", f.params().toString());
                fm.put("detail", f.detail());
                fm.put("reproducer", String.valueOf(f.reproducer()));
                fs.add(fm);
            }
            m.put("findings", fs);
            w.println(Json.of(m));
        } else {
            w.printf(
                    "fuzz: %d designs x %d cycles (seed %d), %d also under Icarus, %d values compared, %.1f s%n",
                    r.designs(), r.cycles(), seed, r.icarusDesigns(), r.comparedValues(), r.seconds());
            for (Fuzzer.Finding f : r.findings()) {
                w.printf(
                        "  FINDING design %d [%s] %s: %s -> %s%n",
                        f.design(), f.check(), f.params(), f.detail(), f.reproducer());
            }
            w.println(
                    r.findings().isEmpty()
                            ? "fuzz: no mismatch"
                            : "fuzz: " + r.findings().size() + " finding(s)");
        }
        return r.findings().isEmpty() ? 0 : 1;
    }
}
