package shears.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.rtl.aig.Aig;
import shears.rtl.aig.BitSim;
import shears.rtl.aig.Blif;
import shears.rtl.aig.Cec;
import shears.rtl.aig.SatSweeper;
import shears.rtl.util.ExternalTools;

/** {@code shears bench logic}: bit-parallel inference throughput and SAT sweeping against ABC's fraig. */
@Command(
        name = "logic",
        mixinStandardHelpOptions = true,
        description =
                "Bit-parallel simulation throughput (gate evaluations/s) and SAT sweeping vs yosys-abc fraig on BLIF netlists (the shared EPFL set by default).")
final class BenchLogic implements Callable<Integer> {
    @Option(
            names = "--netlists",
            description = "Directory of .blif files (default: ../shared/benchmarks/epfl beside the project).")
    Path dir;

    @Option(
            names = "--words",
            defaultValue = "1024",
            description = "64-pattern words per simulation run (default: ${DEFAULT-VALUE}).")
    int words;

    @Option(
            names = "--seconds",
            defaultValue = "0.5",
            description = "Measuring time per netlist for throughput (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (words < 1 || seconds <= 0) {
            throw new UserException("--words and --seconds must be positive");
        }
        Path d = dir != null ? dir : Path.of("..", "shared", "benchmarks", "epfl");
        if (!Files.isDirectory(d)) {
            throw new UserException(d + ": no such directory of .blif netlists (use --netlists DIR)");
        }
        List<Path> files;
        try (var s = Files.list(d)) {
            files = s.filter(p -> p.toString().endsWith(".blif")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new UserException(d + ": holds no .blif files");
        }
        boolean abc = ExternalTools.available("yosys-abc");
        var out = spec.commandLine().getOut();
        if (!json) {
            out.printf(
                    "%-12s %7s %14s %9s %9s %9s %10s %10s %9s %9s %9s %9s%n",
                    "netlist",
                    "ANDs",
                    "gate evals/s",
                    "swept",
                    "abc fraig",
                    "ours s",
                    "abc s",
                    "abc wall s",
                    "ours/abc",
                    "cec s",
                    "abc cec s",
                    "ours/abc");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        double oursTotal = 0;
        double abcTotal = 0;
        double cecTotal = 0;
        double abcCecTotal = 0;
        long evalsTotal = 0;
        double evalSecondsTotal = 0;
        for (Path f : files) {
            Aig g = Blif.read(f);
            long[][] in = BitSim.randomInputs(g.inputCount(), words, 7);
            BitSim.simulate(g, in); // warm-up
            long runs = 0;
            long t0 = System.nanoTime();
            long deadline = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < deadline) {
                BitSim.simulate(g, in);
                runs++;
            }
            double simSeconds = (System.nanoTime() - t0) / 1e9;
            long evals = runs * (long) g.andCount() * words * 64L;
            evalsTotal += evals;
            evalSecondsTotal += simSeconds;
            SatSweeper.Result r = null;
            double best = Double.MAX_VALUE;
            // JIT warm-up, then the best of the last three: the steady-state cost (a sweep of a second
            // or more warms up by itself: one run before the measured one)
            SatSweeper.Result first = SatSweeper.sweep(g, SatSweeper.Options.defaults());
            int sweeps = first.seconds() > 1 ? 2 : 8;
            for (int k = 1; k < sweeps; k++) {
                SatSweeper.Result x = SatSweeper.sweep(g, SatSweeper.Options.defaults());
                if (k >= sweeps - 3 && x.seconds() < best) {
                    best = x.seconds();
                    r = x;
                }
            }
            Cec.Verdict proof = Cec.check(g, r.aig());
            if (!proof.equivalent()) {
                throw new IllegalStateException(f + ": sweep result is not equivalent");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("netlist", f.getFileName().toString());
            row.put("ands", g.andCount());
            row.put("gateEvalsPerSecond", evals / simSeconds);
            row.put("andsSwept", r.andsAfter());
            row.put("sweepSeconds", r.seconds());
            row.put("cecSeconds", proof.seconds());
            oursTotal += r.seconds();
            cecTotal += proof.seconds();
            AbcFraig.Result a = null;
            AbcFraig.Cec ac = null;
            if (abc) {
                a = AbcFraig.run(f.toAbsolutePath());
                row.put("abcAndsStrash", a.andsStrash());
                row.put("abcAndsFraig", a.andsFraig());
                row.put("abcFraigSeconds", a.fraigSeconds());
                row.put("abcWallSeconds", a.wallSeconds());
                abcTotal += a.fraigSeconds();
                Path swept = Files.createTempFile("shears-swept", ".blif");
                try {
                    Files.writeString(swept, Blif.write(r.aig(), "swept"));
                    ac = AbcFraig.cec(f.toAbsolutePath(), swept);
                } finally {
                    Files.deleteIfExists(swept);
                }
                if (!ac.equivalent()) {
                    throw new IllegalStateException(f + ": yosys-abc cec does not prove the sweep result equivalent");
                }
                row.put("abcCecSeconds", ac.cecSeconds());
                abcCecTotal += ac.cecSeconds();
            }
            rows.add(row);
            if (!json) {
                out.printf(
                        "%-12s %7d %14.3g %9d %9s %9.3f %10s %10s %9s %9.3f %9s %9s%n",
                        f.getFileName().toString().replace(".blif", ""),
                        g.andCount(),
                        evals / simSeconds,
                        r.andsAfter(),
                        a == null ? "-" : Integer.toString(a.andsFraig()),
                        r.seconds(),
                        a == null ? "-" : String.format("%.3f", a.fraigSeconds()),
                        a == null ? "-" : String.format("%.3f", a.wallSeconds()),
                        a == null || a.fraigSeconds() <= 0
                                ? "-"
                                : String.format("%.1fx", r.seconds() / a.fraigSeconds()),
                        proof.seconds(),
                        ac == null ? "-" : String.format("%.3f", ac.cecSeconds()),
                        ac == null || ac.cecSeconds() <= 0
                                ? "-"
                                : String.format("%.1fx", proof.seconds() / ac.cecSeconds()));
                out.flush();
            }
        }
        double throughput = evalsTotal / evalSecondsTotal;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("netlists", rows);
            m.put("gateEvalsPerSecond", throughput);
            m.put("sweepSecondsTotal", oursTotal);
            if (abc) {
                m.put("abcFraigSecondsTotal", abcTotal);
                m.put("sweepOverAbcTime", oursTotal / Math.max(abcTotal, 1e-9));
                m.put("cecSecondsTotal", cecTotal);
                m.put("abcCecSecondsTotal", abcCecTotal);
                m.put("cecOverAbcTime", cecTotal / Math.max(abcCecTotal, 1e-9));
            }
            out.println(Json.of(m));
        } else {
            out.printf("bit-parallel simulation: %.3g gate evaluations/s on one core (goal >= 1e9)%n", throughput);
            out.printf(
                    "SAT sweep total %.3f s%s%n",
                    oursTotal,
                    abc
                            ? String.format(
                                    " vs ABC fraig %.3f s (best-of-3 wall-time difference): %.1fx",
                                    abcTotal, oursTotal / Math.max(abcTotal, 1e-9))
                            : " (yosys-abc not found: no ABC comparison)");
            out.printf(
                    "proof of the sweep results total %.3f s%s%n",
                    cecTotal,
                    abc
                            ? String.format(
                                    " vs yosys-abc cec %.3f s (every result also proved by it): %.1fx",
                                    abcCecTotal, cecTotal / Math.max(abcCecTotal, 1e-9))
                            : "");
        }
        return 0;
    }
}
