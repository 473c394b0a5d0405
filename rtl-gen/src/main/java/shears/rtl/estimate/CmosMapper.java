package shears.rtl.estimate;

/**
 * Transistor count of an {@link Aig} mapped onto the gates of the Yosys cross-check ({@code abc -g
 * cmos2}: NAND2 and NOR2 of 4 transistors, NOT of 2; {@code stat -tech cmos}). Every AND node becomes
 * a NAND (which delivers its complement) or a NOR of the complemented fan-ins (which delivers it); a
 * signal needed in the polarity its gate does not deliver costs one inverter, shared by its fan-outs.
 * The gate kinds are chosen to minimise inverters: a pass from the outputs back, seeded simulated
 * annealing, then greedy descent (on single-operator designs the inverter counts land within a few
 * percent of ABC's, which alternates NAND and NOR along chains the same way). A full adder over two variable
 * operands costs {@link #ARITH_FACTOR} times more per node: ABC maps for delay first and duplicates
 * logic along carry chains (calibrated on single-operator designs, see the field).
 */
final class CmosMapper {
    static final int TRANSISTORS_PER_GATE = 4;
    static final int TRANSISTORS_PER_INVERTER = 2;
    /**
     * Transistors per full-adder node over those per gate. Calibrated against Yosys 0.23 + ABC on
     * single-operator designs (16-bit adder, 8x8 and 16x16 multipliers, a constant multiplier), never
     * on the built-in designs the estimator is checked against.
     */
    static final double ARITH_FACTOR = 1.65;
    /**
     * Extra transistors of an XOR on a longest path whose operands are both XORs (parity trees): ABC's
     * delay-first mapping computes such a level in both polarities rather than wait for an inverter, so
     * the XOR is built twice (3 gates and an inverter again). Off the longest paths ABC has the slack
     * for the inverter (on random netlists, charging every such XOR overshot Yosys by 12 to 16 more points). Measured on parity trees of 4 to 64 inputs through Yosys
     * 0.23 ({@code abc -g cmos2}): 26.6 to 29.2 transistors per joining XOR against 14 for an XOR of
     * two inputs; an XOR of an XOR and an input (a ^ b ^ c) costs no more than two separate XORs.
     */
    static final int XOR_JOIN_TRANSISTORS = 3 * TRANSISTORS_PER_GATE + TRANSISTORS_PER_INVERTER;
    private static final int SEARCH_PASSES = 6;
    private static final int ANNEAL_SWEEPS = 30;
    private static final int ANNEAL_MIN_SWEEPS = 4;
    private static final int ANNEAL_MOVE_BUDGET = 20_000;

    private CmosMapper() {
    }

    /**
     * @param transistors total for the live logic (flip-flops not included)
     * @param nodeTransistors transistors of each node's gate (0 for dead nodes and inputs), inverters included
     */
    record Result(double transistors, double[] nodeTransistors) {
    }

    static Result map(Aig g, int[] roots, boolean[] live) {
        int n = g.size();
        boolean[] nor = new boolean[n];
        int[] needPos = new int[n];
        int[] needNeg = new int[n];
        for (int r : roots) {
            demand(needPos, needNeg, r, false, +1);
        }
        // Start from outputs backwards: once a node's fan-outs are decided, it delivers the polarity
        // they mostly need (NOR delivers the node, NAND its complement); local search then improves.
        for (int u = n - 1; u > 0; u--) {
            if (live[u] && g.isAnd(u)) {
                nor[u] = needPos[u] >= needNeg[u];
                demand(needPos, needNeg, g.fanin0(u), nor[u], +1);
                demand(needPos, needNeg, g.fanin1(u), nor[u], +1);
            }
        }
        // Simulated annealing over single-gate flips (seeded: deterministic), then greedy descent.
        int[] order = java.util.stream.IntStream.range(1, n).filter(u -> live[u] && g.isAnd(u)).toArray();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        // 30 sweeps for small graphs, at least 4 for large ones (the estimate's time budget).
        int moves = Math.max(ANNEAL_MIN_SWEEPS * order.length, Math.min(ANNEAL_SWEEPS * order.length, ANNEAL_MOVE_BUDGET));
        for (int step = 0; step < moves; step++) {
            double temperature = 0.6 * (1 - step / (double) moves);
            int u = order[rnd.nextInt(order.length)];
            tryFlip(g, nor, needPos, needNeg, u, temperature, rnd);
        }
        for (int pass = 0; pass < SEARCH_PASSES; pass++) {
            boolean changed = false;
            for (int u : order) {
                changed |= tryFlip(g, nor, needPos, needNeg, u, 0, rnd);
            }
            if (!changed) {
                break;
            }
        }
        int[] slack = slack(g, roots, live);
        double[] nodeT = new double[n];
        double total = 0;
        for (int u = 1; u < n; u++) {
            if (!live[u]) {
                continue;
            }
            if (g.isAnd(u)) {
                nodeT[u] = TRANSISTORS_PER_GATE * (g.isArith(u) ? ARITH_FACTOR : 1);
                if (!g.isArith(u) && slack[u] == 0 && joinsTwoXors(g, u)) {
                    nodeT[u] += XOR_JOIN_TRANSISTORS;
                }
            }
            if (inverter(g, nor, needPos, needNeg, u) > 0) {
                nodeT[u] += TRANSISTORS_PER_INVERTER;
            }
            total += nodeT[u];
        }
        return new Result(total, nodeT);
    }

