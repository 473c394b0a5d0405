package shears.rtl.aig;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.sat4j.core.VecInt;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;
import org.sat4j.specs.TimeoutException;

/**
 * Combinational equivalence check of two AIGs by a miter: inputs matched by name (by position when
 * the names differ), outputs by position; the miter is SAT-swept, then each output XOR is proved
 * unsatisfiable with Sat4j. A difference comes back as the first differing output and an input
 * assignment that shows it.
 */
public final class Cec {
    private Cec() {}

    /** Equivalent, or a counter-example: {@code output} differs under {@code inputs}. */
    public record Verdict(boolean equivalent, Optional<String> output, Map<String, Boolean> inputs, double seconds) {}

    public static Verdict check(Aig a, Aig b) {
        long t0 = System.nanoTime();
        if (a.inputCount() != b.inputCount() || a.outputCount() != b.outputCount()) {
            throw new IllegalArgumentException("interfaces differ: " + a.inputCount() + "/" + a.outputCount() + " vs "
                    + b.inputCount() + "/" + b.outputCount() + " inputs/outputs");
        }
        boolean byName = new java.util.HashSet<>(a.inputNames()).equals(new java.util.HashSet<>(b.inputNames()));
        AigBuilder m = new AigBuilder();
        Map<String, Integer> in = new HashMap<>();
        int[] mapA = new int[a.maxVar() + 1];
        for (int i = 1; i <= a.inputCount(); i++) {
            mapA[i] = m.input(a.inputNames().get(i - 1));
            in.put(a.inputNames().get(i - 1), mapA[i]);
        }
        int[] mapB = new int[b.maxVar() + 1];
        for (int i = 1; i <= b.inputCount(); i++) {
            mapB[i] = byName ? in.get(b.inputNames().get(i - 1)) : mapA[i];
        }
        copy(a, m, mapA);
        copy(b, m, mapB);
        for (int o = 0; o < a.outputCount(); o++) {
            m.output(a.outputNames().get(o), m.xor(Aig.remap(mapA, a.output(o)), Aig.remap(mapB, b.output(o))));
        }
        Aig miter = SatSweeper.sweep(m.build(), SatSweeper.Options.defaults()).aig();
        ISolver solver = SatSweeper.newSolver();
        solver.setTimeoutOnConflicts(Integer.MAX_VALUE); // no per-call timer thread
        solver.setKeepSolverHot(true);
        solver.newVar(miter.maxVar() + 1);
        try {
            solver.addClause(new VecInt(new int[] {-1}));
            for (int v = miter.inputCount() + 1; v <= miter.maxVar(); v++) {
                SatSweeper.addAnd(solver, v + 1, lit(miter.fanin0(v)), lit(miter.fanin1(v)));
            }
            for (int o = 0; o < miter.outputCount(); o++) {
                int out = miter.output(o);
                if (out == AigBuilder.FALSE) {
                    continue;
                }
                if (solver.isSatisfiable(new VecInt(new int[] {lit(out)}))) {
                    Map<String, Boolean> cex = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= miter.inputCount(); i++) {
                        cex.put(miter.inputNames().get(i - 1), solver.model(i + 1));
                    }
                    return new Verdict(false, Optional.of(a.outputNames().get(o)), cex, (System.nanoTime() - t0) / 1e9);
                }
            }
        } catch (ContradictionException | TimeoutException e) {
            throw new IllegalStateException("miter encoding failed: " + e.getMessage(), e);
        }
        return new Verdict(true, Optional.empty(), Map.of(), (System.nanoTime() - t0) / 1e9);
    }

    private static void copy(Aig g, AigBuilder m, int[] map) {
        for (int v = g.inputCount() + 1; v <= g.maxVar(); v++) {
            map[v] = m.and(Aig.remap(map, g.fanin0(v)), Aig.remap(map, g.fanin1(v)));
        }
    }

    private static int lit(int aigLit) {
        int v = (aigLit >> 1) + 1;
        return (aigLit & 1) == 0 ? v : -v;
    }
}
