package shears.rtl.estimate;

import java.util.Arrays;

/**
 * K-input LUT covering of an {@link Aig} by priority cuts (at most {@link #CUTS_PER_NODE} kept per
 * node), the method of ABC's {@code if} mapper, which the Yosys cross-check runs, in miniature: a
 * cover of least depth first, then area-flow and exact-area recovery that keep that depth, with the
 * LUT costs the synthesis script gives ABC. Inputs, carry-chain nodes (implemented by the FPGA's
 * carry primitives) and black-box outputs are cut leaves that cost no LUT.
 */
final class LutMapper {
    static final int CUTS_PER_NODE = 8;

    private LutMapper() {
    }

    /**
     * @param signature one bit per leaf (leaf mod 64): unions over k leaves are rejected without merging
     * @param arrival   LUT levels from the inputs to this cut's output
     */
    private record Cut(int[] leaves, double areaFlow, long signature, int arrival) {
        Cut(int[] leaves, double areaFlow, int arrival) {
            this(leaves, areaFlow, signatureOf(leaves), arrival);
        }

        private static long signatureOf(int[] leaves) {
            long s = 0;
            for (int l : leaves) {
                s |= 1L << (l & 63);
            }
            return s;
        }
    }

    /** Area-recovery rounds after the first mapping (area flow with the previous cover's references). */
    static final int RECOVERY_ROUNDS = 2;

    /** LUTs needed to compute every root literal with k-input LUTs, each LUT costing the same. */
    static int map(Aig g, int[] roots, int k, boolean[] freeLeaf) {
        double[] unit = new double[k + 1];
        Arrays.fill(unit, 1);
        return map(g, roots, k, freeLeaf, unit);
    }

    /**
     * LUTs needed to compute every root literal with k-input LUTs, the cover chosen for least total
     * cost where a LUT of s inputs costs {@code costByInputs[s]} (the LUT library the mapper is given).
     */
    static int map(Aig g, int[] roots, int k, boolean[] freeLeaf, double[] costByInputs) {
        int n = g.size();
        double[] fanout = new double[n];
        for (int i = 1; i < n; i++) {
            if (g.isAnd(i) && !freeLeaf[i]) {
                fanout[g.fanin0(i) >> 1]++;
                fanout[g.fanin1(i) >> 1]++;
            }
        }
        for (int r : roots) {
            fanout[r >> 1]++;
        }
        // Only nodes the roots reach need cuts (the graph keeps dead and merged nodes).
        boolean[] needed = new boolean[n];
        g.liveAnds(roots, needed);
        // Depth first, as ABC's if mapper: the cover with the fewest LUT levels, then area recovery that
        // may not lengthen any path beyond that depth.
        Cover cover = pass(g, roots, k, freeLeaf, fanout, needed, null, costByInputs);
        int[] required = required(g, roots, freeLeaf, cover);
        for (int round = 0; round < RECOVERY_ROUNDS; round++) {
            double[] est = new double[n];
            for (int i = 0; i < n; i++) {
                // Blend the structural fan-out with the references of the last cover (as ABC's if mapper does).
                est[i] = cover.refs()[i] > 0 ? (cover.refs()[i] + fanout[i]) / 2.0 : fanout[i];
            }
            Cover next = pass(g, roots, k, freeLeaf, est, needed, required, costByInputs);
            if (next.luts() >= cover.luts()) {
                break;
            }
            cover = next;
            required = required(g, roots, freeLeaf, cover);
        }
        return exactArea(g, roots, freeLeaf, needed, cover, required, costByInputs);
    }

