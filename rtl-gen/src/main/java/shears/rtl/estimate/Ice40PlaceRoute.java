package shears.rtl.estimate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.OutputPort;
import shears.rtl.util.ExternalTools;

/**
 * Post-route timing on an iCE40 HX8K (ct256) with {@code synth_ice40} and {@code nextpnr-ice40}, the
 * reference for {@link Estimator.FpgaTiming}.
 *
 * <p>The design is placed inside a harness that registers every port: the inputs are one shift
 * register fed from a single pin and the outputs are captured in flip-flops whose XOR drives a single
 * pin. The harness keeps the pin count at three whatever the design's ports (random netlists have
 * several hundred port bits, more than the package's pins) and makes every path the estimate counts,
 * port to port included, a path between flip-flops, which is what nextpnr's clock Fmax measures.
 * Results vary with placement; {@link #run} reports the median of the seeds it is given.
 */
public final class Ice40PlaceRoute {
    /** The harness's module name (not a name Shears gives a design module: those come from the design catalog). */
    static final String HARNESS = "shears_pnr_harness";
    /** Logic cells of the HX8K. */
    public static final int HX8K_LOGIC_CELLS = 7680;
    /** nextpnr's target frequency: steers timing-driven placement; the achieved Fmax is reported either way. */
    static final int TARGET_MHZ = 100;

    private static final Pattern FMAX = Pattern.compile("Max frequency for clock '[^']*': ([0-9.]+) MHz");
    private static final Pattern LOGIC_CELLS = Pattern.compile("ICESTORM_LC:\\s+(\\d+)/\\s*(\\d+)");

    private Ice40PlaceRoute() {}

    /**
     * @param fmaxMhz    median over the seeds of nextpnr's Fmax for the clock after routing
     * @param seedFmaxMhz each seed's Fmax, in seed order
     * @param logicCells logic cells used (design and harness)
     */
    public record Result(double fmaxMhz, double[] seedFmaxMhz, int logicCells, double seconds) {}

    public static boolean available() {
        return ExternalTools.available("yosys") && ExternalTools.available("nextpnr-ice40");
    }