    /** Levels each live node could be delayed without lengthening the deepest path (unit delay per AND node). */
    private static int[] slack(Aig g, int[] roots, boolean[] live) {
        int n = g.size();
        int[] arrival = new int[n];
        int depth = 0;
        for (int u = 1; u < n; u++) {
            if (live[u] && g.isAnd(u)) {
                arrival[u] = 1 + Math.max(arrival[g.fanin0(u) >> 1], arrival[g.fanin1(u) >> 1]);
            }
        }
        for (int r : roots) {
            depth = Math.max(depth, arrival[r >> 1]);
        }
        int[] required = new int[n];
        java.util.Arrays.fill(required, depth);
        for (int u = n - 1; u > 0; u--) {
            if (live[u] && g.isAnd(u)) {
                int a = g.fanin0(u) >> 1;
                int b = g.fanin1(u) >> 1;
                required[a] = Math.min(required[a], required[u] - 1);
                required[b] = Math.min(required[b], required[u] - 1);
            }
        }
        int[] slack = new int[n];
        for (int u = 1; u < n; u++) {
            slack[u] = required[u] - arrival[u];
        }
        return slack;
    }

    /** Whether node u is the top of an XOR both of whose operands are XORs (see {@link #XOR_JOIN_TRANSISTORS}). */
    private static boolean joinsTwoXors(Aig g, int u) {
        int[] ops = g.xorOperands(2 * u);
        return ops != null && g.xorOperands(ops[0] & ~1) != null && g.xorOperands(ops[1] & ~1) != null;
    }

    /** Flips gate u if that saves inverters, or (temperature &gt; 0) with the annealing probability. */
    private static boolean tryFlip(Aig g, boolean[] nor, int[] needPos, int[] needNeg, int u, double temperature,
                                   java.util.SplittableRandom rnd) {
        int a = g.fanin0(u) >> 1;
        int b = g.fanin1(u) >> 1;
        int before = localInverters(g, nor, needPos, needNeg, u, a, b);
        flip(g, nor, needPos, needNeg, u);
        int delta = localInverters(g, nor, needPos, needNeg, u, a, b) - before;
        if (delta < 0 || (temperature > 0 && rnd.nextDouble() < Math.exp(-delta / temperature))) {
            return delta < 0;
        }
        flip(g, nor, needPos, needNeg, u);
        return false;
    }

    /** Inverters on gate u and its fan-in nodes a and b (counted once if a == b). */
    private static int localInverters(Aig g, boolean[] nor, int[] needPos, int[] needNeg, int u, int a, int b) {
        return inverter(g, nor, needPos, needNeg, u) + inverter(g, nor, needPos, needNeg, a)
                + (b != a ? inverter(g, nor, needPos, needNeg, b) : 0);
    }

    /** Records (or withdraws) the need for literal {@code lit}, complemented first if {@code viaNor}. */
    private static void demand(int[] needPos, int[] needNeg, int lit, boolean viaNor, int delta) {
        int node = lit >> 1;
        if (node == 0) {
            return;
        }
        boolean negative = ((lit & 1) != 0) != viaNor;
        if (negative) {
            needNeg[node] += delta;
        } else {
            needPos[node] += delta;
        }
    }

    /** Switches node u between NAND and NOR, moving its fan-ins' demands. */
    private static void flip(Aig g, boolean[] nor, int[] needPos, int[] needNeg, int u) {
        demand(needPos, needNeg, g.fanin0(u), nor[u], -1);
        demand(needPos, needNeg, g.fanin1(u), nor[u], -1);
        nor[u] = !nor[u];
        demand(needPos, needNeg, g.fanin0(u), nor[u], +1);
        demand(needPos, needNeg, g.fanin1(u), nor[u], +1);
    }

    /** 1 if node m is needed in the polarity its driver does not deliver (inputs deliver it positive). */
    private static int inverter(Aig g, boolean[] nor, int[] needPos, int[] needNeg, int m) {
        if (m == 0) {
            return 0;
        }
        boolean deliversPositive = !g.isAnd(m) || nor[m];
        return (deliversPositive ? needNeg[m] : needPos[m]) > 0 ? 1 : 0;
    }
}
