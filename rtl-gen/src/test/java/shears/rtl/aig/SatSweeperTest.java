package shears.rtl.aig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SatSweeperTest {
    /** A random AIG with deliberately re-built (redundant) copies of parts of itself. */
    static Aig redundant(long seed, int inputs, int nodes) {
        SplittableRandom r = new SplittableRandom(seed);
        AigBuilder b = new AigBuilder();
        List<Integer> lits = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            lits.add(b.input("x" + i));
        }
        List<Integer> outs = new ArrayList<>();
        for (int k = 0; k < nodes; k++) {
            int a = lits.get(r.nextInt(lits.size())) ^ r.nextInt(2);
            int c = lits.get(r.nextInt(lits.size())) ^ r.nextInt(2);
            int kind = r.nextInt(4);
            int n = switch (kind) {
                case 0 -> b.and(a, c);
                case 1 -> b.or(a, c);
                case 2 -> b.xor(a, c); // three ANDs
                default -> b.xor(AigBuilder.not(a), c) ^ 1; // the same XOR built another way
            };
            lits.add(n);
            if (r.nextInt(8) == 0) {
                outs.add(n);
            }
        }
        for (int i = 0; i < outs.size(); i++) {
            b.output("y" + i, outs.get(i));
        }
        b.output("last", lits.get(lits.size() - 1));
        return b.build().withoutDeadNodes();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void sweepingPreservesFunctionAndRemovesRedundancy(long seed) {
        Aig g = redundant(seed, 10, 300);
        SatSweeper.Result r = SatSweeper.sweep(g, SatSweeper.Options.defaults());
        assertTrue(r.andsAfter() < r.andsBefore(), "redundant XORs merge: " + r);
        assertTrue(Cec.check(g, r.aig()).equivalent());
        long[][] in = BitSim.randomInputs(g.inputCount(), 8, seed);
        assertArrayEquals(
                BitSim.outputs(g, BitSim.simulate(g, in)), BitSim.outputs(r.aig(), BitSim.simulate(r.aig(), in)));
        // idempotent: a swept graph has nothing left to merge
        assertEquals(
                r.andsAfter(),
                SatSweeper.sweep(r.aig(), SatSweeper.Options.defaults()).andsAfter());
    }

    @Test
    void constantsAndComplementsAreFound() {
        AigBuilder b = new AigBuilder();
        int x = b.input("x");
        int y = b.input("y");
        int z = b.input("z");
        int t = b.and(b.and(x, y), b.and(AigBuilder.not(x), z)); // constant 0 through two levels
        int u = b.or(b.and(x, y), b.and(x, AigBuilder.not(y))); // equals x
        int v = b.and(
                AigBuilder.not(b.and(y, z)), AigBuilder.not(b.and(AigBuilder.not(y), AigBuilder.not(z)))); // y xor z
        int w = b.or(b.and(y, z), b.and(AigBuilder.not(y), AigBuilder.not(z))); // complement of v
        b.output("t", t);
        b.output("u", u);
        b.output("v", v);
        b.output("w", w);
        Aig g = b.build();
        Aig s = SatSweeper.sweep(g, new SatSweeper.Options(1, 0, 3)).aig();
        assertEquals(AigBuilder.FALSE, s.output(0));
        assertEquals(2, s.output(1), "u is input x");
        assertEquals(s.output(2) ^ 1, s.output(3), "w is the complement of v");
        assertTrue(Cec.check(g, s).equivalent());
    }

    /** The EPFL circuits in ../shared (skipped with a message outside CI when absent). */
    @Test
    void epflNetlistsSweepToProvedEquivalentSmallerGraphs() throws Exception {
        Path dir = Path.of(System.getProperty("shears.repoRoot", "..")).resolve("../shared/benchmarks/epfl");
        if (!Files.isDirectory(dir)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("EPFL benchmarks missing at " + dir.toAbsolutePath());
            }
            Assumptions.abort("EPFL benchmarks not found at " + dir.toAbsolutePath());
        }
        int checked = 0;
        try (var files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".blif")).sorted().toList()) {
                Aig g = Blif.read(f);
                SatSweeper.Result r = SatSweeper.sweep(g, SatSweeper.Options.defaults());
                assertTrue(r.andsAfter() <= r.andsBefore());
                assertTrue(Cec.check(g, r.aig()).equivalent(), f + " swept result proved equivalent");
                checked++;
            }
        }
        assertEquals(10, checked);
    }
}
