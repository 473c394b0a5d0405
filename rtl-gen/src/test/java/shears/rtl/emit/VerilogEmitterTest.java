package shears.rtl.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.examples.DesignSpec;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.Lint;

/** Every built-in design at its parameter corners is lint-clean, accepted by Yosys and Icarus, and deterministic. */
class VerilogEmitterTest {
    /** Parameter corners of every built-in design (widths 1, 63, 64, 65, 128, 200 among them). */
    static List<Arguments> corners() {
        List<Arguments> a = new ArrayList<>();
        for (String w : List.of("1", "8", "63", "64", "65", "128", "200")) {
            a.add(Arguments.of("counter", Map.of("width", w)));
        }
        a.add(Arguments.of("fir", Map.of("taps", "1")));
        a.add(Arguments.of("fir", Map.of("taps", "8")));
        a.add(Arguments.of("fir", Map.of("taps", "33", "width", "16", "coeffWidth", "12")));
        a.add(Arguments.of("fir", Map.of("taps", "4", "width", "64", "coeffWidth", "32")));
        a.add(Arguments.of("mac-array", Map.of()));
        a.add(Arguments.of("mac-array", Map.of("pes", "1", "width", "2", "depth", "2")));
        a.add(Arguments.of("mac-array", Map.of("pes", "8", "width", "16", "depth", "20")));
        a.add(Arguments.of("mac-array", Map.of("pes", "2", "width", "32", "depth", "64")));
        a.add(Arguments.of("mac-array", Map.of("axi", "1")));
        for (String w : List.of("1", "2", "63", "64", "65", "128", "200")) {
            a.add(Arguments.of("wide-alu", Map.of("width", w)));
        }
        for (int seed = 1; seed <= 4; seed++) {
            a.add(Arguments.of(
                    "random", Map.of("nodes", "400", "maxWidth", seed % 2 == 0 ? "200" : "64", "seed", "" + seed)));
        }
        return a;
    }

    static Stream<Arguments> cornersBothPipelines() {
        List<Arguments> out = new ArrayList<>();
        for (Arguments a : corners()) {
            out.add(Arguments.of(a.get()[0], a.get()[1], true));
            out.add(Arguments.of(a.get()[0], a.get()[1], false));
        }
        return out.stream();
    }

    private static Netlist build(String design, Map<String, String> params, boolean optimise) {
        Netlist raw = DesignCatalog.get(design).build(params).netlist();
        return optimise ? PassPipeline.standard().run(raw) : raw;
    }

    private static final AtomicInteger LINTED = new AtomicInteger();

