package shears.rtl.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.examples.GoldenNetlistTestAccess;
import shears.rtl.hdl.HdlType;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Signal;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.ToolCheck;

/**
 * The iCE40 Fmax estimate against nextpnr-ice40's post-route Fmax (median of three placement seeds)
 * on built-in designs that fit an HX8K, and the port harness the reference is measured in.
 */
class Ice40PlaceRouteTest {
    private static final AtomicInteger CASES = new AtomicInteger();

    private static Netlist design(String name, String params) {
        return PassPipeline.standard()
                .run(DesignCatalog.get(name)
                        .build(GoldenNetlistTestAccess.params(params))
                        .netlist())
                .flatten();
    }

    /** Bound on |estimate - nextpnr| / nextpnr; README (Estimates) gives the errors measured on every design that fits. */
    static final double FMAX_BOUND = 0.25;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "counter, ''",
        "fir, taps=1",
        "fir, ''",
        "mac-array, ''",
        "wide-alu, width=8",
        "wide-alu, width=16",
        "random, nodes=60",
    })
    void fmaxWithinBoundOfNextpnr(String name, String params) throws IOException {
        ToolCheck.require("yosys");
        ToolCheck.require("nextpnr-ice40");
        Netlist nl = design(name, params);
        Estimator.FpgaTiming t = Estimator.estimate(nl, 45).ice40Timing();
        Ice40PlaceRoute.Result r = Ice40PlaceRoute.run(nl, 3, 600, m -> {});
        assertEquals(3, r.seedFmaxMhz().length);
        assertTrue(
                r.logicCells() > 0 && r.logicCells() <= Ice40PlaceRoute.HX8K_LOGIC_CELLS,
                "logic cells " + r.logicCells());
        double err = Math.abs(t.fmaxMhz() - r.fmaxMhz()) / r.fmaxMhz();
        assertTrue(
                err <= FMAX_BOUND,
                name + " " + params + ": estimate " + t.fmaxMhz() + " MHz (" + t.lutLevels() + " LUTs, " + t.carryBits()
                        + " carry bits) vs nextpnr " + r.fmaxMhz() + " MHz");
        CASES.incrementAndGet();
    }

    @Test
    void harnessRegistersEveryPortBehindThreePins() {
        String v = Ice40PlaceRoute.harness(design("fir", ""));
        // fir: x (8 bits), valid, rst in; y (19 bits) out.
        assertTrue(
                v.contains(
                        "module " + Ice40PlaceRoute.HARNESS + " (input wire clk, input wire sin, output wire sout);"),
                v);
        assertTrue(v.contains("reg [9:0] chain;") && v.contains("chain <= {chain[8:0], sin};"), v);
        assertTrue(v.contains(".clk(clk), .x(chain[7:0]), .valid(chain[8:8]), .rst(chain[9:9]), .y(result[18:0])"), v);
        assertTrue(v.contains("reg [18:0] captured;") && v.contains("assign sout = ^captured;"), v);
        CASES.incrementAndGet();
    }

    @Test
    void combinationalDesignGetsNoClockAndOneInputBitNoConcatenation() {
        ModuleBuilder b = new ModuleBuilder("inv");
        Signal a = b.input("a", HdlType.uint(1));
        b.assign(b.output("y", HdlType.uint(1)), a.not());
        String v = Ice40PlaceRoute.harness(b.build().netlist().flatten());
        assertFalse(v.contains(".clk("), v);
        assertTrue(v.contains("chain <= sin;") && v.contains(".a(chain[0:0]), .y(result[0:0])"), v);
        CASES.incrementAndGet();
    }

    @Test
    void criticalPathCountsTheCarryChainOfAWideCounter() {
        // A 32-bit counter: one carry chain; its slowest path runs along it (nextpnr: 157 MHz on every seed).
        Estimator.FpgaTiming t =
                Estimator.estimate(design("counter", "width=32"), 45).ice40Timing();
        assertTrue(t.carryBits() >= 28, "carry bits on the path: " + t.carryBits());
        assertTrue(t.lutLevels() <= 2, "LUTs on the path: " + t.lutLevels());
        assertEquals(1e3 / t.pathNs(), t.fmaxMhz(), 1e-9);
        CASES.incrementAndGet();
    }

    @AfterAll
    static void allCasesRan() {
        assertEquals(7 + 3, CASES.get(), "cases run");
    }
}
