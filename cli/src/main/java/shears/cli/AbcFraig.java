package shears.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs ABC ({@code yosys-abc}) {@code strash; fraig} on a netlist and reads AND counts and fraig's own elapsed time. */
final class AbcFraig {
    private static final Pattern AND = Pattern.compile("and\\s*=\\s*(\\d+)");
    private static final Pattern ELAPSE = Pattern.compile("elapse:\\s*([0-9.]+) seconds");

    /**
     * AND counts after strash and after fraig; the fraig time as the best-of-three difference of
     * process wall times with and without fraig (ABC's own timer has 10 ms resolution), never less
     * than ABC's own report.
     */
    record Result(int andsStrash, int andsFraig, double fraigSeconds, double wallSeconds) {}

    private AbcFraig() {}

    /**
     * {@code yosys-abc cec a b} on two netlists: whether ABC proves them equivalent, and the proof's
     * time as the best-of-three difference of process wall times with and without {@code cec}.
     */
    record Cec(boolean equivalent, double cecSeconds) {}

    static Cec cec(Path a, Path b) throws IOException {
        double base = Double.MAX_VALUE;
        double full = Double.MAX_VALUE;
        boolean equivalent = false;
        for (int k = 0; k < 3; k++) {
            base = Math.min(
                    base,
                    run(List.of("yosys-abc", "-c", "read_blif " + a + "; read_blif " + b), a)
                            .seconds());
            Run r = run(List.of("yosys-abc", "-c", "cec " + a + " " + b), a);
            full = Math.min(full, r.seconds());
            equivalent = r.out().contains("Networks are equivalent");
        }
        return new Cec(equivalent, Math.max(0, full - base));
    }

    static Result run(Path netlist) throws IOException {
        String read = netlist.toString().endsWith(".blif") ? "read_blif " : "read ";
        double base = Double.MAX_VALUE;
        double full = Double.MAX_VALUE;
        Result last = null;
        for (int k = 0; k < 3; k++) {
            base = Math.min(
                    base,
                    run(List.of("yosys-abc", "-c", read + netlist + "; strash"), netlist)
                            .seconds());
            last = parse(
                    List.of(
                            "yosys-abc",
                            "-c",
                            read + netlist + "; strash; print_stats; time; fraig; time; print_stats"),
                    netlist);
            full = Math.min(full, last.wallSeconds());
        }
        return new Result(last.andsStrash(), last.andsFraig(), Math.max(last.fraigSeconds(), full - base), full);
    }

    /** What a yosys-abc process printed and how long it ran. */
    private record Run(String out, double seconds) {}

    private static Run run(List<String> cmd, Path netlist) throws IOException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("yosys-abc failed on " + netlist + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Run(out, (System.nanoTime() - t0) / 1e9);
    }

    private static Result parse(List<String> cmd, Path netlist) throws IOException {
        Run r = run(cmd, netlist);
        String out = r.out();
        double wall = r.seconds();
        List<Integer> ands = new ArrayList<>();
        Matcher m = AND.matcher(out);
        while (m.find()) {
            ands.add(Integer.parseInt(m.group(1)));
        }
        List<Double> el = new ArrayList<>();
        Matcher e = ELAPSE.matcher(out);
        while (e.find()) {
            el.add(Double.parseDouble(e.group(1)));
        }
        if (ands.size() != 2 || el.size() != 2) {
            throw new IOException("cannot read yosys-abc output for " + netlist + ": " + out.strip());
        }
        return new Result(ands.get(0), ands.get(1), el.get(1), wall);
    }
}
