package shears.accelerators.hsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import shears.models.hsi.Preprocess;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Memory;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.rtl.ir.OutputPort;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.Lint;
import shears.rtl.testing.ToolCheck;
import shears.sim.Engines;
import shears.sim.SimOptions;
import shears.sim.Simulator;

/** Skip-FIFO sizing, the refusals of models the pipeline cannot stream, and the emitted Verilog's tools check. */
class StreamPlanTest {
    private static final int[] BANDS = {3, 12, 20, 6};

    private static HsiPipelineTest.Case depth1(
            Map<String, StreamPlan.Fold> folds, Map<String, Integer> fifos, boolean undersized) {
        return HsiPipelineTest.build(8, 1, 4, 16, 8, BANDS, Preprocess.Norm.L1, folds, fifos, undersized, 1);
    }

    /** A depth-2 U-Net with L2 normalisation and a folded first layer: every kind of stage. */
    private static HsiPipelineTest.Case depth2() {
        return HsiPipelineTest.build(
                9,
                2,
                4,
                16,
                8,
                BANDS,
                Preprocess.Norm.L2,
                Map.of("enc0a", new StreamPlan.Fold(2, 3)),
                Map.of(),
                false,
                1);
    }

    @Test
    void sizingRuleFollowsTheRowLag() {
        HsiPipelineTest.Case c = depth1(Map.of(), Map.of(), false);
        StreamPlan.Cat cat = (StreamPlan.Cat) c.plan().stages().stream()
                .filter(s -> s instanceof StreamPlan.Cat)
                .findFirst()
                .orElseThrow();
        // data lag: the bottom's two 3x3 convs need 2 rows at level 1 (4 at level 0) and the pool/upconv rounding 1
        // more: 5 rows;
        // processing delay: bottoma, bottomb and the transposed conv each take a level-1 row time (2 rows at level 0):
        // 6 rows
        assertEquals((5 + 6 + 2) * 16, cat.fifoDepth());
    }

    @Test
    void undersizedSkipFifoIsRefusedAndDeadlocks() {
        StreamException e = assertThrows(StreamException.class, () -> depth1(Map.of(), Map.of("cat0", 16), false));
        assertEquals(
                "layer 'cat0': skip FIFO of 16 pixels is below the 208 the sizing rule needs (row lag 5 + processing delay 6 + 2 rows x "
                        + "width 16)",
                e.getMessage());
        HsiPipelineTest.Case small = depth1(Map.of(), Map.of("cat0", 16), true);
        Netlist flat = PassPipeline.standard()
                .run(HsiRtl.build(small.plan()).netlist())
                .flatten();
        try (Simulator sim = Engines.get("compiled").create(flat, SimOptions.DEFAULT)) {
            IllegalStateException d = assertThrows(
                    IllegalStateException.class,
                    () -> new HsiRun(small.plan(), small.calibration(), small.frames(), 0.0, 1).run(sim, null));
            assertTrue(d.getMessage().contains("deadlock"), d.getMessage());
        }
        HsiPipelineTest.Case sized = depth1(Map.of(), Map.of(), false);
        flat = PassPipeline.standard().run(HsiRtl.build(sized.plan()).netlist()).flatten();
        try (Simulator sim = Engines.get("compiled").create(flat, SimOptions.DEFAULT)) {
            HsiPipelineTest.assertBitExact(
                    sized,
                    new HsiRun(sized.plan(), sized.calibration(), sized.frames(), 0.0, 1).run(sim, null),
                    "compiled");
        }
    }

    @Test
    void foldingThatDoesNotDivideNamesTheLayer() {
        StreamException pe = assertThrows(
                StreamException.class, () -> depth1(Map.of("enc0a", new StreamPlan.Fold(3, 1)), Map.of(), false));
        assertEquals("layer 'enc0a': PE 3 does not divide its 4 outputs", pe.getMessage());
        StreamException simd = assertThrows(
                StreamException.class, () -> depth1(Map.of("head", new StreamPlan.Fold(1, 5)), Map.of(), false));
        assertEquals("layer 'head': SIMD 5 does not divide its fan-in 4", simd.getMessage());
        StreamException unknown = assertThrows(
                StreamException.class, () -> depth1(Map.of("nope", StreamPlan.Fold.SERIAL), Map.of(), false));
        assertEquals("folding names layer 'nope', which the network does not have", unknown.getMessage());
    }

