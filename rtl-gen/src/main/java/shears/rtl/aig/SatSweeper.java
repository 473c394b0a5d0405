package shears.rtl.aig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;
import org.sat4j.specs.TimeoutException;

/**
 * SAT sweeping (functional reduction, as ABC's fraig): nodes whose simulation signatures agree up to
 * complement form candidate classes (constants included); in topological order each node is proved
 * equal to the first member of its class by two incremental Sat4j calls under assumptions; proved
 * nodes are merged, and every satisfying assignment becomes a new simulation pattern that splits the
 * classes. The SAT instance is the reduced graph as it is built, not the original: a node's clauses
 * are added when a query first reaches its cone, and a merged node is the same variable as its
 * representative, so every later proof starts from the equivalences already proved (on a deep
 * circuit the difference between seconds and hours). Only proved merges are made, so the result is
 * equivalent to the input; {@link Cec} checks it independently.
 */
public final class SatSweeper {
    /**
     * @param randomWords        64-pattern words of random simulation (ABC uses 2048 patterns = 32 words)
     * @param conflictLimit      per SAT call; an undecided pair is left unmerged (0 = no limit)
     * @param seed               random patterns
     */
    public record Options(int randomWords, int conflictLimit, long seed) {
        public Options {
            if (randomWords < 1 || conflictLimit < 0) {
                throw new IllegalArgumentException("need at least one random word and a non-negative conflict limit");
            }
        }

        public static Options defaults() {
            return new Options(32, 0, 1);
        }
    }

    /** Outcome: the reduced graph and what it took. */
    public record Result(
            Aig aig,
            int andsBefore,
            int andsAfter,
            int satCalls,
            int proved,
            int refuted,
            int undecided,
            int counterExamples,
            double seconds) {}

    private final Aig aig;
    private final Options options;
    /** SAT calls after which the solver starts afresh (only the cones still queried come back). */
    static final int RECYCLE_CALLS = 200;

    private ISolver solver;
    private int callsSinceRecycle;
    /** The reduced graph being built; SAT variable of its node n is n + 1. */
    private AigBuilder reduced;

    private boolean[] encoded;
    private int cexCount;
    private int satCalls;
    private int refuted;
    private int undecided;
    private int proved;

    private SatSweeper(Aig aig, Options options) {
        this.aig = aig;
        this.options = options;
        this.solver = newSolver();
    }

    /**
     * Sat4j's default solver with the simple learned-clause minimisation: the default, recursive one
     * spends most of the time on deep arithmetic circuits (log2 of the EPFL set) walking long
     * implication chains for clauses that a conflict limit throws away anyway.
     */
    static ISolver newSolver() {
        ISolver s = SolverFactory.newDefault();
        if (s instanceof org.sat4j.minisat.core.Solver<?> cdcl) {
            cdcl.setSimplifier(cdcl.SIMPLE_SIMPLIFICATION);
        }
        return s;
    }

    public static Result sweep(Aig aig, Options options) {
        return sweep(aig, options, null);
    }

    /** {@code dataPatterns[input][word]} are simulated besides the random ones (data-driven candidates). */
    public static Result sweep(Aig aig, Options options, long[][] dataPatterns) {
        long t0 = System.nanoTime();
        SatSweeper s = new SatSweeper(aig, options);
        Aig out = s.run(dataPatterns);
        return new Result(
                out,
                aig.andCount(),
                out.andCount(),
                s.satCalls,
                s.proved,
                s.refuted,
                s.undecided,
                s.cexCount,
                (System.nanoTime() - t0) / 1e9);
    }

    private Aig run(long[][] dataPatterns) {
        encode();
        long[][] inputs = BitSim.randomInputs(aig.inputCount(), options.randomWords(), options.seed());
        if (dataPatterns != null) {
            for (int i = 0; i < inputs.length; i++) {
                long[] both = Arrays.copyOf(inputs[i], inputs[i].length + dataPatterns[i].length);
                System.arraycopy(dataPatterns[i], 0, both, inputs[i].length, dataPatterns[i].length);
                inputs[i] = both;
            }
        }
        long[][] sig = BitSim.simulate(aig, inputs);
        Classes classes = new Classes(sig);
        AigBuilder b = new AigBuilder();
        reduced = b;
        encoded = new boolean[aig.maxVar() + 1];
        encoded[0] = true;
        int[] map = new int[aig.maxVar() + 1];
        for (int i = 1; i <= aig.inputCount(); i++) {
            map[i] = b.input(aig.inputNames().get(i - 1));
        }
        for (int v = aig.inputCount() + 1; v <= aig.maxVar(); v++) {
            int built = b.and(Aig.remap(map, aig.fanin0(v)), Aig.remap(map, aig.fanin1(v)));
            map[v] = built;
            while (true) {
                int cand = classes.representative(v);
                if (cand < 0) {
                    break;
                }
                boolean complement = classes.phase(v) != classes.phase(cand);
                int verdict = provedEqual(built, map[cand] ^ (complement ? 1 : 0));
                if (verdict == 1) {
                    proved++;
                    map[v] = map[cand] ^ (complement ? 1 : 0);
                    classes.merged(v);
                    break;
                }
                if (verdict == 0) {
                    undecided++;
                    classes.excludePair(v, cand);
                    continue;
                }
                refuted++;
                classes.addPattern(counterExample(), v); // splits v from cand (and others)
            }
        }
        for (int o = 0; o < aig.outputCount(); o++) {
            b.output(aig.outputNames().get(o), Aig.remap(map, aig.output(o)));
        }
        return b.build().withoutDeadNodes();
    }

