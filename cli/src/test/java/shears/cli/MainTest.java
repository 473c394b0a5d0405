package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import shears.rtl.testing.ToolCheck;
import shears.rtl.util.ExternalTools;

/** The {@code shears} command end to end, in-process. */
class MainTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionPrintsToolVersions() {
        Run r = run("version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("shears "), r.out());
        assertTrue(r.out().contains("verilator "), r.out());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "version",
                "hdl",
                "hdl emit",
                "sim",
                "cosim",
                "fuzz",
                "estimate",
                "compare",
                "bench",
                "bench sim",
                "demo",
                "models",
                "models train-cae",
                "models sweep-cae",
                "models info",
                "logic",
                "logic sweep",
                "logic cec",
                "logic train",
                "logic gen",
                "bench logic",
                "data",
                "data fetch"
            })
    void helpOnEveryCommand(String command) {
        List<String> args = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        Run r = run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Usage: shears"), r.out());
    }

    @Test
    void emitMacArrayWritesLintCleanVerilog(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("v");
        Run r = run("hdl", "emit", "mac-array", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".shears-"))
                    .sorted()
                    .toList();
        }
        assertEquals(List.of("mac_array.v", "pe_d8_a21.v"), files);
        ToolCheck.require("verilator");
        ExternalTools.Result lint = ExternalTools.verilatorLint(out, files, "mac_array");
        assertEquals("", lint.output().strip());
        assertEquals(0, lint.exitCode());
    }

    @Test
    void simJsonIsIdenticalAcrossEnginesExceptTiming() {
        JsonObject a = JsonParser.parseString(run(
                                "sim",
                                "wide-alu",
                                "--param",
                                "width=130",
                                "--cycles",
                                "1000",
                                "--json",
                                "--engine",
                                "interp")
                        .out())
                .getAsJsonObject();
        JsonObject b = JsonParser.parseString(run(
                                "sim",
                                "wide-alu",
                                "--param",
                                "width=130",
                                "--cycles",
                                "1000",
                                "--json",
                                "--engine",
                                "compiled")
                        .out())
                .getAsJsonObject();
        assertEquals("interp", a.get("engine").getAsString());
        assertEquals("compiled", b.get("engine").getAsString());
        for (String k : List.of("engine", "seconds", "cyclesPerSecond")) {
            assertTrue(a.has(k) && b.has(k), k);
            a.remove(k);
            b.remove(k);
        }
        assertEquals(a, b);
        assertEquals(1000, a.get("cycles").getAsLong());
        assertTrue(a.get("toggles").getAsJsonObject().get("total").getAsLong() > 0);
        assertEquals(16, a.get("outputsDigest").getAsString().length());
    }

    @Test
    void simWritesVcd(@TempDir Path dir) throws IOException {
        Path vcd = dir.resolve("w.vcd");
        Run r = run("sim", "counter", "--cycles", "20", "--vcd", vcd.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(vcd);
        assertTrue(text.contains("$var wire 8 ") && text.contains(" cnt [7:0] $end"), text);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> badInputs() {
        return Stream.of(
                        new String[] {"sim", "nosuch", "--cycles", "10"},
                        new String[] {"sim", "counter", "--cycles", "0"},
                        new String[] {"sim", "counter", "--cycles", "-3"},
                        new String[] {"sim", "counter", "--cycles", "ten"},
                        new String[] {"sim", "counter", "--cycles", "10", "--engine", "spice"},
                        new String[] {"sim", "counter", "--cycles", "10", "--param", "width"},
                        new String[] {"sim", "counter", "--cycles", "10", "--param", "depth=3"},
                        new String[] {"sim", "counter", "--cycles", "10", "--param", "width=x"},
                        new String[] {"sim", "counter", "--cycles", "10", "--param", "width=0"},
                        new String[] {"sim", "counter"},
                        new String[] {"sim", "counter", "--cycles", "10", "--engine", "verilator", "--vcd", "OUT"},
                        new String[] {"hdl", "emit", "counter"},
                        new String[] {"hdl", "emit", "fir", "--param", "taps=999", "--out", "OUT"},
                        new String[] {"hdl", "emit", "nosuch", "--out", "OUT"},
                        new String[] {"hdl", "emit", "counter", "--out", "/proc/shears-cannot-write"},
                        new String[] {"cosim", "counter", "--cycles", "0"},
                        new String[] {"cosim", "counter", "--cycles", "10", "--engine", "verilator"},
                        new String[] {"cosim", "nosuch", "--cycles", "10"},
                        new String[] {"fuzz", "--designs", "0"},
                        new String[] {"compare", "--flow", "nosuch", "--out", "OUT"},
                        new String[] {"compare", "--flow", "fir", "--sparsity", "1.0", "--out", "OUT"},
                        new String[] {"compare", "--flow", "fir", "--strategies", "lottery", "--out", "OUT"},
                        new String[] {"compare", "--flow", "fir", "--param", "depth=3", "--out", "OUT"},
                        new String[] {"estimate", "counter", "--node", "7"},
                        new String[] {"estimate", "counter", "--yosys", "--yosys-sat-conflicts", "0"},
                        new String[] {"estimate", "counter", "--yosys", "--yosys-timeout-min", "0"},
                        new String[] {"estimate", "counter", "--engine", "spice"},
                        new String[] {"estimate", "counter", "--nextpnr", "--nextpnr-seeds", "0"},
                        new String[] {"frobnicate"})
                .map(a -> org.junit.jupiter.params.provider.Arguments.of((Object) a));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputGivesOneLineExit2AndNoFiles(String[] args, @TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        String[] a = args.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i].equals("OUT") ? out.toString() : a[i];
        }
        Run r = run(a);
        assertEquals(2, r.code(), String.join(" ", a) + " -> " + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("[")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("shears: error: "), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out), "nothing written for bad input");
    }

    @Test
    void cosimPassesAndVerilatorEngineMatchesJava() {
        ToolCheck.require("verilator");
        Run r = run("cosim", "mac-array", "--cycles", "100000", "--registers", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(j.get("passed").getAsBoolean());
        assertEquals(100000, j.get("cycles").getAsLong());
        JsonObject v = JsonParser.parseString(run("sim", "fir", "--cycles", "5000", "--json", "--engine", "verilator")
                        .out())
                .getAsJsonObject();
        JsonObject c = JsonParser.parseString(
                        run("sim", "fir", "--cycles", "5000", "--json").out())
                .getAsJsonObject();
        assertEquals(c.get("outputsDigest"), v.get("outputsDigest"));
        assertEquals(c.get("finalOutputs"), v.get("finalOutputs"));
        assertTrue(c.getAsJsonObject("toggles").get("total").getAsLong() > 0);
        assertEquals(c.get("toggles"), v.get("toggles"), "Verilator counts the toggles the compiled engine counts");
    }

    @Test
    void compareWritesCsvAndHtml(@TempDir Path dir) throws IOException {
        Run r = run(
                "compare",
                "--flow",
                "fir",
                "--strategies",
                "magnitude,random",
                "--sparsity",
                "0.5,0.75",
                "--out",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(dir.resolve("comparison.csv"));
        assertEquals(5, csv.size(), "header + 4 points");
        assertTrue(
                csv.get(0)
                        .startsWith(
                                "strategy,sparsity,params,cycles,fmaxMhz,fmaxIce40Mhz,areaUm2,lut4,lut6,ff,dsp,powerUw"),
                csv.get(0));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(
                html.contains("<svg ") && html.contains("shears compare --flow fir"), "report with plots and command");
    }

    @Test
    void estimateJsonHasTheDocumentedFields() {
        Run r = run("estimate", "mac-array", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String k : List.of(
                "transistors",
                "gateEquivalents",
                "areaUm2",
                "lut4",
                "lut6",
                "ff",
                "bram",
                "dsp",
                "fmaxMhz",
                "gateLevels",
                "powerUw")) {
            assertTrue(j.has(k), k);
        }
        assertTrue(j.get("powerUw").getAsDouble() > 0);
        assertTrue(j.get("fmaxIce40Mhz").getAsDouble() > 0);
        JsonObject ice = j.getAsJsonObject("ice40Timing");
        // mac-array's slowest iCE40 path starts at its activation RAM and runs through a multiplier's carry chains.
        assertTrue(ice.get("lutLevels").getAsInt() > 0 && ice.get("carryBits").getAsInt() > 0, ice.toString());
        assertEquals(
                1e3 / ice.get("pathNs").getAsDouble(), j.get("fmaxIce40Mhz").getAsDouble(), 1e-9);
    }

    @Test
    void estimateBesideNextpnr() {
        ToolCheck.require("yosys");
        ToolCheck.require("nextpnr-ice40");
        Run r = run("estimate", "fir", "--param", "taps=2", "--nextpnr", "--nextpnr-seeds", "2", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject pnr = j.getAsJsonObject("nextpnr");
        assertEquals(2, pnr.getAsJsonArray("seedFmaxMhz").size());
        double fmax = pnr.get("fmaxMhz").getAsDouble();
        double est = j.get("fmaxIce40Mhz").getAsDouble();
        assertEquals(
                100.0 * (est - fmax) / fmax,
                j.getAsJsonObject("errors").get("fmaxIce40Pct").getAsDouble(),
                1e-9);
        assertTrue(Math.abs(est - fmax) / fmax <= 0.25, est + " MHz vs nextpnr " + fmax);
        assertFalse(j.has("yosys"), "no Yosys figures unless --yosys");
        Run text = run("estimate", "fir", "--param", "taps=2", "--nextpnr", "--nextpnr-seeds", "1");
        assertTrue(
                text.out().contains("iCE40 Fmax MHz") && text.out().contains("reference for iCE40 Fmax: nextpnr-ice40"),
                text.out());
    }

    @Test
    void designTooLargeForTheHx8kIsOneLine() {
        ToolCheck.require("yosys");
        ToolCheck.require("nextpnr-ice40");
        // 32 processing elements: about 9,900 logic cells; nextpnr stops when packing, before placement.
        Run r = run("estimate", "mac-array", "--param", "pes=32", "--nextpnr", "--nextpnr-seeds", "1");
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("[")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(
                lines.get(0)
                        .matches(
                                "shears: error: --nextpnr: the design does not fit an iCE40 HX8K: \\d+ logic cells of 7680 "
                                        + "\\(with the port harness\\)"),
                r.err());
    }

    @Test
    void debugShowsTheStackTrace() {
        Run r = run("sim", "nosuch", "--cycles", "10", "--debug");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void outPathThatIsAFileIsRejected(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Run r = run("hdl", "emit", "counter", "--out", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a directory"), r.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void estimatePowerIsTheSameFromEveryEngine() {
        JsonObject interp = JsonParser.parseString(
                        run("estimate", "fir", "--json", "--engine", "interp").out())
                .getAsJsonObject();
        JsonObject compiled = JsonParser.parseString(
                        run("estimate", "fir", "--json", "--engine", "compiled").out())
                .getAsJsonObject();
        assertTrue(compiled.get("powerUw").getAsDouble() > 0);
        assertEquals(compiled.get("powerUw"), interp.get("powerUw"));
        assertEquals(compiled.get("powerBreakdownUw"), interp.get("powerBreakdownUw"));
        ToolCheck.require("verilator");
        Run v = run("estimate", "fir", "--json", "--engine", "verilator");
        assertEquals(0, v.code(), v.err());
        JsonObject verilator = JsonParser.parseString(v.out()).getAsJsonObject();
        assertEquals(compiled.get("powerUw"), verilator.get("powerUw"));
        assertEquals(
                "verilator", verilator.getAsJsonObject("activity").get("engine").getAsString());
        assertEquals(
                compiled.getAsJsonObject("activity").get("toggles"),
                verilator.getAsJsonObject("activity").get("toggles"));
        assertEquals(compiled.get("powerByModuleUw"), verilator.get("powerByModuleUw"));
    }

    @Test
    void longCriticalPathsAreElidedInTheMiddle() {
        List<String> path =
                java.util.stream.IntStream.range(0, 20).mapToObj(i -> "c" + i).toList();
        String text = EstimateCommand.shortPath(path);
        assertTrue(
                text.startsWith("c0 -> c1 ") && text.endsWith(" -> c18 -> c19") && text.contains("... 4 more"), text);
        assertFalse(text.contains("c8 ") || text.contains("c11 "), text);
        assertEquals("c0 -> c1", EstimateCommand.shortPath(List.of("c0", "c1")));
    }

    @Test
    void demoRunsEndToEnd(@TempDir Path dir) throws IOException {
        Run r = run("demo", "--out", dir.toString(), "--cycles", "2000");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("every engine agrees"), r.out());
        JsonObject summary = JsonParser.parseString(Files.readString(dir.resolve("summary.json")))
                .getAsJsonObject();
        assertTrue(summary.get("ok").getAsBoolean());
        assertEquals(5, summary.getAsJsonArray("designs").size());
        assertTrue(Files.exists(dir.resolve("verilog/mac-array/mac_array.v")));
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<svg "));
        assertEquals(
                10, Files.readAllLines(dir.resolve("comparison.csv")).size(), "header + 3 strategies x 3 sparsities");
        assertEquals(
                10,
                Files.readAllLines(dir.resolve("logicnet-comparison.csv")).size(),
                "header + 3 logic strategies x 3 budgets");
        assertTrue(Files.readString(dir.resolve("logicnet-report.html")).contains("<svg"));
        JsonObject hsi = JsonParser.parseString(Files.readString(dir.resolve("hsi.json")))
                .getAsJsonObject();
        assertTrue(hsi.get("bitExact").getAsBoolean(), "the HSI pipeline's labels equal the golden model's");
        assertTrue(r.out().contains("HSI streaming pipeline"), r.out());
        assertTrue(javax.imageio.ImageIO.read(dir.resolve("hsi-hardware.png").toFile())
                        .getWidth()
                > 32 * 8);
    }
}
