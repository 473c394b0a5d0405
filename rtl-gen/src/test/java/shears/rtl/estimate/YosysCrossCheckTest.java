package shears.rtl.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.examples.GoldenNetlistTestAccess;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.ToolCheck;

/**
 * The cross-check's gate-level flow is Yosys's own {@code abc -g cmos2} with the SAT effort of
 * {@code &fraig -x} bounded: on designs where Yosys's default finishes, both give the same netlist size.
 */
class YosysCrossCheckTest {
    private static final AtomicInteger CASES = new AtomicInteger();

    @TempDir
    Path tmp;

    private static Netlist design(String name, String params) {
        return PassPipeline.standard()
                .run(DesignCatalog.get(name)
                        .build(GoldenNetlistTestAccess.params(params))
                        .netlist());
    }

    private String scriptFile(int satConflicts) throws IOException {
        Path f = tmp.resolve("c" + satConflicts + ".abc");
        Files.writeString(f, YosysCrossCheck.gateScript(satConflicts));
        return f.toAbsolutePath().toString();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"fir, taps=16", "mac-array, ''", "wide-alu, width=16"})
    void boundedScriptGivesYosysDefaultResult(String name, String params) throws IOException {
        ToolCheck.require("yosys");
        Netlist nl = design(name, params);
        YosysCrossCheck.Gates yosysDefault = YosysCrossCheck.gates(nl, "abc -g cmos2");
        YosysCrossCheck.Gates bounded =
                YosysCrossCheck.gates(nl, "abc -g cmos2 -script " + scriptFile(YosysCrossCheck.DEFAULT_SAT_CONFLICTS));
        assertEquals(yosysDefault, bounded, name + " " + params);
        CASES.incrementAndGet();
    }

    @Test
    void satEffortReachesAbc() throws IOException {
        ToolCheck.require("yosys");
        // At 1,000 conflicts fraig gives up on equivalences in the PE adders that the default proves
        // (Yosys 0.23: 35,742 transistors against 35,376), so the script's limit is what ABC runs.
        Netlist nl = design("mac-array", "");
        assertNotEquals(
                YosysCrossCheck.gates(nl, "abc -g cmos2").transistors(),
                YosysCrossCheck.gates(nl, "abc -g cmos2 -script " + scriptFile(1000))
                        .transistors());
        CASES.incrementAndGet();
    }

    /**
     * With the RAMs kept as macros, Yosys counts the logic around them: less than the whole design,
     * and what the estimator's {@code logicGateEquivalents} estimates.
     */
    @Test
    void sramMacrosAreKeptOutOfTheGateCount() throws IOException {
        ToolCheck.require("yosys");
        Netlist nl = design("mac-array", "depth=128");
        Estimator.Estimate e = Estimator.estimate(nl, 65);
        List<String> macros = e.memories().stream()
                .filter(m -> m.kind() == MemoryCost.Kind.SRAM_MACRO)
                .map(MemoryCost::name)
                .toList();
        assertEquals(1, macros.size(), "mac-array's 128 x 8 activation RAM is an SRAM macro");
        YosysCrossCheck.MacroGates kept =
                YosysCrossCheck.gatesWithMacros(nl, macros, YosysCrossCheck.DEFAULT_SAT_CONFLICTS, 600, m -> {});
        YosysCrossCheck.Gates whole =
                YosysCrossCheck.gates(nl, "abc -g cmos2 -script " + scriptFile(YosysCrossCheck.DEFAULT_SAT_CONFLICTS));
        assertEquals(1, kept.macros());
        assertTrue(
                kept.transistors() < whole.transistors() / 2,
                kept.transistors() + " transistors with macros vs " + whole.transistors() + " without");
        double errPct = 100 * (e.asic().logicGateEquivalents() / kept.gateEquivalents() - 1);
        assertTrue(Math.abs(errPct) < 25, "estimated logic GE off Yosys's by " + errPct + " %");
        CASES.incrementAndGet();
    }

    @Test
    void satEffortMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> YosysCrossCheck.gateScript(0));
        CASES.incrementAndGet();
    }

    @AfterAll
    static void allRan() {
        assertEquals(6, CASES.get());
    }
}