    /**
     * Whether literals {@code x} and {@code y} of the reduced graph are equal: 1 proved, -1 refuted (the
     * model holds a counter-example), 0 undecided (conflict limit).
     */
    private int provedEqual(int x, int y) {
        if (x == y) {
            return 1;
        }
        if (callsSinceRecycle >= RECYCLE_CALLS) {
            // as ABC's fraig recycles its solver: the clauses of cones no longer queried and the
            // learned clauses slow every propagation down
            solver = newSolver();
            encode();
            java.util.Arrays.fill(encoded, false);
            encoded[0] = true;
            callsSinceRecycle = 0;
        }
        encodeCone(x);
        encodeCone(y);
        if (y <= AigBuilder.TRUE) { // a constant: x == y
            return query(y == AigBuilder.FALSE ? lit(x) : -lit(x), 0);
        }
        int first = query(lit(x), -lit(y));
        if (first != 1) {
            return first;
        }
        return query(-lit(x), lit(y));
    }

    /** 1 if UNSAT (the pair cannot differ this way), -1 if SAT, 0 if undecided. */
    private int query(int a, int b) {
        satCalls++;
        callsSinceRecycle++;
        try {
            VecInt assumptions = b == 0 ? new VecInt(new int[] {a}) : new VecInt(new int[] {a, b});
            return solver.isSatisfiable(assumptions) ? -1 : 1;
        } catch (TimeoutException e) {
            return 0;
        }
    }

    private boolean[] counterExample() {
        cexCount++;
        boolean[] in = new boolean[aig.inputCount()];
        for (int i = 0; i < in.length; i++) {
            in[i] = encoded[i + 1] && solver.model(i + 2); // reduced input i is node i + 1; unconstrained inputs read 0
        }
        return in;
    }

    /** Tseitin clauses of the reduced graph's AND nodes in the cone of {@code lit} not encoded yet. */
    private void encodeCone(int lit) {
        int root = lit >> 1;
        if (encoded[root]) {
            return;
        }
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        try {
            while (!stack.isEmpty()) {
                int n = stack.peek();
                if (encoded[n]) {
                    stack.pop();
                    continue;
                }
                if (reduced.isInput(n)) {
                    encoded[n] = true;
                    stack.pop();
                    continue;
                }
                int f0 = reduced.fanin0(n) >> 1;
                int f1 = reduced.fanin1(n) >> 1;
                if (!encoded[f0] || !encoded[f1]) {
                    if (!encoded[f0]) {
                        stack.push(f0);
                    }
                    if (!encoded[f1]) {
                        stack.push(f1);
                    }
                    continue;
                }
                addAnd(solver, n + 1, lit(reduced.fanin0(n)), lit(reduced.fanin1(n)));
                encoded[n] = true;
                stack.pop();
            }
        } catch (ContradictionException e) {
            throw new IllegalStateException("AND-gate clauses cannot contradict", e);
        }
    }

    /** The solver's variables: every node the reduced graph can get (at most one per original node). */
    private void encode() {
        // a conflict budget instead of Sat4j's default wall-clock timeout, which starts a timer per call
        solver.setTimeoutOnConflicts(options.conflictLimit() > 0 ? options.conflictLimit() : Integer.MAX_VALUE);
        // not kept hot: clauses are added between calls, and a hot solver's kept trail then leaves some
        // later calls undecided (Sat4j 2.3.6, seen on EPFL router)
        solver.setKeepSolverHot(false);
        solver.newVar(aig.maxVar() + 1);
        try {
            solver.addClause(new VecInt(new int[] {-1})); // node 0, constant false
        } catch (ContradictionException e) {
            throw new IllegalStateException("a unit clause cannot contradict", e);
        }
    }

    /** The Tseitin clauses of z = a AND c (SAT literals). */
    static void addAnd(ISolver s, int z, int a, int c) throws ContradictionException {
        s.addClause(new VecInt(new int[] {-z, a}));
        s.addClause(new VecInt(new int[] {-z, c}));
        s.addClause(new VecInt(new int[] {z, -a, -c}));
    }

