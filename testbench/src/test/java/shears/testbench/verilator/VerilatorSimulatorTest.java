package shears.testbench.verilator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.testing.ToolCheck;
import shears.sim.Engine;
import shears.sim.OutputDigest;
import shears.sim.PortLayout;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;

/** Verilator as the third engine: same outputs every cycle as both Java engines, and the port API. */
class VerilatorSimulatorTest {
    private static final int CYCLES = 100_000;
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final AtomicInteger TOGGLE_CASES = new AtomicInteger();

    record Case(String design, Map<String, String> params) {
        Netlist netlist() {
            return PassPipeline.standard()
                    .run(DesignCatalog.get(design).build(params).netlist());
        }

        @Override
        public String toString() {
            return design + params;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("counter", Map.of()),
                new Case("counter", Map.of("width", "65")),
                new Case("fir", Map.of()),
                new Case("mac-array", Map.of()),
                new Case("mac-array", Map.of("pes", "3", "width", "16", "depth", "20")),
                new Case("mac-array", Map.of("axi", "1")),
                new Case("wide-alu", Map.of()),
                new Case("wide-alu", Map.of("width", "200")),
                new Case("random", Map.of("nodes", "300", "maxWidth", "64", "seed", "1")),
                new Case("random", Map.of("nodes", "300", "maxWidth", "200", "seed", "2")));
    }

    /** Narrow, 65-bit and 130-bit to 200-bit nets, registers, memories and multipliers. */
    static List<Case> toggleCases() {
        return List.of(
                new Case("counter", Map.of("width", "65")),
                new Case("fir", Map.of()),
                new Case("mac-array", Map.of("pes", "3", "width", "16", "depth", "20")),
                new Case("wide-alu", Map.of()),
                new Case("random", Map.of("nodes", "300", "maxWidth", "200", "seed", "2")));
    }

