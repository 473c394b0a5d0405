package shears.rtl.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shears.rtl.examples.RandomDesign;
import shears.rtl.testing.ReferenceSim;

/** Soundness: every bit {@link KnownBits} claims is known has that value in every simulated state. */
class KnownBitsTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void knownBitsHoldUnderRandomStimulus(int seed) {
        Netlist nl = RandomDesign.build(200, seed % 2 == 0 ? 70 : 12, seed).netlist();
        NetlistModule m = nl.top();
        KnownBits[] kb = KnownBits.analyze(m);
        ReferenceSim sim = new ReferenceSim(nl);
        Random r = new Random(seed);
        int checks = 0;
        int knownCells = 0;
        for (KnownBits k : kb) {
            knownCells += k.zeros().or(k.ones()).signum() != 0 ? 1 : 0;
        }
        for (int cycle = 0; cycle < 200; cycle++) {
            for (int in : m.inputNets()) {
                Cell c = m.cell(in);
                sim.poke(c.name(), new BigInteger(c.width(), r));
            }
            sim.settle();
            for (int i = 0; i < m.size(); i++) {
                BigInteger v = sim.net(i);
                assertEquals(
                        BigInteger.ZERO,
                        v.and(kb[i].zeros()),
                        "net " + i + " " + m.cell(i) + " has a known-zero bit set");
                assertEquals(
                        kb[i].ones(), v.and(kb[i].ones()), "net " + i + " " + m.cell(i) + " has a known-one bit clear");
                checks++;
            }
            sim.edge();
        }
        assertEquals(200L * m.size(), checks);
        assertTrue(knownCells > 0, "the analysis should know something about a random design");
    }
}