    /**
     * Latest LUT level at which each node of the cover may arrive without making the deepest root later
     * (nodes outside the cover are unconstrained). Carry cells add no level.
     */
    private static int[] required(Aig g, int[] roots, boolean[] freeLeaf, Cover cover) {
        int n = g.size();
        int depth = 0;
        for (int r : roots) {
            depth = Math.max(depth, cover.arrival()[r >> 1]);
        }
        int[] required = new int[n];
        Arrays.fill(required, Integer.MAX_VALUE);
        for (int r : roots) {
            required[r >> 1] = depth;
        }
        for (int u = n - 1; u > 0; u--) {
            if (cover.refs()[u] > 0 && g.isAnd(u) && required[u] != Integer.MAX_VALUE) {
                int r = required[u] - (freeLeaf[u] ? 0 : 1);
                for (int leaf : reads(g, freeLeaf, cover.best(), u)) {
                    required[leaf] = Math.min(required[leaf], r);
                }
            }
        }
        return required;
    }

    /** A cover: its LUT count, each node's candidate cuts and chosen cut, and how often the cover reads each node. */
    private record Cover(int luts, Cut[][] cuts, Cut[] best, int[] refs, int[] arrival) {
    }

    /**
     * Exact-area recovery (ABC's {@code if} mapper does the same after area flow): in topological order,
     * each node takes the cut whose LUTs not already in the cover are fewest, counted by referencing the
     * cut's cone and releasing it again. Area flow shares a fan-out-2 node it should duplicate (a full
     * adder's a ^ b, read by both the sum and the carry); exact area sees that the shared LUT is extra.
     */
    private static int exactArea(Aig g, int[] roots, boolean[] freeLeaf, boolean[] needed, Cover cover, int[] required,
                                 double[] cost) {
        int n = g.size();
        Cut[] best = cover.best().clone();
        int[] refs = cover.refs().clone();
        int[] arrival = cover.arrival().clone();
        int[] stack = new int[64];
        for (int i = 1; i < n; i++) {
            if (!needed[i] || !g.isAnd(i) || cover.cuts()[i] == null) {
                continue;
            }
            if (freeLeaf[i]) {
                arrival[i] = Math.max(arrival[g.fanin0(i) >> 1], arrival[g.fanin1(i) >> 1]);
                continue;
            }
            boolean inCover = refs[i] > 0;
            if (inCover) {
                stack = release(g, freeLeaf, best, refs, best[i].leaves(), stack);
            }
            Cut chosen = best[i];
            double chosenArea = Double.MAX_VALUE;
            for (Cut c : cover.cuts()[i]) {
                if (c.leaves().length == 1 && c.leaves()[0] == i) {
                    continue; // the trivial cut
                }
                if (c != best[i] && levelAfter(arrival, c.leaves()) > required[i]) {
                    continue;
                }
                double area = cost[c.leaves().length] + reference(g, freeLeaf, best, refs, c.leaves(), stack, cost);
                stack = release(g, freeLeaf, best, refs, c.leaves(), stack);
                if (area < chosenArea || (area == chosenArea && c.leaves().length < chosen.leaves().length)) {
                    chosen = c;
                    chosenArea = area;
                }
            }
            best[i] = chosen;
            arrival[i] = levelAfter(arrival, chosen.leaves());
            if (inCover) {
                reference(g, freeLeaf, best, refs, chosen.leaves(), stack, cost);
            }
        }
        int luts = countCover(g, roots, freeLeaf, best, new int[n]);
        return Math.min(luts, cover.luts());
    }

    /** Level of a LUT over {@code leaves}. */
    private static int levelAfter(int[] arrival, int[] leaves) {
        int a = 0;
        for (int leaf : leaves) {
            a = Math.max(a, arrival[leaf]);
        }
        return a + 1;
    }

    /** What a node's implementation reads: its cut's leaves, or a carry cell's two fan-ins. */
    private static int[] reads(Aig g, boolean[] freeLeaf, Cut[] best, int u) {
        return freeLeaf[u] ? new int[] {g.fanin0(u) >> 1, g.fanin1(u) >> 1} : best[u].leaves();
    }

