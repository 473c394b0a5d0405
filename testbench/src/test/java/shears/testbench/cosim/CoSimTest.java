package shears.testbench.cosim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.ToolCheck;
import shears.sim.Engine;
import shears.sim.OutputSink;
import shears.sim.PortLayout;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;

class CoSimTest {
    @BeforeAll
    static void needVerilator() {
        ToolCheck.require("verilator");
    }

    private static Netlist design(String name) {
        return PassPipeline.standard()
                .run(DesignCatalog.get(name).build(Map.of()).netlist());
    }

    @ParameterizedTest
    @ValueSource(strings = {"counter", "fir", "mac-array", "wide-alu"})
    void everyBuiltInDesignPassesWithRegistersCompared(String name) {
        CoSim.Result r = CoSim.run(
                design(name),
                nl -> Engine.COMPILED.create(nl, SimOptions.DEFAULT),
                20_000,
                5,
                new CoSim.Options(true, 16, null));
        assertNull(r.mismatch(), () -> r.mismatch().describe());
        int signals = PortLayout.of(r.netlist().top()).outputs().size();
        assertTrue(
                signals > PortLayout.of(design(name).flatten().top()).outputs().size(), "debug ports were added");
        assertEquals(20_000L * signals, r.comparedValues());
    }

    /** A Java engine that corrupts one output bit in one cycle: test-only fault injection. */
    private static final class FaultyEngine extends shears.sim.AbstractSimulatorDelegate {
        private final long badCycle;
        private final PortLayout.Port port;

        FaultyEngine(Simulator inner, long badCycle, String port) {
            super(inner);
            this.badCycle = badCycle;
            this.port = PortLayout.of(inner.netlist().top()).output(port);
        }

        @Override
        public void run(Stimulus stimulus, OutputSink sink) {
            inner.run(
                    stimulus,
                    sink == null
                            ? null
                            : (c, w) -> {
                                if (c == badCycle) {
                                    w[port.offset()] ^= 1L << 3;
                                }
                                sink.cycle(c, w);
                            });
        }
    }

    @Test
    void injectedFaultIsReportedWithCycleSignalValuesAndVcds(@TempDir Path dir) throws IOException {
        long bad = 20_000; // in the second stimulus chunk
        CoSim.Result r = CoSim.run(
                design("mac-array"),
                nl -> new FaultyEngine(Engine.COMPILED.create(nl, SimOptions.DEFAULT), bad, "acc2"),
                100_000,
                9,
                new CoSim.Options(false, 8, dir));
        CoSim.Mismatch m = r.mismatch();
        assertNotNull(m);
        assertEquals(bad, m.cycle());
        assertEquals("acc2", m.signal());
        assertEquals(m.verilatorValue().xor(BigInteger.valueOf(8)), m.javaValue(), "exactly the injected bit differs");
        assertTrue(m.describe().startsWith("cycle 20000: acc2 java=0x"), m.describe());
        assertTrue(Files.readString(r.report()).contains(m.describe()));
        String jv = Files.readString(r.javaVcd());
        String vv = Files.readString(r.verilatorVcd());
        assertTrue(jv.contains("#" + (bad * 10)) && jv.contains("#" + ((bad - 8) * 10)), "java VCD covers the window");
        assertTrue(!jv.contains("#" + ((bad - 9) * 10) + "\n"), "java VCD starts at the window");
        assertTrue(vv.contains("#" + (bad * 10)), "verilator VCD covers the mismatch cycle");
        assertTrue(vv.contains("acc2"), "verilator VCD names the signal");
    }
}