    @BeforeAll
    static void needVerilator() {
        ToolCheck.require("verilator");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verilatorMatchesJavaEnginesOver100kCycles(Case c) {
        Netlist nl = c.netlist();
        Stimulus stim = Stimulus.random(nl.flatten(), CYCLES, 99, 0.01);
        String expected = null;
        for (Engine e : Engine.values()) {
            try (Simulator sim = e.create(nl, SimOptions.DEFAULT)) {
                OutputDigest d = new OutputDigest();
                sim.run(stim, d);
                expected = expected == null ? d.hex() : expected;
                assertEquals(expected, d.hex(), e.cliName());
            }
        }
        try (VerilatorSimulator v = new VerilatorSimulator(nl)) {
            OutputDigest d = new OutputDigest();
            v.run(stim, d);
            assertEquals(CYCLES, d.cycles());
            assertEquals(expected, d.hex(), "verilator vs java on " + c);
        }
        CASES.incrementAndGet();
    }

    /**
     * Toggle counts from inside the Verilated model equal the Java engines' net for net, over a batched
     * run and then single steps after pokes (both sampling paths of the wrapper).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("toggleCases")
    void verilatorCountsTheSameTogglesAsJavaEngines(Case c) {
        Netlist nl = c.netlist();
        Netlist flat = nl.flatten();
        Stimulus stim = Stimulus.random(flat, 5_000, 7, 0.01);
        PortLayout.Port first = PortLayout.of(flat.top()).inputs().get(0);
        List<Simulator> engines = new java.util.ArrayList<>();
        try {
            engines.add(Engine.COMPILED.create(nl, SimOptions.WITH_TOGGLES));
            engines.add(Engine.INTERP.create(nl, SimOptions.WITH_TOGGLES));
            engines.add(new VerilatorSimulator(nl, SimOptions.WITH_TOGGLES));
            for (Simulator s : engines) {
                s.run(stim, null);
                s.poke(first.name(), BigInteger.ONE.shiftLeft(first.width()).subtract(BigInteger.ONE));
                s.step(3);
                s.poke(first.name(), 0);
                s.step();
            }
            shears.sim.ToggleCounts expected = engines.get(0).toggles();
            assertEquals(5_004, expected.samples());
            assertTrue(expected.total() > 0, "no activity in " + c);
            for (Simulator s : engines.subList(1, engines.size())) {
                shears.sim.ToggleCounts t = s.toggles();
                assertEquals(expected.samples(), t.samples(), s.engine());
                for (int i = 0; i < flat.top().size(); i++) {
                    int net = i;
                    assertEquals(
                            expected.net(i),
                            t.net(i),
                            () -> s.engine() + " toggles of net "
                                    + shears.rtl.emit.VerilogEmitter.netName(flat.top(), net) + " in " + c);
                }
            }
        } finally {
            engines.forEach(Simulator::close);
        }
        TOGGLE_CASES.incrementAndGet();
    }

    @Test
    void pokePeekStepAndResetMatchJava() {
        Netlist nl = new Case("wide-alu", Map.of()).netlist();
        try (VerilatorSimulator v = new VerilatorSimulator(nl);
                Simulator j = Engine.COMPILED.create(nl, SimOptions.DEFAULT)) {
            BigInteger a = BigInteger.ONE.shiftLeft(129).add(BigInteger.valueOf(12345));
            BigInteger b = BigInteger.ONE.shiftLeft(100).subtract(BigInteger.ONE);
            for (Simulator s : List.of(v, j)) {
                s.reset();
                s.poke("a", a);
                s.poke("b", b);
                s.poke("op", 2);
                s.step(3);
            }
            for (PortLayout.Port p : PortLayout.of(nl.flatten().top()).outputs()) {
                assertEquals(j.peekBig(p.name()), v.peekBig(p.name()), p.name());
            }
            assertEquals(a.multiply(b), v.peekBig("result_q"));
            assertEquals(4, v.cycle());
            assertThrows(IllegalArgumentException.class, () -> v.poke("op", 8));
            assertThrows(IllegalStateException.class, v::toggles);
        }
    }

    @Test
    void anAxiTopIsClockedOnAclkAndResetByAresetnLow() {
        Netlist nl = new Case("mac-array", Map.of("axi", "1")).netlist();
        try (VerilatorSimulator v = new VerilatorSimulator(nl);
                Simulator j = Engine.COMPILED.create(nl, SimOptions.DEFAULT)) {
            for (Simulator s : List.of(v, j)) {
                s.reset();
                s.poke("we", 1);
                s.poke("waddr", 0);
                s.poke("wdata", 3);
                s.step();
                s.poke("we", 0);
                s.poke("run", 1);
                s.step(20);
                s.poke("aresetn", 0);
                s.step();
            }
            for (PortLayout.Port p : PortLayout.of(nl.flatten().top()).outputs()) {
                assertEquals(j.peekBig(p.name()), v.peekBig(p.name()), p.name());
            }
            assertEquals(0, v.peek("done"), "reset returned the address counter to 0");
            assertEquals(23, v.cycle());
        }
    }

    @Test
    void severalModelsOfTheSameDesignAreIndependent() {
        Netlist nl = new Case("counter", Map.of()).netlist();
        try (VerilatorSimulator a = new VerilatorSimulator(nl);
                VerilatorSimulator b = new VerilatorSimulator(nl)) {
            a.reset();
            b.reset();
            a.poke("en", 1);
            b.poke("en", 1);
            a.step(5);
            b.step(9);
            assertEquals(5, a.peek("count"));
            assertEquals(9, b.peek("count"));
        }
    }

    @Test
    void tracedBuildWritesVcd(@TempDir Path tmp) throws Exception {
        Netlist nl = new Case("counter", Map.of()).netlist();
        Path vcd = tmp.resolve("verilator.vcd");
        try (VerilatorSimulator v = new VerilatorSimulator(nl, true)) {
            v.traceVcd(vcd);
            v.reset();
            v.poke("en", 1);
            v.step(10);
            v.traceVcd(null);
        }
        String text = Files.readString(vcd);
        assertTrue(
                text.contains("$enddefinitions") && text.contains("cnt"),
                text.substring(0, Math.min(300, text.length())));
    }

    @AfterAll
    static void allRan() {
        assertEquals(cases().size(), CASES.get());
        assertEquals(toggleCases().size(), TOGGLE_CASES.get());
    }
}