    /** References {@code leaves}; returns the LUTs that enter the cover with them (whole newly needed cones). */
    private static double reference(Aig g, boolean[] freeLeaf, Cut[] best, int[] refs, int[] leaves, int[] stack,
                                    double[] cost) {
        double area = 0;
        int sp = 0;
        for (int leaf : leaves) {
            if (refs[leaf]++ == 0 && g.isAnd(leaf)) {
                stack = push(stack, sp++, leaf);
            }
        }
        while (sp > 0) {
            int u = stack[--sp];
            if (!freeLeaf[u]) {
                area += cost[best[u].leaves().length];
            }
            for (int leaf : reads(g, freeLeaf, best, u)) {
                if (leaf != 0 && refs[leaf]++ == 0 && g.isAnd(leaf)) {
                    if (sp == stack.length) {
                        stack = java.util.Arrays.copyOf(stack, 2 * sp);
                    }
                    stack[sp++] = leaf;
                }
            }
        }
        return area;
    }

    /** Undoes {@link #reference}; returns the (possibly grown) work stack. */
    private static int[] release(Aig g, boolean[] freeLeaf, Cut[] best, int[] refs, int[] leaves, int[] stack) {
        int sp = 0;
        for (int leaf : leaves) {
            if (--refs[leaf] == 0 && g.isAnd(leaf)) {
                stack = push(stack, sp++, leaf);
            }
        }
        while (sp > 0) {
            int u = stack[--sp];
            for (int leaf : reads(g, freeLeaf, best, u)) {
                if (leaf != 0 && --refs[leaf] == 0 && g.isAnd(leaf)) {
                    stack = push(stack, sp++, leaf);
                }
            }
        }
        return stack;
    }

    private static int[] push(int[] stack, int sp, int v) {
        int[] s = sp == stack.length ? java.util.Arrays.copyOf(stack, 2 * sp) : stack;
        s[sp] = v;
        return s;
    }

    /**
     * One mapping pass. Without {@code required}: the fewest LUT levels per node (area flow breaks
     * ties); with it: the least area flow among cuts that arrive in time.
     */
    private static Cover pass(Aig g, int[] roots, int k, boolean[] freeLeaf, double[] fanout, boolean[] needed,
                              int[] required, double[] costByInputs) {
        int n = g.size();
        double[] af = new double[n];
        int[] arrival = new int[n];
        Cut[][] cuts = new Cut[n][];
        Cut[] best = new Cut[n];
        int[] scratch = new int[k];
        Cut[] constant = {new Cut(new int[0], 0, 0)};
        for (int i = 1; i < n; i++) {
            if (!needed[i]) {
                continue;
            }
            if (!g.isAnd(i) || freeLeaf[i]) {
                arrival[i] = g.isAnd(i) ? Math.max(arrival[g.fanin0(i) >> 1], arrival[g.fanin1(i) >> 1]) : 0;
                cuts[i] = new Cut[] {new Cut(new int[] {i}, 0, arrival[i])};
                continue;
            }
            Cut[] a = (g.fanin0(i) >> 1) == 0 ? constant : cuts[g.fanin0(i) >> 1];
            Cut[] b = (g.fanin1(i) >> 1) == 0 ? constant : cuts[g.fanin1(i) >> 1];
            int limit = required == null ? Integer.MAX_VALUE : required[i];
            // Keep the CUTS_PER_NODE best candidates with insertion into a small array; the earliest cut
            // is kept aside in case none arrives in time.
            Cut[] keep = new Cut[CUTS_PER_NODE];
            int kept = 0;
            Cut earliest = null;
            for (Cut x : a) {
                for (Cut y : b) {
                    if (Long.bitCount(x.signature() | y.signature()) > k) {
                        continue; // more than k distinct leaves for sure
                    }
                    int size = union(x.leaves(), y.leaves(), k, scratch);
                    if (size < 0) {
                        continue;
                    }
                    double flow = costByInputs[size];
                    int level = 0;
                    for (int q = 0; q < size; q++) {
                        flow += af[scratch[q]] / Math.max(1, fanout[scratch[q]]);
                        level = Math.max(level, arrival[scratch[q]]);
                    }
                    level++;
                    boolean late = level > limit;
                    if (late && earliest != null && earliest.arrival() <= level) {
                        continue;
                    }
                    if (!late && kept == CUTS_PER_NODE && !better(level, flow, size, keep[kept - 1], required == null)) {
                        continue;
                    }
                    boolean duplicate = false;
                    for (int q = 0; q < kept && !duplicate; q++) {
                        duplicate = Arrays.equals(keep[q].leaves(), 0, keep[q].leaves().length, scratch, 0, size);
                    }
                    if (duplicate) {
                        continue;
                    }
                    Cut cut = new Cut(Arrays.copyOf(scratch, size), flow, x.signature() | y.signature(), level);
                    if (late) {
                        earliest = cut;
                        continue;
                    }
                    int pos = Math.min(kept, CUTS_PER_NODE - 1);
                    while (pos > 0 && better(level, flow, size, keep[pos - 1], required == null)) {
                        if (pos < CUTS_PER_NODE) {
                            keep[pos] = keep[pos - 1];
                        }
                        pos--;
                    }
                    keep[pos] = cut;
                    kept = Math.min(kept + 1, CUTS_PER_NODE);
                }
            }
            if (kept == 0) {
                keep[kept++] = earliest;
            }
            best[i] = keep[0];
            af[i] = best[i].areaFlow();
            arrival[i] = best[i].arrival();
            Cut[] withTrivial = Arrays.copyOf(keep, kept + 1);
            withTrivial[kept] = new Cut(new int[] {i}, af[i], arrival[i]);
            cuts[i] = withTrivial;
        }
        int[] refs = new int[n];
        int luts = countCover(g, roots, freeLeaf, best, refs);
        return new Cover(luts, cuts, best, refs, arrival);
    }