    @ParameterizedTest(name = "{0} {1} optimised={2}")
    @MethodSource("cornersBothPipelines")
    void verilatorWallPrintsNothing(String design, Map<String, String> params, boolean optimise) throws IOException {
        Lint.verilator(build(design, params, optimise));
        LINTED.incrementAndGet();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corners")
    void iverilogAccepts(String design, Map<String, String> params) throws IOException {
        Lint.iverilog(build(design, params, true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corners")
    void yosysReadsAndElaborates(String design, Map<String, String> params) throws IOException {
        Lint.yosys(build(design, params, true), false);
    }

    @Test
    void yosysSynthesisesEveryDefaultDesign() throws IOException {
        int n = 0;
        for (DesignSpec d : DesignCatalog.all()) {
            Map<String, String> p = d.name().equals("wide-alu")
                    ? Map.of("width", "65")
                    : d.name().equals("random") ? Map.of("nodes", "300") : Map.of();
            Lint.yosys(build(d.name(), p, true), true);
            n++;
        }
        assertEquals(DesignCatalog.all().size(), n);
    }

    @Test
    void outputIsByteIdenticalAcrossIndependentBuilds(@TempDir Path tmp) throws IOException {
        for (Arguments a : corners()) {
            String design = (String) a.get()[0];
            @SuppressWarnings("unchecked")
            Map<String, String> p = (Map<String, String>) a.get()[1];
            Map<String, String> first = VerilogEmitter.emit(build(design, p, true));
            Map<String, String> second = VerilogEmitter.emit(build(design, p, true));
            assertEquals(first, second, design + " " + p);
        }
        // And through the file writer: same bytes on disk.
        Netlist nl = build("mac-array", Map.of(), true);
        Path d1 = tmp.resolve("emit1");
        Path d2 = tmp.resolve("emit2");
        VerilogEmitter.write(nl, d1);
        VerilogEmitter.write(build("mac-array", Map.of(), true), d2);
        for (String f : VerilogEmitter.emit(nl).keySet()) {
            assertEquals(-1L, Files.mismatch(d1.resolve(f), d2.resolve(f)), f);
        }
    }

    /** Regression: a 100k-cell design put 40000+ names on one line and Verilator refused the file. */
    @Test
    void longListsAreWrappedSoToolsAcceptThem() {
        Map<String, String> files = VerilogEmitter.emit(build("random", Map.of("nodes", "4000"), true));
        int longest = files.values().stream()
                .flatMap(String::lines)
                .mapToInt(String::length)
                .max()
                .orElse(0);
        assertTrue(longest < 500, "longest line " + longest);
        assertTrue(files.values().iterator().next().contains("_unused_ok = &{1'b0,\n"), "the unused sink spans lines");
    }

    @Test
    void oneFilePerModuleNamedAfterIt() {
        Map<String, String> files = VerilogEmitter.emit(build("mac-array", Map.of("pes", "3"), true));
        assertEquals(2, files.size(), files.keySet().toString());
        for (Map.Entry<String, String> e : files.entrySet()) {
            String module = e.getKey().substring(0, e.getKey().length() - 2);
            assertTrue(e.getValue().contains("module " + module + " ("), e.getKey());
        }
        assertTrue(files.get("mac_array.v").contains("u_pe2 ("));
    }

    @Test
    void builderNamesArePreserved() {
        String v = VerilogEmitter.emit(build("mac-array", Map.of(), true)).get("mac_array.v");
        for (String name : List.of(
                "reg [3:0] idx;", "reg valid_d;", "act_rd", "w0_rd", "input wire we", "output wire [20:0] acc0")) {
            assertTrue(v.contains(name), name);
        }
        Map<String, String> flat =
                VerilogEmitter.emit(build("mac-array", Map.of(), true).flatten());
        assertTrue(flat.get("mac_array.v").contains("u_pe0__acc_q"), "flattened names keep the hierarchy path");
    }

    @Test
    void axiClockingNamesTheTopsPortsAndDrivesTheChildrenFromThem() {
        Map<String, String> files = VerilogEmitter.emit(build("mac-array", Map.of("axi", "1"), true));
        String top = files.get("mac_array.v");
        for (String text : List.of(
                "input wire aclk,", "input wire aresetn,", "always @(posedge aclk)", ".clk(aclk)", "= ~aresetn;")) {
            assertTrue(top.contains(text), text);
        }
        assertTrue(!top.contains("posedge clk") && !top.contains("input wire clk"), top);
        String pe = files.entrySet().stream()
                .filter(e -> e.getKey().startsWith("pe_"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow();
        assertTrue(pe.contains("input wire clk,") && pe.contains("input wire rst,"), "the PEs keep clk and rst");
    }

    @Test
    void noLintPragmasAreEmitted() {
        Map<String, String> all = new LinkedHashMap<>();
        for (Arguments a : corners()) {
            @SuppressWarnings("unchecked")
            Map<String, String> p = (Map<String, String>) a.get()[1];
            all.putAll(VerilogEmitter.emit(build((String) a.get()[0], p, false)));
        }
        for (Map.Entry<String, String> e : all.entrySet()) {
            assertTrue(!e.getValue().contains("lint_off"), e.getKey());
        }
        assertTrue(all.size() >= 5);
    }
}
