package shears.rtl.estimate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Netlist;
import shears.rtl.util.ExternalTools;

/**
 * Real synthesis of the emitted Verilog with Yosys, for comparison with {@link Estimator}:
 * {@code synth -flatten; dfflegalize -cell $_DFF_P_ 01; abc -g cmos2; stat -tech cmos} for
 * transistors (flip-flops with enables and resets are legalised to plain DFFs plus gates, as the
 * estimator counts them) and {@code ltp -noff} for the gates on the longest path between flip-flops and
 * ports, {@code synth_ice40} and {@code synth_xilinx -flatten} for FPGA cells.
 *
 * <p>{@code abc -g} is given its own default script ({@link #gateScript}) with one change: the SAT
 * conflicts {@code &fraig -x} may spend per candidate equivalence are bounded. ABC's default, a
 * million, never finishes on wide multipliers (the 130-bit ALU: 64 candidates among the product's
 * high bits, still unresolved after 45 minutes); at 100,000 the transistor counts are identical on
 * every design where the default finishes (README "Estimates" lists them).
 */
public final class YosysCrossCheck {
    private static final Pattern CELL = Pattern.compile("^\\s+(\\S+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    private YosysCrossCheck() {}

    /**
     * @param gateLevels NAND2/NOR2/NOT gates on the longest combinational path of the mapped netlist
     *                   (what {@link Estimator.Timing#levels()} estimates)
     */
    public record Result(
            long transistors, int gateLevels, Estimator.Fpga ice40, Estimator.Fpga xilinx, double seconds) {}

    /** SAT conflicts per candidate for ABC's {@code &fraig -x}; ABC's own default is 1,000,000. */
    public static final int DEFAULT_SAT_CONFLICTS = 100_000;

    /** Yosys 0.23's default {@code abc -g} script (abc.cc, ABC_COMMAND_DFL) with the SAT effort given. */
    static String gateScript(int satConflicts) {
        if (satConflicts <= 0) {
            throw new IllegalArgumentException("SAT conflicts must be positive: " + satConflicts);
        }
        return "strash; &get -n; &fraig -x -C " + satConflicts + "; &put; scorr; dc2; dretime; strash; "
                + "&get -n; &dch -f; &nf; &put\n";
    }

    /** Time each of the three Yosys runs may take before it is stopped. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 3600;

    public static Result run(Netlist netlist) throws IOException {
        return run(netlist, DEFAULT_SAT_CONFLICTS, DEFAULT_TIMEOUT_SECONDS, m -> {});
    }

    /**
     * @param timeoutSeconds per Yosys run (gate level, iCE40, 7-series)
     * @param progress       receives a line as each run starts and every minute it goes on
     */
    public static Result run(Netlist netlist, int satConflicts, int timeoutSeconds, Consumer<String> progress)
            throws IOException {
        long t0 = System.nanoTime();
        return withDesign(netlist, satConflicts, w -> {
            String top = w.flat().topName();
            Run gatesRun = new Run("gate-level flow (synth; abc -g cmos2)", timeoutSeconds, progress);
            Gates g = gates(w.dir(), w.read(), top, "abc -g cmos2 -script gates.abc", gatesRun);
            String ice = yosys(
                    w.dir(),
                    w.read() + "synth_ice40 -top " + top + "; tee -q -o stat.txt stat",
                    "stat.txt",
                    new Run("synth_ice40", timeoutSeconds, progress));
            String xil = yosys(
                    w.dir(),
                    w.read() + "synth_xilinx -top " + top + " -flatten; tee -q -o stat.txt stat",
                    "stat.txt",
                    new Run("synth_xilinx", timeoutSeconds, progress));
            return new Result(g.transistors(), g.levels(), ice40(ice), xilinx(xil), (System.nanoTime() - t0) / 1e9);
        });
    }

    /** A Yosys job's working directory: the flat design written there, the SAT-bounded ABC script beside it. */
    private record Work(Path dir, String read, Netlist flat) {}

    private interface Job<T> {
        T run(Work work) throws IOException;
    }

    /** Runs {@code job} in a fresh directory holding the flat design and {@code gates.abc}, then deletes it. */
    private static <T> T withDesign(Netlist netlist, int satConflicts, Job<T> job) throws IOException {
        String script = gateScript(satConflicts);
        requireYosys();
        Netlist flat = netlist.flatten();
        Path dir = Files.createTempDirectory("shears-yosys-");
        try {
            String read = writeDesign(flat, dir);
            Files.writeString(dir.resolve("gates.abc"), script);
            return job.run(new Work(dir, read, flat));
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The gate-level flow with some memories kept whole, as the SRAM macros they would be: Yosys's
     * {@code synth} up to its fine stage, then {@code memory_map} on every other memory, then the
     * same mapping to gates as {@link #run}. The kept memories are left out of the transistor count,
     * so what is counted is the logic around the macros, the figure {@link
     * Estimator.Asic#logicGateEquivalents} estimates.
     *
     * @param transistors the mapped logic and flip-flops, without the kept memories
     * @param macros      memories Yosys kept unmapped; equal to the names asked for
     */
    public record MacroGates(long transistors, int macros, double seconds) {
        public double gateEquivalents() {
            return transistors / (double) Technology.TRANSISTORS_PER_NAND2;
        }
    }

    public static MacroGates gatesWithMacros(
            Netlist netlist,
            List<String> macroMemories,
            int satConflicts,
            int timeoutSeconds,
            Consumer<String> progress)
            throws IOException {
        long t0 = System.nanoTime();
        StringBuilder others = new StringBuilder("t:$mem_v2");
        macroMemories.forEach(name -> others.append(" c:").append(name).append(" %d"));
        String stat = withDesign(
                netlist,
                satConflicts,
                w -> yosys(
                        w.dir(),
                        w.read() + "synth -top " + w.flat().topName() + " -flatten -run begin:fine; memory_map "
                                + others
                                + "; opt -full; techmap; opt -fast; dfflegalize -cell $_DFF_P_ 01;"
                                + " abc -g cmos2 -script gates.abc; opt_clean; tee -q -o stat.txt stat -tech cmos",
                        "stat.txt",
                        new Run(
                                "gate-level flow with " + macroMemories.size() + " SRAM macros kept",
                                timeoutSeconds,
                                progress)));
        Matcher m =
                Pattern.compile("Estimated number of transistors:\\s+(\\d+)").matcher(stat);
        if (!m.find()) {
            throw new IOException("no transistor count in Yosys output:\n" + firstLines(stat, 40));
        }
        Matcher mems = Pattern.compile("\\$mem_v2\\s+(\\d+)").matcher(stat);
        int kept = mems.find() ? Integer.parseInt(mems.group(1)) : 0;
        if (kept != macroMemories.size()) {
            throw new IOException("Yosys kept " + kept + " memories unmapped, not the " + macroMemories.size()
                    + " SRAM macros " + macroMemories);
        }
        return new MacroGates(Long.parseLong(m.group(1)), kept, (System.nanoTime() - t0) / 1e9);
    }

    /** Transistors and gate levels after the gate-level flow with the given ABC command in place of ours. */
    record Gates(long transistors, int levels) {}

    static Gates gates(Netlist netlist, String abcCommand) throws IOException {
        return withDesign(
                netlist,
                DEFAULT_SAT_CONFLICTS,
                w -> gates(
                        w.dir(),
                        w.read(),
                        w.flat().topName(),
                        abcCommand,
                        new Run("gate-level flow", DEFAULT_TIMEOUT_SECONDS, m -> {})));
    }

    private static Gates gates(Path dir, String read, String top, String abcCommand, Run run) throws IOException {
        String cmos = yosys(
                dir,
                read + "synth -top " + top + " -flatten; dfflegalize -cell $_DFF_P_ 01; " + abcCommand
                        + "; tee -q -o stat.txt stat -tech cmos; tee -q -a stat.txt ltp -noff",
                "stat.txt",
                run);
        Matcher m =
                Pattern.compile("Estimated number of transistors:\\s+(\\d+)").matcher(cmos);
        if (!m.find()) {
            throw new IOException("no transistor count in Yosys output:\n" + cmos);
        }
        Matcher path = Pattern.compile("Longest topological path in \\S+ \\(length=(\\d+)\\)")
                .matcher(cmos);
        return new Gates(Long.parseLong(m.group(1)), path.find() ? Integer.parseInt(path.group(1)) : 0);
    }

    private static void requireYosys() throws IOException {
        if (!ExternalTools.available("yosys")) {
            throw new IOException("yosys is not on the PATH (Debian package: yosys)");
        }
    }

    private static String writeDesign(Netlist flat, Path dir) throws IOException {
        Map<String, String> files = VerilogEmitter.write(flat, dir);
        return "read_verilog " + String.join(" ", files.keySet()) + "; ";
    }

    /** The first {@code n} lines of a tool's output, for an error message. */
    static String firstLines(String text, int n) {
        return text.lines().limit(n).reduce("", (a, b) -> a + b + "\n");
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One Yosys run: what the progress lines call it, how long it may take, where they go. */
    private record Run(String name, int timeoutSeconds, Consumer<String> progress) {}

    private static String yosys(Path dir, String script, String out, Run run) throws IOException {
        run.progress().accept("yosys: " + run.name() + "...");
        ExternalTools.Result r;
        try {
            r = ExternalTools.run(
                    List.of("yosys", "-q", "-p", script),
                    dir,
                    run.timeoutSeconds(),
                    seconds -> run.progress()
                            .accept(String.format(
                                    Locale.ROOT, "yosys: %s still running (%d min)", run.name(), seconds / 60)));
        } catch (IOException e) {
            throw new IOException("yosys " + run.name() + ": " + e.getMessage(), e);
        }
        if (!r.ok()) {
            throw new IOException("yosys " + run.name() + " failed:\n" + firstLines(r.output(), 30));
        }
        return Files.readString(dir.resolve(out));
    }

    private static int sum(String stat, String regex) {
        int n = 0;
        Matcher m = CELL.matcher(stat);
        while (m.find()) {
            if (m.group(1).matches(regex)) {
                n += Integer.parseInt(m.group(2));
            }
        }
        return n;
    }

    static Estimator.Fpga ice40(String stat) {
        return new Estimator.Fpga(
                "ice40",
                4,
                sum(stat, "SB_LUT4"),
                sum(stat, "SB_DFF.*"),
                sum(stat, "SB_CARRY"),
                sum(stat, "SB_RAM40_4K.*"),
                sum(stat, "SB_MAC16"),
                0);
    }

    static Estimator.Fpga xilinx(String stat) {
        return new Estimator.Fpga(
                "xilinx7",
                6,
                sum(stat, "LUT[1-6]"),
                sum(stat, "FD.*"),
                sum(stat, "CARRY4"),
                sum(stat, "RAMB(18|36).*"),
                sum(stat, "DSP48.*"),
                sum(stat, "RAM(32|64|128|256)[MX].*"));
    }
}
