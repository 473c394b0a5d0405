package shears.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import shears.rtl.ir.Netlist;
import shears.rtl.testing.ReferenceSim;
import shears.sim.bits.WideBits;

/**
 * Both engines agree on every output of every cycle, on toggles and on final state over 10^5 cycles
 * of random stimulus (with random resets) on every design corner; and both match the naive
 * BigInteger reference simulator cycle by cycle.
 */
class EngineParityTest {
    private static final int CYCLES = 100_000;
    private static final int REFERENCE_CYCLES = 2_000;
    private static final AtomicInteger PARITY_CASES = new AtomicInteger();
    private static final AtomicInteger REFERENCE_CASES = new AtomicInteger();

    static List<Designs.Case> cases() {
        return Designs.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void enginesAgreeOver100kCycles(Designs.Case c) {
        Netlist nl = c.netlist();
        Stimulus stim = Stimulus.random(nl, CYCLES, 42, 0.01);
        List<Object[]> results = new ArrayList<>();
        for (Engine e : Engine.values()) {
            try (Simulator sim = e.create(nl, SimOptions.WITH_TOGGLES)) {
                OutputDigest d = new OutputDigest();
                sim.run(stim, d);
                assertEquals(CYCLES, d.cycles());
                assertEquals(CYCLES, sim.cycle());
                List<BigInteger> finals = new ArrayList<>();
                for (PortLayout.Port p : PortLayout.of(nl.top()).outputs()) {
                    finals.add(sim.peekBig(p.name()));
                }
                results.add(new Object[] {d.hex(), sim.toggles(), finals});
            }
        }
        assertEquals(results.get(0)[0], results.get(1)[0], "output digest");
        assertEquals(results.get(0)[1], results.get(1)[1], "toggle counts");
        assertEquals(results.get(0)[2], results.get(1)[2], "final outputs");
        PARITY_CASES.incrementAndGet();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void enginesMatchReferenceSimulatorEveryCycle(Designs.Case c) {
        Netlist nl = c.netlist();
        Stimulus stim = Stimulus.random(nl, REFERENCE_CYCLES, 7, 0.02);
        PortLayout layout = PortLayout.of(nl.top());
        long[][] expected = new long[REFERENCE_CYCLES][];
        ReferenceSim ref = new ReferenceSim(nl);
        for (int cyc = 0; cyc < REFERENCE_CYCLES; cyc++) {
            for (PortLayout.Port p : layout.inputs()) {
                long[] words = new long[p.words()];
                System.arraycopy(stim.words(), cyc * layout.inputWords() + p.offset(), words, 0, p.words());
                ref.poke(p.name(), WideBits.toBig(words));
            }
            ref.settle();
            long[] out = new long[layout.outputWords()];
            for (PortLayout.Port p : layout.outputs()) {
                System.arraycopy(WideBits.fromBig(ref.peek(p.name()), p.width()), 0, out, p.offset(), p.words());
            }
            expected[cyc] = out;
            ref.edge();
        }
        for (Engine e : Engine.values()) {
            try (Simulator sim = e.create(nl, SimOptions.DEFAULT)) {
                int[] seen = {0};
                sim.run(stim, (cycle, words) -> {
                    assertArrayEquals(expected[(int) cycle], words, e.cliName() + " cycle " + cycle);
                    seen[0]++;
                });
                assertEquals(REFERENCE_CYCLES, seen[0]);
            }
        }
        REFERENCE_CASES.incrementAndGet();
    }

    @AfterAll
    static void everyCaseRan() {
        assertEquals(Designs.all().size(), PARITY_CASES.get());
        assertEquals(Designs.all().size(), REFERENCE_CASES.get());
    }
}