    @Test
    void noPathBetweenRegistersHoldsTwoMultipliers() {
        HsiPipelineTest.Case c = depth2();
        Netlist nl = PassPipeline.standard().run(HsiRtl.build(c.plan()).netlist());
        int withMultipliers = 0;
        for (NetlistModule m : nl.modules()) {
            // multipliers on the longest chain into each net, through combinational cells only
            int[] muls = new int[m.size()];
            for (int net : nl.combOrder(m.name())) {
                Cell cell = m.cell(net);
                for (int i = 0; i < cell.inputCount(); i++) {
                    if (cell.in(i) != Cell.NONE) {
                        muls[net] = Math.max(muls[net], muls[cell.in(i)]);
                    }
                }
                muls[net] += cell.op() == Op.MUL ? 1 : 0;
            }
            int most = 0;
            for (Cell cell : m.cells()) {
                // what a register or a memory port takes in ends a path
                if (cell.op() == Op.REG || cell.op() == Op.MEM_READ) {
                    for (int i = 0; i < cell.inputCount(); i++) {
                        if (cell.in(i) != Cell.NONE) {
                            most = Math.max(most, muls[cell.in(i)]);
                        }
                    }
                }
            }
            for (Memory mem : m.memories()) {
                if (mem.write() != null) {
                    most = Math.max(most, muls[mem.write().data()]);
                }
            }
            for (OutputPort o : m.outputs()) {
                most = Math.max(most, muls[o.net()]);
            }
            assertTrue(most <= 1, m.name() + ": a path through " + most + " multipliers");
            withMultipliers += most;
        }
        // calibration, normalisation (the L2 sum of squares), every convolution, the concatenations' rescaling
        assertTrue(withMultipliers >= 12, withMultipliers + " stages with multipliers");
    }

    @Test
    void emittedPipelineIsLintCleanDeterministicAndAcceptedByYosysAndIcarus() throws IOException {
        HsiPipelineTest.Case c = depth2();
        Netlist nl = PassPipeline.standard().run(HsiRtl.build(c.plan()).netlist());
        HsiPipelineTest.Case again = depth2();
        assertEquals(
                VerilogEmitter.emit(nl),
                VerilogEmitter.emit(
                        PassPipeline.standard().run(HsiRtl.build(again.plan()).netlist())));
        Set<String> ports = VerilogEmitter.emit(nl)
                .get("hsi_pipeline.v")
                .lines()
                .map(l -> l.strip().replaceAll(",$", ""))
                .collect(Collectors.toSet());
        for (String port : List.of(
                "input wire aclk",
                "input wire aresetn",
                "input wire [15:0] s_axis_tdata",
                "input wire s_axis_tvalid",
                "output wire s_axis_tready",
                "input wire m_axis_tready",
                "output wire m_axis_tvalid",
                "output wire [7:0] m_axis_tdata",
                "output wire m_axis_tuser",
                "output wire m_axis_tlast")) {
            assertTrue(ports.contains(port), "Xilinx port naming: " + port);
        }
        int narrowed = 0;
        for (StreamPlan.Stage st : c.plan().stages()) {
            if (st instanceof StreamPlan.Conv conv) {
                long worst = 0;
                for (int o = 0; o < conv.outChannels(); o++) {
                    long sum = Math.abs((long) conv.bias()[o]);
                    for (int j = 0; j < conv.fanIn(); j++) {
                        sum += 128L * Math.abs(conv.weights()[o * conv.fanIn() + j]);
                    }
                    worst = Math.max(worst, sum);
                }
                int bits = ConvUnit.accumulatorBits(conv);
                assertTrue(worst < 1L << (bits - 1) && worst >= 1L << (bits - 2), conv.name() + ": " + bits);
                String v = VerilogEmitter.emit(nl).get("hsi_conv_" + conv.name() + ".v");
                assertTrue(
                        v.contains("reg [" + (bits - 1) + ":0] acc0;"),
                        conv.name() + " accumulator of " + bits + " bits");
                narrowed += bits < 32 ? 1 : 0;
            }
        }
        assertTrue(narrowed > 0, "the test weights leave the accumulators narrower than 32 bits");
        ToolCheck.require("verilator");
        Lint.verilator(nl);
        ToolCheck.require("yosys");
        Lint.yosys(nl, false);
        ToolCheck.require("iverilog");
        Lint.iverilog(nl);
    }
}
