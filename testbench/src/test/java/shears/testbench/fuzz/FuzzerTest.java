package shears.testbench.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.rtl.examples.RandomDesign;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.ToolCheck;
import shears.sim.Engine;
import shears.sim.PortLayout;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;
import shears.sim.bits.WideBits;

/** A modest slice of the differential fuzzer, and its Icarus third opinion on its own. */
class FuzzerTest {
    @BeforeAll
    static void needTools() {
        ToolCheck.require("verilator");
        ToolCheck.require("iverilog");
    }

    @Test
    void fuzzSliceFindsNoMismatch(@TempDir java.nio.file.Path out) throws IOException {
        List<String> progress = new ArrayList<>();
        Fuzzer.Report r = Fuzzer.run(new Fuzzer.Options(2026, 4, 1500, out, true), progress::add);
        assertEquals(List.of(), r.findings());
        assertEquals(4, r.designs());
        assertEquals(4, progress.size());
        assertTrue(
                r.comparedValues() >= 4L * 2 * 1500 * 8, "every output of every cycle compared: " + r.comparedValues());
    }

    @Test
    void icarusAgreesOnEveryDefinedValueOfASmallDesignWithMemories(@TempDir java.nio.file.Path icarusDir)
            throws IOException {
        Netlist nl = PassPipeline.standard()
                .run(RandomDesign.build(60, 200, 17, 2).netlist())
                .flatten();
        assertTrue(nl.top().memories().size() >= 1);
        Stimulus stim = Stimulus.random(nl, 400, 3, 0.05);
        PortLayout layout = PortLayout.of(nl.top());
        List<long[]> javaOut = new ArrayList<>();
        try (Simulator s = Engine.COMPILED.create(nl, SimOptions.DEFAULT)) {
            s.run(stim, (c, w) -> javaOut.add(w.clone()));
        }
        IcarusRunner.Trace t = IcarusRunner.run(nl, stim, icarusDir);
        assertEquals(400, t.outputs().size());
        int defined = 0;
        for (int c = 0; c < 400; c++) {
            for (int k = 0; k < layout.outputs().size(); k++) {
                PortLayout.Port p = layout.outputs().get(k);
                BigInteger iv = t.outputs().get(c)[k];
                if (iv != null) {
                    long[] w = javaOut.get(c);
                    long[] words = java.util.Arrays.copyOfRange(w, p.offset(), p.offset() + p.words());
                    assertEquals(WideBits.toBig(words), iv, "cycle " + c + " " + p.name());
                    defined++;
                }
            }
        }
        assertEquals(400 * layout.outputs().size(), defined, "with state initialised to 0 nothing is X");
    }

    /** Test-only fault: flips bit 0 of the first output from cycle 7 on. */
    private static Simulator faulty(Netlist nl) {
        Simulator inner = Engine.COMPILED.create(nl, SimOptions.DEFAULT);
        return new shears.sim.AbstractSimulatorDelegate(inner) {
            @Override
            public void run(Stimulus s, shears.sim.OutputSink sink) {
                inner.run(
                        s,
                        sink == null
                                ? null
                                : (c, w) -> {
                                    if (c >= 7) {
                                        w[0] ^= 1;
                                    }
                                    sink.cycle(c, w);
                                });
            }
        };
    }

    @Test
    void aBrokenEngineIsCaughtAndShrunkToASmallReproducer(@TempDir java.nio.file.Path out) throws IOException {
        Fuzzer.Report r = Fuzzer.run(new Fuzzer.Options(7, 1, 50, out, false, FuzzerTest::faulty), msg -> {});
        assertEquals(1, r.findings().size());
        Fuzzer.Finding f = r.findings().get(0);
        assertEquals("engines", f.check());
        assertTrue(f.detail().startsWith("cycle 7: out0 interp=0x"), f.detail());
        assertEquals(1, f.params().nodes(), "shrunk while the disagreement persists: " + f.params());
        assertTrue(Files.exists(f.reproducer().resolve("README.txt")));
        try (var files = Files.list(f.reproducer())) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".v")), "reproducer Verilog written");
        }
    }

    @Test
    void firstDifferenceNamesCycleSignalAndBothValues() {
        Netlist nl = RandomDesign.build(10, 8, 1).netlist().flatten();
        PortLayout layout = PortLayout.of(nl.top());
        long[] a = new long[3 * layout.outputWords()];
        long[] b = a.clone();
        b[2 * layout.outputWords() + layout.outputs().get(1).offset()] = 5;
        assertNull(Fuzzer.firstDifference(layout, a, a.clone(), "x", "y"));
        assertEquals("cycle 2: out1 x=0x0 y=0x5", Fuzzer.firstDifference(layout, a, b, "x", "y"));
    }
}