    /**
     * Synthesises the harnessed design once and places and routes it with each seed.
     *
     * @param progress receives a line as each step starts
     */
    public static Result run(Netlist netlist, int seeds, int timeoutSeconds, Consumer<String> progress)
            throws IOException {
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be at least 1: " + seeds);
        }
        for (String tool : List.of("yosys", "nextpnr-ice40")) {
            if (!ExternalTools.available(tool)) {
                throw new IOException(tool + " is not on the PATH (Debian package: " + tool + ")");
            }
        }
        long t0 = System.nanoTime();
        Netlist flat = netlist.flatten();
        Path dir = Files.createTempDirectory("shears-pnr-");
        try {
            Map<String, String> files = VerilogEmitter.write(flat, dir);
            Files.writeString(dir.resolve("harness.v"), harness(flat));
            progress.accept("yosys: synth_ice40 for place and route...");
            ExternalTools.Result y = ExternalTools.run(
                    List.of(
                            "yosys",
                            "-q",
                            "-p",
                            "read_verilog " + String.join(" ", files.keySet()) + " harness.v; synth_ice40 -top "
                                    + HARNESS + " -json design.json"),
                    dir,
                    timeoutSeconds);
            if (!y.ok()) {
                throw new IOException("yosys synth_ice40 failed:\n" + YosysCrossCheck.firstLines(y.output(), 20));
            }
            // Seeds are independent runs of a single-threaded tool: as many at once as there are cores.
            double[] fmax = new double[seeds];
            int[] cells = new int[seeds];
            int parallel = Math.min(seeds, Runtime.getRuntime().availableProcessors());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
            try {
                List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
                for (int s = 1; s <= seeds; s++) {
                    int seed = s;
                    runs.add(pool.submit(() -> {
                        progress.accept(String.format(Locale.ROOT, "nextpnr-ice40: seed %d of %d...", seed, seeds));
                        double[] one = placeAndRoute(dir, seed, timeoutSeconds);
                        fmax[seed - 1] = one[0];
                        cells[seed - 1] = (int) one[1];
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : runs) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof IOException io) {
                            throw io;
                        }
                        throw new IOException(e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            double[] sorted = fmax.clone();
            Arrays.sort(sorted);
            double median = seeds % 2 == 1 ? sorted[seeds / 2] : (sorted[seeds / 2 - 1] + sorted[seeds / 2]) / 2;
            return new Result(median, fmax, cells[0], (System.nanoTime() - t0) / 1e9);
        } finally {
            YosysCrossCheck.deleteTree(dir);
        }
    }

    /** One nextpnr run on the synthesised harness in {@code dir}: {Fmax in MHz, logic cells}. */
    private static double[] placeAndRoute(Path dir, int seed, int timeoutSeconds) throws IOException {
        Path log = dir.resolve("pnr" + seed + ".log");
        ExternalTools.Result r = ExternalTools.run(
                List.of(
                        "nextpnr-ice40",
                        "--hx8k",
                        "--package",
                        "ct256",
                        "--json",
                        "design.json",
                        "--freq",
                        Integer.toString(TARGET_MHZ),
                        "--seed",
                        Integer.toString(seed),
                        "--timing-allow-fail",
                        "-q",
                        "-l",
                        log.getFileName().toString()),
                dir,
                timeoutSeconds);
        String text = Files.exists(log) ? Files.readString(log) : r.output();
        int cells = 0;
        Matcher lc = LOGIC_CELLS.matcher(text);
        while (lc.find()) {
            cells = Integer.parseInt(lc.group(1));
            if (cells > Integer.parseInt(lc.group(2))) {
                throw new IOException("the design does not fit an iCE40 HX8K: " + cells + " logic cells of "
                        + lc.group(2) + " (with the port harness)");
            }
        }
        if (text.contains("no BELs remaining")) {
            throw new IOException("the design does not fit an iCE40 HX8K (" + HX8K_LOGIC_CELLS
                    + " logic cells) with the port harness");
        }
        if (!r.ok()) {
            throw new IOException("nextpnr-ice40 failed:\n"
                    + YosysCrossCheck.firstLines(
                            text.lines().filter(l -> l.startsWith("ERROR")).reduce("", (a, b) -> a + b + "\n")
                                    + r.output(),
                            20));
        }
        double last = Double.NaN;
        Matcher m = FMAX.matcher(text);
        while (m.find()) {
            last = Double.parseDouble(m.group(1)); // the last report is after routing
        }
        if (Double.isNaN(last)) {
            throw new IOException("no clock Fmax in nextpnr-ice40's log");
        }
        return new double[] {last, cells};
    }

    /** Verilog of the harness around the flat design's top module (see the class comment). */
    static String harness(Netlist flat) {
        NetlistModule m = flat.top();
        List<Cell> inputs = m.inputs();
        int inBits = inputs.stream().mapToInt(Cell::width).sum();
        int outBits =
                m.outputs().stream().mapToInt(o -> m.cell(o.net()).width()).sum();
        if (outBits == 0) {
            throw new IllegalArgumentException("module " + m.name() + " has no outputs: nothing to place and route");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("// Place-and-route harness generated by Shears: every port of ")
                .append(m.name())
                .append(" registered.\n");
        sb.append("module ").append(HARNESS).append(" (input wire clk, input wire sin, output wire sout);\n");
        List<String> conns = new ArrayList<>();
        if (flat.needsClock(m.name())) {
            conns.add("." + m.clocking().clock() + "(clk)");
        }
        if (inBits > 0) {
            sb.append("    reg [").append(inBits - 1).append(":0] chain;\n");
            sb.append("    always @(posedge clk) chain <= ")
                    .append(inBits > 1 ? "{chain[" + (inBits - 2) + ":0], sin}" : "sin")
                    .append(";\n");
        }
        int at = 0;
        for (Cell c : inputs) {
            conns.add("." + c.name() + "(chain[" + (at + c.width() - 1) + ":" + at + "])");
            at += c.width();
        }
        sb.append("    wire [").append(outBits - 1).append(":0] result;\n");
        at = 0;
        for (OutputPort o : m.outputs()) {
            int w = m.cell(o.net()).width();
            conns.add("." + o.name() + "(result[" + (at + w - 1) + ":" + at + "])");
            at += w;
        }
        sb.append("    ")
                .append(m.name())
                .append(" design (")
                .append(String.join(", ", conns))
                .append(");\n");
        sb.append("    reg [").append(outBits - 1).append(":0] captured;\n");
        sb.append("    always @(posedge clk) captured <= result;\n");
        sb.append("    assign sout = ^captured;\n");
        sb.append("endmodule\n");
        return sb.toString();
    }
}