    /**
     * LUTs of the cover {@code best} reached from the roots; {@code refs} gets how often each node is
     * read (by a root, a chosen LUT or a carry cell).
     */
    private static int countCover(Aig g, int[] roots, boolean[] freeLeaf, Cut[] best, int[] refs) {
        int n = g.size();
        boolean[] chosen = new boolean[n];
        int[] stack = new int[n + roots.length];
        int sp = 0;
        for (int r : roots) {
            refs[r >> 1]++;
            stack[sp++] = r >> 1;
        }
        int luts = 0;
        while (sp > 0) {
            int i = stack[--sp];
            if (i == 0 || chosen[i] || !g.isAnd(i)) {
                continue;
            }
            chosen[i] = true;
            if (!freeLeaf[i]) {
                luts++; // carry-primitive nodes cost no LUT, but their inputs must still be computed
            }
            for (int leaf : reads(g, freeLeaf, best, i)) {
                refs[leaf]++;
                stack = push(stack, sp++, leaf);
            }
        }
        return luts;
    }

    /** Cut ranking: by level first when mapping for depth, else by area flow; fewer leaves break ties. */
    private static boolean better(int level, double flow, int size, Cut than, boolean depthFirst) {
        if (depthFirst && level != than.arrival()) {
            return level < than.arrival();
        }
        return flow < than.areaFlow() || (flow == than.areaFlow() && size < than.leaves().length);
    }

    /** Sorted union of two sorted leaf sets into {@code out}; its size, or -1 if over k leaves. */
    private static int union(int[] a, int[] b, int k, int[] out) {
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int v;
            if (j >= b.length || (i < a.length && a[i] < b[j])) {
                v = a[i++];
            } else if (i >= a.length || b[j] < a[i]) {
                v = b[j++];
            } else {
                v = a[i++];
                j++;
            }
            if (n == k) {
                return -1;
            }
            out[n++] = v;
        }
        return n;
    }
}