    /** The SAT literal of a reduced-graph literal. */
    private static int lit(int aigLit) {
        int v = (aigLit >> 1) + 1;
        return (aigLit & 1) == 0 ? v : -v;
    }

    /**
     * Candidate classes by signature up to complement, members in increasing variable order. A
     * node's representative is the smallest earlier, still-live member of its class not excluded
     * for it. Each counter-example word splits the classes in place.
     */
    private final class Classes {
        private final boolean[] phase;
        private final List<List<Integer>> classes = new ArrayList<>();
        private final int[] classOf;
        private final boolean[] mergedAway;
        private final Map<Long, Boolean> excluded = new HashMap<>();
        private int wordsAdded;

        Classes(long[][] sig) {
            int n = aig.maxVar() + 1;
            phase = new boolean[n];
            classOf = new int[n];
            mergedAway = new boolean[n];
            Map<Key, Integer> byKey = new HashMap<>();
            for (int v = 0; v < n; v++) {
                phase[v] = (sig[v][0] & 1) != 0;
                Key k = new Key(sig[v], phase[v]);
                Integer c = byKey.get(k);
                if (c == null) {
                    c = classes.size();
                    byKey.put(k, c);
                    classes.add(new ArrayList<>());
                }
                classes.get(c).add(v);
                classOf[v] = c;
            }
        }

        boolean phase(int v) {
            return phase[v];
        }

        void merged(int v) {
            mergedAway[v] = true;
        }

        void excludePair(int v, int u) {
            excluded.put((long) v << 32 | u, true);
        }

        int representative(int v) {
            for (int u : classes.get(classOf[v])) {
                if (u >= v) {
                    return -1;
                }
                if (!mergedAway[u] && !excluded.containsKey((long) v << 32 | u)) {
                    return u;
                }
            }
            return -1;
        }

        /**
         * Splits the classes by one 64-pattern word: bit 0 is the counter-example, bit k > 0 the
         * counter-example with input (k - 1) mod I flipped (past the first I bits, a second seeded
         * input as well), so one SAT answer separates everything its neighbours separate. Classes
         * whose members all come before {@code from} are left alone: no later node can query them.
         */
        void addPattern(boolean[] inputs, int from) {
            int n = aig.maxVar() + 1;
            int ni = aig.inputCount();
            long[] val = new long[n];
            java.util.SplittableRandom r = new java.util.SplittableRandom(options.seed() * 31 + wordsAdded++);
            for (int i = 0; i < ni; i++) {
                long w = inputs[i] ? -1L : 0L;
                for (int k = 1 + i; k < 64 && k <= ni; k += ni) {
                    w ^= 1L << k;
                }
                val[i + 1] = w;
            }
            for (int k = ni + 1; ni > 0 && k < 64; k++) {
                val[r.nextInt(ni) + 1] ^= 1L << k;
            }
            for (int v = ni + 1; v < n; v++) {
                int a = aig.fanin0(v);
                int c = aig.fanin1(v);
                val[v] = (val[a >> 1] ^ ((a & 1) == 0 ? 0 : -1L)) & (val[c >> 1] ^ ((c & 1) == 0 ? 0 : -1L));
            }
            int count = classes.size();
            for (int c = 0; c < count; c++) {
                List<Integer> members = classes.get(c);
                if (members.size() < 2 || members.get(members.size() - 1) < from) {
                    continue; // nothing to split, or no member left to query (all before the current node)
                }
                if (members.size() == 2) {
                    int u = members.get(0);
                    int w = members.get(1);
                    if ((val[u] ^ (phase[u] ? -1L : 0L)) != (val[w] ^ (phase[w] ? -1L : 0L))) {
                        classes.set(c, new ArrayList<>(List.of(u)));
                        classOf[w] = classes.size();
                        classes.add(new ArrayList<>(List.of(w)));
                    }
                    continue;
                }
                Map<Long, List<Integer>> parts = new java.util.LinkedHashMap<>();
                for (int v : members) {
                    parts.computeIfAbsent(val[v] ^ (phase[v] ? -1L : 0L), x -> new ArrayList<>())
                            .add(v);
                }
                if (parts.size() == 1) {
                    continue;
                }
                boolean first = true;
                for (List<Integer> part : parts.values()) {
                    if (first) {
                        classes.set(c, part);
                        first = false;
                    } else {
                        for (int v : part) {
                            classOf[v] = classes.size();
                        }
                        classes.add(part);
                    }
                }
            }
        }
    }

    /** A signature normalised by phase (complemented when pattern 0 gives 1). */
    private static final class Key {
        private final long[] words;
        private final int hash;

        Key(long[] sim, boolean complement) {
            words = new long[sim.length];
            long m = complement ? -1L : 0L;
            for (int i = 0; i < sim.length; i++) {
                words[i] = sim[i] ^ m;
            }
            hash = Arrays.hashCode(words);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.words, words);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
