package shears.accelerators.hsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.models.hsi.Preprocess;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.ToolCheck;
import shears.sim.Engines;
import shears.sim.SimOptions;
import shears.sim.Simulator;

/** The generated pipeline's labels equal the golden model's on every engine under random stalls. */
class HsiRtlTest {
    private static final AtomicInteger CASES = new AtomicInteger();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("depth 1, serial, L1", "interp", 1, 8, Preprocess.Norm.L1, Map.of(), 0.3),
                Arguments.of("depth 1, serial, L1", "compiled", 1, 8, Preprocess.Norm.L1, Map.of(), 0.3),
                Arguments.of("depth 1, serial, L1", "verilator", 1, 8, Preprocess.Norm.L1, Map.of(), 0.3),
                Arguments.of(
                        "depth 2, folded, L2",
                        "compiled",
                        2,
                        8,
                        Preprocess.Norm.L2,
                        Map.of(
                                "enc0a",
                                new StreamPlan.Fold(2, 3),
                                "dec0b",
                                new StreamPlan.Fold(4, 9),
                                "up1",
                                new StreamPlan.Fold(8, 4)),
                        0.3),
                Arguments.of("depth 2, max norm, no stalls", "compiled", 2, 8, Preprocess.Norm.MAX, Map.of(), 0.0),
                Arguments.of(
                        "depth 1, no norm",
                        "interp",
                        1,
                        8,
                        Preprocess.Norm.NONE,
                        Map.of("head", new StreamPlan.Fold(4, 2)),
                        0.5),
                Arguments.of(
                        "depth 1, int4 weights",
                        "compiled",
                        1,
                        4,
                        Preprocess.Norm.L1,
                        Map.of("enc0b", new StreamPlan.Fold(2, 6)),
                        0.3));
    }

    @ParameterizedTest(name = "{0} on {1}, {3}-bit weights")
    @MethodSource("cases")
    void labelsEqualGolden(
            String name,
            String engine,
            int depth,
            int bits,
            Preprocess.Norm norm,
            Map<String, StreamPlan.Fold> folds,
            double stall) {
        if (engine.equals("verilator")) {
            ToolCheck.require("verilator");
        }
        HsiPipelineTest.Case c = HsiPipelineTest.build(
                7 + depth, depth, 4, 16, 8, new int[] {3, 12, 20, 6}, norm, folds, Map.of(), false, 2, bits);
        Netlist flat =
                PassPipeline.standard().run(HsiRtl.build(c.plan()).netlist()).flatten();
        try (Simulator sim = Engines.get(engine).create(flat, SimOptions.DEFAULT)) {
            HsiRun.Result r = new HsiRun(c.plan(), c.calibration(), c.frames(), stall, 5).run(sim, null);
            HsiPipelineTest.assertBitExact(c, r, engine);
            assertTrue(r.latencyCycles() > 0);
            HsiRun.Result model =
                    new HsiRun(c.plan(), c.calibration(), c.frames(), stall, 5).run(new PipelineModel(c.plan()), null);
            assertEquals(r.cycles(), model.cycles(), engine + ": cycles, RTL against the cycle model");
            assertEquals(r.latencyCycles(), model.latencyCycles(), engine + ": latency");
            assertEquals(r.frameIntervalCycles(), model.frameIntervalCycles(), engine + ": frame interval");
            assertEquals(r.firstLabelCycles(), model.firstLabelCycles(), engine + ": first label");
            assertEquals(r.fifoMaxOccupancy(), model.fifoMaxOccupancy(), engine + ": skip-FIFO occupancy");
        }
        CASES.incrementAndGet();
    }

    @AfterAll
    static void allRan() {
        assertEquals(7, CASES.get(), "pipeline cases run");
    }
}
