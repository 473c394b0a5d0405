package shears.rtl.aig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one and-inverter graph under construction and rewriting: structural hashing, constant
 * propagation, in-place equivalence merging; {@link #build()} freezes it into an immutable {@link Aig}.
 * Literals are {@code 2 * node + complement}; node 0 is constant false, so literal 0 is false and 1
 * is true. Inputs are nodes without fan-ins and may be created at any time (the estimator's bit-blast
 * adds register outputs as it meets them); {@link #build()} numbers them first, as AIGER does.
 *
 * <p>Besides the graph, each node records its origin (the netlist cell being blasted, for path
 * reports) and whether a hard cell implements it: the estimator marks the nodes of an FPGA carry
 * primitive so mapping and merging treat them as a black box, as ABC treats a box.
 */
public final class AigBuilder {
    public static final int FALSE = 0;
    public static final int TRUE = 1;

    private int[] fanin0 = new int[1024];
    private int[] fanin1 = new int[1024];
    private boolean[] input = new boolean[1024];
    private boolean[] carry = new boolean[1024];
    private boolean[] hard = new boolean[1024];
    private int[] origin = new int[1024];
    private int size = 1;
    private final Strash strash = new Strash();
    private final List<Integer> inputNodes = new ArrayList<>();
    private final List<String> inputNames = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<Integer> outputs = new ArrayList<>();
    /** The origin recorded on every new node. */
    private int currentOrigin = -1;
    /**
     * While set, AND nodes are created without structural hashing (constants still fold): carry
     * primitives are hard cells that synthesis does not share between two adders or comparators.
     */
    private boolean unshared;

    /** Nodes created so far, constant node 0 included. */
    public int size() {
        return size;
    }

    /** AND nodes created so far (live or not). */
    public int andCount() {
        return size - 1 - inputNodes.size();
    }

    public boolean isInput(int node) {
        return input[node];
    }

    public boolean isAnd(int node) {
        return node > 0 && !input[node];
    }

    public int fanin0(int node) {
        return fanin0[node];
    }

    public int fanin1(int node) {
        return fanin1[node];
    }

    /** The origin recorded when the node was created, -1 if none. */
    public int origin(int node) {
        return origin[node];
    }

    /** Sets the origin recorded on the nodes created from now on (the estimator: the netlist cell). */
    public void setOrigin(int origin) {
        currentOrigin = origin;
    }

    /** While true, new AND nodes are not structurally hashed (constants still fold). */
    public void setUnshared(boolean unshared) {
        this.unshared = unshared;
    }

    /** True for the carry-out node of each carry-chain bit (one FPGA carry primitive per bit). */
    public boolean isCarry(int node) {
        return carry[node];
    }

    /** True for nodes a hard cell implements (an FPGA carry primitive: no LUT, never merged). */
    public boolean isHard(int node) {
        return hard[node];
    }

    public void markCarry(int lit) {
        carry[lit >> 1] = lit > 1;
    }

    /** Marks the AND nodes created since {@code firstNew} (nodes at or after it) as hard. */
    public void markHardSince(int firstNew) {
        for (int n = firstNew; n < size; n++) {
            hard[n] = !input[n];
        }
    }

    private int newNode() {
        if (size == fanin0.length) {
            int n = size * 2;
            fanin0 = Arrays.copyOf(fanin0, n);
            fanin1 = Arrays.copyOf(fanin1, n);
            input = Arrays.copyOf(input, n);
            carry = Arrays.copyOf(carry, n);
            hard = Arrays.copyOf(hard, n);
            origin = Arrays.copyOf(origin, n);
        }
        origin[size] = currentOrigin;
        return size++;
    }

    /** Adds an unnamed input; returns its positive literal. */
    public int newInput() {
        return input(null);
    }

    /** Adds a named input (null: named by its position when built); returns its positive literal. */
    public int input(String name) {
        int n = newNode();
        input[n] = true;
        inputNodes.add(n);
        inputNames.add(name);
        return 2 * n;
    }

    /** Adds an output. */
    public void output(String name, int lit) {
        outputNames.add(name);
        outputs.add(lit);
    }

    public static int not(int lit) {
        return lit ^ 1;
    }

    /** a &amp; b with constant folding and structural hashing. */
    public int and(int a, int b) {
        if (a == FALSE || b == FALSE || a == not(b)) {
            return FALSE;
        }
        if (a == TRUE) {
            return b;
        }
        if (b == TRUE || a == b) {
            return a;
        }
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        if (unshared) {
            int n = newNode();
            fanin0[n] = lo;
            fanin1[n] = hi;
            return 2 * n;
        }
        long key = ((long) lo << 32) | hi;
        int hit = strash.get(key);
        return hit >= 0 ? 2 * hit : newAnd(lo, hi, key);
    }

    private int newAnd(int lo, int hi, long key) {
        int n = newNode();
        fanin0[n] = lo;
        fanin1[n] = hi;
        strash.put(key, n);
        return 2 * n;
    }

    /** The literal of the existing AND node over {@code a} and {@code b} (either order), or -1. */
    public int find(int a, int b) {
        int hit = strash.get(((long) Math.min(a, b) << 32) | Math.max(a, b));
        return hit >= 0 ? 2 * hit : -1;
    }

    public int or(int a, int b) {
        return not(and(not(a), not(b)));
    }

    /**
     * a ^ b as (a | b) &amp; !(a &amp; b): the a &amp; b node is the generate term of an adder bit and the
     * carry's p &amp; c, so a full adder shares it and costs 7 AND nodes, as ABC's structural hashing finds.
     */
    public int xor(int a, int b) {
        return and(not(and(a, b)), not(and(not(a), not(b))));
    }

    public int mux(int sel, int ifTrue, int ifFalse) {
        if (ifTrue == ifFalse) {
            return ifTrue;
        }
        // sel ? (e ^ x) : e  ==  e ^ (sel & x): the enabled-update pattern of counters and accumulators.
        int[] t = xorOperands(ifTrue);
        if (t != null && (t[0] == ifFalse || t[1] == ifFalse)) {
            return xor(ifFalse, and(sel, t[0] == ifFalse ? t[1] : t[0]));
        }
        int[] e = xorOperands(ifFalse);
        if (e != null && (e[0] == ifTrue || e[1] == ifTrue)) {
            return xor(ifTrue, and(not(sel), e[0] == ifTrue ? e[1] : e[0]));
        }
        return or(and(sel, ifTrue), and(not(sel), ifFalse));
    }

    /** {a, b} with {@code lit} == a ^ b if it has the structure {@link #xor} builds (or its complement), else null. */
    public int[] xorOperands(int lit) {
        int n = lit >> 1;
        if (!isAnd(n)) {
            return null;
        }
        int x = fanin0[n];
        int y = fanin1[n];
        if ((x & 1) == 0 || (y & 1) == 0 || !isAnd(x >> 1) || !isAnd(y >> 1)) {
            return null;
        }
        // n = !(a & b) & !(!a & !b), the two inner nodes in either order
        int a0 = fanin0[x >> 1];
        int b0 = fanin1[x >> 1];
        int a1 = fanin0[y >> 1];
        int b1 = fanin1[y >> 1];
        boolean match = (a1 == not(a0) && b1 == not(b0)) || (a1 == not(b0) && b1 == not(a0));
        if (!match) {
            return null;
        }
        return new int[] {a0, (lit & 1) == 0 ? b0 : not(b0)};
    }

    /** Rounds of {@link #SWEEP_WORDS} 64-pattern words simulated by {@link #mergeEquivalent}. */
    static final int SWEEP_ROUNDS = 16;

    static final int SWEEP_WORDS = 16;

    /**
     * Merges AND nodes that are functionally equivalent (or complementary) to an earlier node, judged
     * by simulation on {@code 64 * SWEEP_WORDS * SWEEP_ROUNDS} input patterns (uniform and biased
     * random, all-zero, all-one): ABC's {@code fraig} without the SAT proof. Candidate classes are
     * refined round by round, so memory stays at one round's words per node. Only nodes whose value
     * varies in at least 1/64 of the patterns take part, so rarely-true functions (a wide equality) are
     * never mistaken for constants or for each other. Fan-ins are rewritten in place and {@code lits}
     * (roots, next states) mapped; merged nodes become unreachable. What it counts is an estimate, never
     * a netlist anyone simulates: ABC's {@code cec} proves the merged graph equivalent on counter, fir,
     * mac-array and wide-alu (width 16), while on random netlists a few merges are false (checked while
     * developing it, not on every run).
     *
     * @param constants also replace nodes that never change over all patterns by the constant, as ABC's
     *                  {@code fraig} proves them (logic behind comparisons that cannot all hold, products
     *                  of operands with bits that cannot be set): on the gate-level flow only, because on
     *                  FPGA flows the carry chains that compute most such signals are hard cells ABC does
     *                  not see through. On random netlists the node counts left equal ABC's after its
     *                  {@code &fraig -x} within 0.1 to 5 %.
     */
    public void mergeEquivalent(boolean constants, int[]... lits) {
        int w = SWEEP_WORDS;
        long[] sim = new long[size * w];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x5EED);
        long[] flip = new long[size];
        int[] cls = new int[size];
        long[] ones = new long[size];
        int tableSize = Integer.highestOneBit(Math.max(4, size) * 2) * 2;
        long[] keys = new long[tableSize];
        int[] ids = new int[tableSize];
        int rounds = 0;
        int classCount = -1;
        int stableRounds = 0;
        // A node alone in its class stays alone (classes only split): it is still simulated for its
        // fan-outs but no longer hashed or counted.
        boolean[] alone = new boolean[size];
        int aloneCount = 0;
        int[] members = new int[tableSize];
        // A node alone in its class that has shown both values can be neither merged nor a constant:
        // its value matters only to the nodes it feeds. After the first round only the nodes still
        // undecided and what they read are simulated: the same values, so the same classes (on random 60,
        // 1,300 of 8,500 nodes at gate level, three quarters of them on the FPGA graphs).
        boolean[] needed = new boolean[size];
        // Refine until the partition stops splitting (two rounds in a row) or SWEEP_ROUNDS.
        while (rounds < SWEEP_ROUNDS && stableRounds < 2) {
            java.util.Arrays.fill(ids, -1);
            int count = 0;
            long seen = 64L * w * rounds;
            for (int n = size - 1; n > 0; n--) {
                needed[n] = rounds == 0 || !alone[n] || ones[n] == 0 || ones[n] == seen;
            }
            for (int n = size - 1; n > 0; n--) {
                if (needed[n] && !input[n] && !hard[n]) {
                    needed[fanin0[n] >> 1] = true;
                    needed[fanin1[n] >> 1] = true;
                }
            }
            for (int n = 1; n < size; n++) {
                // Ones over every round: the constant test needs them all.
                if (input[n] || hard[n]) {
                    // A carry primitive's output is opaque to LUT optimisation (as a hard cell is to ABC):
                    // logic after two carry chains is merged only if it is the same function of them.
                    // Generated even when unneeded: skipping would shift every later node's patterns.
                    randomPatterns(sim, n * w, w, rnd, rounds);
                    ones[n] += ones(sim, n * w, w);
                } else if (needed[n]) {
                    ones[n] += simulate(sim, n, w);
                } else {
                    continue;
                }
                if (alone[n]) {
                    continue;
                }
                if (rounds == 0) {
                    flip[n] = (sim[n * w] & 1) != 0 ? -1L : 0;
                }
                long h = signature(sim, n * w, w, flip[n], cls[n]);
                int slot = (int) (h ^ (h >>> 32)) & (tableSize - 1);
                while (ids[slot] >= 0 && keys[slot] != h) {
                    slot = (slot + 1) & (tableSize - 1);
                }
                if (ids[slot] < 0) {
                    keys[slot] = h;
                    ids[slot] = count++;
                }
                cls[n] = ids[slot];
            }
            java.util.Arrays.fill(members, 0, count, 0);
            for (int n = 1; n < size; n++) {
                if (!alone[n]) {
                    members[cls[n]]++;
                }
            }
            int total = count + aloneCount;
            for (int n = 1; n < size; n++) {
                if (!alone[n] && members[cls[n]] == 1) {
                    alone[n] = true;
                    aloneCount++;
                }
            }
            stableRounds = total == classCount ? stableRounds + 1 : 0;
            classCount = total;
            rounds++;
        }
        long patterns = 64L * w * rounds;
        long minOnes = patterns / 64;
        int[] first = new int[size];
        java.util.Arrays.fill(first, -1);
        int[] rep = new int[size];
        for (int n = 1; n < size; n++) {
            rep[n] = 2 * n;
            if (constants && !input[n] && !hard[n] && (ones[n] == 0 || ones[n] == patterns)) {
                rep[n] = ones[n] == 0 ? FALSE : TRUE;
                continue;
            }
            if (ones[n] < minOnes || ones[n] > patterns - minOnes) {
                continue;
            }
            if (hard[n] || alone[n]) {
                continue; // a carry primitive's node (a hard cell, never merged nor a representative), or no partner
            }
            int f = first[cls[n]];
            if (f < 0) {
                first[cls[n]] = n;
            } else if (!input[n] && (origin[f] == origin[n] || !readsCarry(f))) {
                // Logic of another cell may not take over a node that reads a carry chain: only the
                // adder's own sum LUTs sit on the chain.
                rep[n] = 2 * f + (flip[n] != flip[f] ? 1 : 0);
            }
        }
        replace(rep, lits);
    }

    /**
     * Rewrites every fan-in and every literal of {@code lits} through {@code rep} (node to literal; a
     * node's replacement must come before its first user). Replaced nodes become unreachable. Nodes are
     * hashed again as they are rewritten, as ABC's {@code strash} does after a merge: a node whose fan-ins
     * became those of an earlier node, or a constant, or complementary, or equal, goes too (carry
     * primitives' nodes excepted: hard cells are never shared).
     */
    public void replace(int[] rep, int[]... lits) {
        strash.clear();
        for (int n = 1; n < size; n++) {
            if (input[n]) {
                continue;
            }
            if (rep[n] != 2 * n) {
                rep[n] = map(rep, rep[n]); // its replacement is earlier and already final
                continue;
            }
            int a = map(rep, fanin0[n]);
            int b = map(rep, fanin1[n]);
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            fanin0[n] = lo;
            fanin1[n] = hi;
            if (hard[n]) {
                continue;
            }
            if (lo == FALSE || lo == not(hi)) {
                rep[n] = FALSE;
            } else if (lo == TRUE || lo == hi) {
                rep[n] = hi;
            } else {
                int earlier = strash.putIfAbsent(((long) lo << 32) | hi, n);
                if (earlier >= 0) {
                    rep[n] = 2 * earlier;
                }
            }
        }
        for (int[] l : lits) {
            for (int i = 0; i < l.length; i++) {
                l[i] = map(rep, l[i]);
            }
        }
    }

    private boolean readsCarry(int n) {
        return !input[n] && (hard[fanin0[n] >> 1] || hard[fanin1[n] >> 1]);
    }

    private static void randomPatterns(long[] sim, int base, int w, java.util.SplittableRandom rnd, int round) {
        for (int k = 0; k < w; k++) {
            sim[base + k] = biased(rnd, round * w + k);
        }
        if (round == 0) {
            sim[base] = (sim[base] & ~3L) | 2L; // pattern 0: every input 0, pattern 1: every input 1
        }
    }

    /** Simulates node n's w words from its fan-ins'; returns how many of the patterns are ones. */
    private long simulate(long[] sim, int n, int w) {
        int fa = fanin0[n];
        int fb = fanin1[n];
        int base = n * w;
        int ba = (fa >> 1) * w;
        int bb = (fb >> 1) * w;
        long ma = (fa & 1) != 0 ? -1L : 0;
        long mb = (fb & 1) != 0 ? -1L : 0;
        long ones = 0;
        for (int k = 0; k < w; k++) {
            long v = (sim[ba + k] ^ ma) & (sim[bb + k] ^ mb);
            sim[base + k] = v;
            ones += Long.bitCount(v);
        }
        return ones;
    }

    private static long ones(long[] sim, int base, int w) {
        long c = 0;
        for (int k = 0; k < w; k++) {
            c += Long.bitCount(sim[base + k]);
        }
        return c;
    }

    /** Hash of the node's class so far and its phase-normalised values this round (64-bit: collisions negligible). */
    private static long signature(long[] sim, int base, int w, long flip, int cls) {
        long h = cls * 0xC2B2AE3D27D4EB4FL;
        for (int k = 0; k < w; k++) {
            h = (h ^ (sim[base + k] ^ flip)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        return h;
    }

    /**
     * Word k of an input's patterns: ones with probability 1/2 for even k, otherwise 2^-j or 1 - 2^-j
     * (j = 2..6), so carry chains, wide equalities and all-zero/all-one operands get exercised.
     */
    private static long biased(java.util.SplittableRandom rnd, int k) {
        if (k % 2 == 0) {
            return rnd.nextLong();
        }
        int j = 2 + (k / 2) % 5;
        long v = rnd.nextLong();
        boolean dense = (k / 2) % 2 == 1;
        for (int i = 1; i < j; i++) {
            v = dense ? v | rnd.nextLong() : v & rnd.nextLong();
        }
        return v;
    }

    private static int map(int[] rep, int lit) {
        return rep[lit >> 1] ^ (lit & 1);
    }

    /** Number of AND nodes reachable from {@code roots} (the logic that survives dead-code removal). */
    public int liveAnds(int[] roots, boolean[] liveOut) {
        boolean[] live = liveOut;
        int[] stack = new int[Math.max(16, size)];
        int sp = 0;
        for (int r : roots) {
            int n = r >> 1;
            if (n > 0 && !live[n]) {
                live[n] = true;
                stack[sp++] = n;
            }
        }
        int count = 0;
        while (sp > 0) {
            int n = stack[--sp];
            if (input[n]) {
                continue;
            }
            count++;
            for (int f : new int[] {fanin0[n] >> 1, fanin1[n] >> 1}) {
                if (f > 0 && !live[f]) {
                    live[f] = true;
                    stack[sp++] = f;
                }
            }
        }
        return count;
    }

    /** Balanced AND of all literals (TRUE when empty). */
    public int andAll(List<Integer> lits) {
        return reduce(lits, true);
    }

    /** Balanced OR of all literals (FALSE when empty). */
    public int orAll(List<Integer> lits) {
        return reduce(lits, false);
    }

    private int reduce(List<Integer> lits, boolean isAnd) {
        if (lits.isEmpty()) {
            return isAnd ? TRUE : FALSE;
        }
        List<Integer> level = new ArrayList<>(lits);
        while (level.size() > 1) {
            List<Integer> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(isAnd ? and(level.get(i), level.get(i + 1)) : or(level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0);
    }

    /**
     * The graph so far as an immutable {@link Aig}: inputs first in creation order (unnamed ones
     * named {@code i<position>}), then every AND node in creation order, outputs as added.
     */
    public Aig build() {
        int[] map = new int[size];
        List<String> names = new ArrayList<>(inputNames.size());
        for (int i = 0; i < inputNodes.size(); i++) {
            map[inputNodes.get(i)] = 2 * (i + 1);
            names.add(inputNames.get(i) != null ? inputNames.get(i) : "i" + i);
        }
        int ands = 0;
        int[] f0 = new int[andCount()];
        int[] f1 = new int[andCount()];
        for (int n = 1; n < size; n++) {
            if (!input[n]) {
                f0[ands] = map(map, fanin0[n]);
                f1[ands] = map(map, fanin1[n]);
                ands++;
                map[n] = 2 * (inputNodes.size() + ands);
            }
        }
        int[] outs = outputs.stream().mapToInt(lit -> map(map, lit)).toArray();
        return new Aig(names, outputNames, outs, f0, f1);
    }

    /**
     * Fan-in pair to node, open addressing over primitive arrays: the structural hash is probed on every
     * AND the bit-blast creates and rebuilt after every merge, where boxed map entries cost more than the
     * rest of the lookup. (A primitive-collections library would bring a multi-megabyte jar for this.)
     */
    private static final class Strash {
        private long[] keys = new long[1 << 12];
        private int[] nodes = new int[1 << 12];
        private int used;

        Strash() {
            Arrays.fill(nodes, -1);
        }

        int get(long key) {
            int mask = keys.length - 1;
            for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
                if (nodes[slot] < 0) {
                    return -1;
                }
                if (keys[slot] == key) {
                    return nodes[slot];
                }
            }
        }

        void put(long key, int node) {
            putIfAbsent(key, node);
        }

        /** Stores key -&gt; node unless present; returns the node already stored, or -1. */
        int putIfAbsent(long key, int node) {
            if (2 * (used + 1) > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
                if (nodes[slot] < 0) {
                    keys[slot] = key;
                    nodes[slot] = node;
                    used++;
                    return -1;
                }
                if (keys[slot] == key) {
                    return nodes[slot];
                }
            }
        }

        void clear() {
            Arrays.fill(nodes, -1);
            used = 0;
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 29)) & mask;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldNodes = nodes;
            keys = new long[2 * oldKeys.length];
            nodes = new int[2 * oldKeys.length];
            Arrays.fill(nodes, -1);
            used = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldNodes[i] >= 0) {
                    putIfAbsent(oldKeys[i], oldNodes[i]);
                }
            }
        }
    }
}
