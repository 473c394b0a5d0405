package shears.rtl.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import shears.rtl.aig.AigBuilder;

/**
 * K-input LUT covering of an {@link AigBuilder} by priority cuts (at most {@link #CUTS_PER_NODE} kept per
 * node), the method of ABC's {@code if} mapper, which the Yosys cross-check runs, in miniature: a
 * cover of least depth first, then area-flow and exact-area recovery that keep that depth, with the
 * LUT costs the synthesis script gives ABC. Inputs, carry-chain nodes (implemented by the FPGA's
 * carry primitives) and black-box outputs are cut leaves that cost no LUT.
 */
final class LutMapper {
    static final int CUTS_PER_NODE = 8;

    private LutMapper() {}

    /**
     * Every node's candidate cuts, struct-of-arrays (a cut is an index): {@code k} leaf slots, leaf
     * count, area flow, a signature with one bit per leaf (leaf mod 64, so unions over k leaves are
     * rejected without merging) and the LUT level of the cut's output. Node i's cuts are
     * {@code first[i] .. first[i] + count[i] - 1}, best first, its trivial cut last. With an object
     * per cut the mapper's first (mostly interpreted) call took twice as long (wide-alu 16: 57 ms, 30 here).
     */
    private static final class Cuts {
        final int k;
        final int[] first;
        final int[] count;
        int[] leaves;
        int[] size;
        double[] flow;
        long[] sig;
        int[] arrival;
        int n;

        Cuts(int nodes, int expectedCuts, int k) {
            this.k = k;
            first = new int[nodes];
            count = new int[nodes];
            int cap = Math.max(16, expectedCuts);
            leaves = new int[cap * k];
            size = new int[cap];
            flow = new double[cap];
            sig = new long[cap];
            arrival = new int[cap];
        }

        private void ensureRoom() {
            if (n == size.length) {
                int cap = 2 * n;
                leaves = Arrays.copyOf(leaves, cap * k);
                size = Arrays.copyOf(size, cap);
                flow = Arrays.copyOf(flow, cap);
                sig = Arrays.copyOf(sig, cap);
                arrival = Arrays.copyOf(arrival, cap);
            }
        }

        int add(int[] src, int srcOffset, int leafCount, double areaFlow, long signature, int level) {
            ensureRoom();
            System.arraycopy(src, srcOffset, leaves, n * k, leafCount);
            size[n] = leafCount;
            flow[n] = areaFlow;
            sig[n] = signature;
            arrival[n] = level;
            return n++;
        }

        /** A cut of the single leaf {@code node}. */
        int addTrivial(int node, double areaFlow, int level) {
            ensureRoom();
            leaves[n * k] = node;
            size[n] = 1;
            flow[n] = areaFlow;
            sig[n] = 1L << (node & 63);
            arrival[n] = level;
            return n++;
        }

        boolean isTrivial(int c, int node) {
            return size[c] == 1 && leaves[c * k] == node;
        }
    }

    /** Area-recovery rounds after the first mapping (area flow with the previous cover's references). */
    static final int RECOVERY_ROUNDS = 2;

    /** LUTs needed to compute every root literal with k-input LUTs, each LUT costing the same. */
    static int map(AigBuilder g, int[] roots, int k, boolean[] freeLeaf) {
        return map(g, roots, k, freeLeaf, unitCosts(k));
    }

    /** LUT costs where every LUT of up to k inputs costs the same (iCE40's {@code abc -lut 4}). */
    static double[] unitCosts(int k) {
        double[] unit = new double[k + 1];
        Arrays.fill(unit, 1);
        return unit;
    }

    /**
     * LUTs needed to compute every root literal with k-input LUTs, the cover chosen for least total
     * cost where a LUT of s inputs costs {@code costByInputs[s]} (the LUT library the mapper is given).
     */
    static int map(AigBuilder g, int[] roots, int k, boolean[] freeLeaf, double[] costByInputs) {
        return cover(g, roots, k, freeLeaf, costByInputs).luts();
    }

    /** The chosen cover of {@link #map}, for {@link #criticalPath}. */
    static Cover cover(AigBuilder g, int[] roots, int k, boolean[] freeLeaf, double[] costByInputs) {
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
     * What node u's implementation reads, into {@code out} (returns how many): its cut's leaves, or a
     * carry cell's two fan-ins.
     */
    private static int reads(AigBuilder g, boolean[] freeLeaf, Cuts cuts, int[] best, int u, int[] out) {
        if (freeLeaf[u]) {
            out[0] = g.fanin0(u) >> 1;
            out[1] = g.fanin1(u) >> 1;
            return 2;
        }
        int c = best[u];
        int size = cuts.size[c];
        System.arraycopy(cuts.leaves, c * cuts.k, out, 0, size);
        return size;
    }

    /**
     * Latest LUT level at which each node of the cover may arrive without making the deepest root later
     * (nodes outside the cover are unconstrained). Carry cells add no level.
     */
    private static int[] required(AigBuilder g, int[] roots, boolean[] freeLeaf, Cover cover) {
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
        int[] leaves = new int[Math.max(2, cover.cuts().k)];
        for (int u = n - 1; u > 0; u--) {
            if (cover.refs()[u] > 0 && g.isAnd(u) && required[u] != Integer.MAX_VALUE) {
                int r = required[u] - (freeLeaf[u] ? 0 : 1);
                int m = reads(g, freeLeaf, cover.cuts(), cover.best(), u, leaves);
                for (int q = 0; q < m; q++) {
                    required[leaves[q]] = Math.min(required[leaves[q]], r);
                }
            }
        }
        return required;
    }

    /**
     * A cover: its LUT count, each node's candidate cuts and chosen cut (an index into {@code cuts}, -1
     * for nodes without cuts), and how often the cover reads each node.
     */
    record Cover(int luts, Cuts cuts, int[] best, int[] refs, int[] arrival) {}

    /** Reference counting over a cover, with the work stack and leaf buffers it needs. */
    private static final class Refs {
        final AigBuilder g;
        final boolean[] freeLeaf;
        final Cuts cuts;
        final int[] best;
        final int[] refs;
        final double[] cost;
        int[] stack = new int[64];

        Refs(AigBuilder g, boolean[] freeLeaf, Cuts cuts, int[] best, int[] refs, double[] cost) {
            this.g = g;
            this.freeLeaf = freeLeaf;
            this.cuts = cuts;
            this.best = best;
            this.refs = refs;
            this.cost = cost;
        }

        /** References cut c's leaves; returns the LUTs that enter the cover with them (whole newly needed cones). */
        double reference(int c) {
            double area = 0;
            int sp = 0;
            int base = c * cuts.k;
            for (int q = 0; q < cuts.size[c]; q++) {
                int leaf = cuts.leaves[base + q];
                if (refs[leaf]++ == 0 && g.isAnd(leaf)) {
                    push(sp++, leaf);
                }
            }
            while (sp > 0) {
                int u = stack[--sp];
                if (freeLeaf[u]) {
                    sp = referenceLeaf(g.fanin0(u) >> 1, sp);
                    sp = referenceLeaf(g.fanin1(u) >> 1, sp);
                    continue;
                }
                int cu = best[u];
                area += cost[cuts.size[cu]];
                for (int q = cu * cuts.k, end = q + cuts.size[cu]; q < end; q++) {
                    sp = referenceLeaf(cuts.leaves[q], sp);
                }
            }
            return area;
        }

        /** Undoes {@link #reference}. */
        void release(int c) {
            int sp = 0;
            int base = c * cuts.k;
            for (int q = 0; q < cuts.size[c]; q++) {
                int leaf = cuts.leaves[base + q];
                if (--refs[leaf] == 0 && g.isAnd(leaf)) {
                    push(sp++, leaf);
                }
            }
            while (sp > 0) {
                int u = stack[--sp];
                if (freeLeaf[u]) {
                    sp = releaseLeaf(g.fanin0(u) >> 1, sp);
                    sp = releaseLeaf(g.fanin1(u) >> 1, sp);
                    continue;
                }
                int cu = best[u];
                for (int q = cu * cuts.k, end = q + cuts.size[cu]; q < end; q++) {
                    sp = releaseLeaf(cuts.leaves[q], sp);
                }
            }
        }

        /** Counts one more reader of {@code leaf}; a node newly read goes on the stack. Returns the stack size. */
        private int referenceLeaf(int leaf, int sp) {
            if (leaf != 0 && refs[leaf]++ == 0 && g.isAnd(leaf)) {
                push(sp, leaf);
                return sp + 1;
            }
            return sp;
        }

        private int releaseLeaf(int leaf, int sp) {
            if (leaf != 0 && --refs[leaf] == 0 && g.isAnd(leaf)) {
                push(sp, leaf);
                return sp + 1;
            }
            return sp;
        }

        private void push(int sp, int v) {
            if (sp == stack.length) {
                stack = Arrays.copyOf(stack, 2 * sp);
            }
            stack[sp] = v;
        }
    }

    /**
     * Exact-area recovery (ABC's {@code if} mapper does the same after area flow): in topological order,
     * each node takes the cut whose LUTs not already in the cover are fewest, counted by referencing the
     * cut's cone and releasing it again. Area flow shares a fan-out-2 node it should duplicate (a full
     * adder's a ^ b, read by both the sum and the carry); exact area sees that the shared LUT is extra.
     */
    private static Cover exactArea(
            AigBuilder g,
            int[] roots,
            boolean[] freeLeaf,
            boolean[] needed,
            Cover cover,
            int[] required,
            double[] cost) {
        int n = g.size();
        Cuts cuts = cover.cuts();
        int[] best = cover.best().clone();
        int[] refs = cover.refs().clone();
        int[] arrival = cover.arrival().clone();
        Refs rc = new Refs(g, freeLeaf, cuts, best, refs, cost);
        for (int i = 1; i < n; i++) {
            if (!needed[i] || !g.isAnd(i) || cuts.count[i] == 0) {
                continue;
            }
            if (freeLeaf[i]) {
                arrival[i] = Math.max(arrival[g.fanin0(i) >> 1], arrival[g.fanin1(i) >> 1]);
                continue;
            }
            boolean inCover = refs[i] > 0;
            if (inCover) {
                rc.release(best[i]);
            }
            int chosen = best[i];
            double chosenArea = Double.MAX_VALUE;
            for (int c = cuts.first[i]; c < cuts.first[i] + cuts.count[i]; c++) {
                if (cuts.isTrivial(c, i)) {
                    continue;
                }
                if (c != best[i] && levelAfter(arrival, cuts, c) > required[i]) {
                    continue;
                }
                double area = cost[cuts.size[c]] + rc.reference(c);
                rc.release(c);
                if (area < chosenArea || (area == chosenArea && cuts.size[c] < cuts.size[chosen])) {
                    chosen = c;
                    chosenArea = area;
                }
            }
            best[i] = chosen;
            arrival[i] = levelAfter(arrival, cuts, chosen);
            if (inCover) {
                rc.reference(chosen);
            }
        }
        int[] finalRefs = new int[n];
        int luts = countCover(g, roots, freeLeaf, cuts, best, finalRefs);
        return luts < cover.luts() ? new Cover(luts, cuts, best, finalRefs, arrival) : cover;
    }

    /**
     * Delays a path through an FPGA cover is weighed with, in ns: a LUT with the net that reaches it
     * ({@code lutNs}), one carry-chain bit ({@code carryNs}: carry-out to the next bit's carry-out), a
     * fabric signal entering the chain ({@code carryEntryNs}: net and input-to-carry-out), and the
     * flip-flops at both ends ({@code clockNs}: clock-to-output, the last net and set-up), and what a
     * block RAM's clock-to-output takes beyond a flip-flop's ({@code ramExtraNs}).
     */
    record Delays(double lutNs, double carryNs, double carryEntryNs, double clockNs, double ramExtraNs) {}

    /**
     * The slowest path through a cover: its delay, the LUTs and carry-chain bits along it, and its
     * start, LUT and carry-out nodes in order.
     */
    record Path(double ns, int luts, int carryBits, List<Integer> nodes) {}

    /**
     * Longest path from any input (port, flip-flop, block-RAM output) to any root through the cover's
     * LUTs and carry cells. A carry cell's output arrives through its chain (the previous bit's carry
     * out) or from the fabric; internal carry-cell nodes keep the two apart so that a LUT reading them
     * (the sum, which reads the chain's operands and its carry in) adds only its own delay.
     */
    static Path criticalPath(
            AigBuilder g, int[] roots, boolean[] freeLeaf, boolean[] ramOutput, Cover cover, Delays d) {
        int n = g.size();
        double[] at = new double[n];
        for (int i = 1; i < n; i++) {
            at[i] = ramOutput[i] ? d.ramExtraNs() : 0;
        }
        // Internal carry-cell nodes: the latest arrival through the chain (-1: none) beside at[] from the
        // fabric. Where each arrival came from: 2 * node + (1 if that node's chain-side arrival), -1 for none.
        double[] chainAt = new double[n];
        Arrays.fill(chainAt, -1);
        int[] from = new int[n];
        int[] chainFrom = new int[n];
        Arrays.fill(from, -1);
        Arrays.fill(chainFrom, -1);
        Cuts cuts = cover.cuts();
        int[] buf = new int[Math.max(2, cuts.k)];
        for (int i = 1; i < n; i++) {
            if (!g.isAnd(i) || cover.refs()[i] == 0) {
                continue;
            }
            if (!freeLeaf[i]) {
                int m = reads(g, freeLeaf, cuts, cover.best(), i, buf);
                double latest = 0;
                for (int q = 0; q < m; q++) {
                    int leaf = buf[q];
                    if (at[leaf] > latest || from[i] < 0) {
                        latest = Math.max(latest, at[leaf]);
                        from[i] = 2 * leaf;
                    }
                    if (chainAt[leaf] > latest) {
                        latest = chainAt[leaf];
                        from[i] = 2 * leaf + 1;
                    }
                }
                at[i] = latest + d.lutNs();
                continue;
            }
            double fabric = 0;
            double chain = -1;
            for (int side = 0; side < 2; side++) {
                int f = (side == 0 ? g.fanin0(i) : g.fanin1(i)) >> 1;
                boolean inside = g.isAnd(f) && freeLeaf[f];
                if (inside && g.isCarry(f)) {
                    if (at[f] > chain) {
                        chain = at[f];
                        chainFrom[i] = 2 * f;
                    }
                    continue;
                }
                if (at[f] > fabric || from[i] < 0) {
                    fabric = Math.max(fabric, at[f]);
                    from[i] = 2 * f;
                }
                if (inside && chainAt[f] > chain) {
                    chain = chainAt[f];
                    chainFrom[i] = 2 * f + 1;
                }
            }
            if (g.isCarry(i)) {
                // The carry out: the chain's own bit, or a fabric signal entering the chain here.
                if (chain >= 0 && chain + d.carryNs() > fabric + d.carryEntryNs()) {
                    at[i] = chain + d.carryNs();
                    from[i] = chainFrom[i];
                } else {
                    at[i] = fabric + d.carryEntryNs();
                }
                chainFrom[i] = -1;
            } else {
                at[i] = fabric;
                chainAt[i] = chain;
            }
        }
        double worst = 0;
        int end = -1;
        for (int r : roots) {
            int u = r >> 1;
            if (at[u] > worst) {
                worst = at[u];
                end = 2 * u;
            }
            if (chainAt[u] > worst) {
                worst = chainAt[u];
                end = 2 * u + 1;
            }
        }
        // Walk back to the start, keeping the LUTs and carry outs.
        List<Integer> nodes = new ArrayList<>();
        int luts = 0;
        int bits = 0;
        for (int e = end; e >= 0; ) {
            int u = e >> 1;
            if (g.isAnd(u) && !freeLeaf[u]) {
                luts++;
                nodes.add(u);
            } else if (g.isAnd(u) && g.isCarry(u)) {
                bits++;
                nodes.add(u);
            } else if (!g.isAnd(u) && u > 0) {
                nodes.add(u); // where the path starts: a port, flip-flop or RAM output
            }
            e = (e & 1) != 0 ? chainFrom[u] : g.isAnd(u) ? from[u] : -1;
        }
        java.util.Collections.reverse(nodes);
        return new Path(worst + d.clockNs(), luts, bits, nodes);
    }

    /** Level of a LUT over cut c's leaves. */
    private static int levelAfter(int[] arrival, Cuts cuts, int c) {
        int a = 0;
        int base = c * cuts.k;
        for (int q = 0; q < cuts.size[c]; q++) {
            a = Math.max(a, arrival[cuts.leaves[base + q]]);
        }
        return a + 1;
    }

    /**
     * One mapping pass. Without {@code required}: the fewest LUT levels per node (area flow breaks
     * ties); with it: the least area flow among cuts that arrive in time.
     */
    private static Cover pass(
            AigBuilder g,
            int[] roots,
            int k,
            boolean[] freeLeaf,
            double[] fanout,
            boolean[] needed,
            int[] required,
            double[] costByInputs) {
        int n = g.size();
        final int limitCuts = CUTS_PER_NODE;
        double[] af = new double[n];
        int[] arrival = new int[n];
        int neededNodes = 0;
        for (int i = 1; i < n; i++) {
            neededNodes += needed[i] ? 1 : 0;
        }
        Cuts cuts = new Cuts(n, 6 * neededNodes, k);
        int[] best = new int[n];
        Arrays.fill(best, -1);
        // Node 0 (constant) reads as one cut of no leaves.
        cuts.first[0] = cuts.add(new int[0], 0, 0, 0, 0, 0);
        cuts.count[0] = 1;
        // Candidates of the node being mapped: slots 0..limitCuts-1 for the kept cuts (ranked through
        // order[]), slot limitCuts for the earliest late cut, kept aside in case none arrives in time.
        int[] slotLeaves = new int[(limitCuts + 1) * k];
        int[] slotSize = new int[limitCuts + 1];
        double[] slotFlow = new double[limitCuts + 1];
        long[] slotSig = new long[limitCuts + 1];
        int[] slotArrival = new int[limitCuts + 1];
        int[] order = new int[limitCuts];
        int[] scratch = new int[k];
        boolean depthFirst = required == null;
        for (int i = 1; i < n; i++) {
            if (!needed[i]) {
                continue;
            }
            if (!g.isAnd(i) || freeLeaf[i]) {
                arrival[i] = g.isAnd(i) ? Math.max(arrival[g.fanin0(i) >> 1], arrival[g.fanin1(i) >> 1]) : 0;
                cuts.first[i] = cuts.addTrivial(i, 0, arrival[i]);
                cuts.count[i] = 1;
                continue;
            }
            int na = g.fanin0(i) >> 1;
            int nb = g.fanin1(i) >> 1;
            int limit = required == null ? Integer.MAX_VALUE : required[i];
            int kept = 0;
            boolean haveEarliest = false;
            for (int x = cuts.first[na]; x < cuts.first[na] + cuts.count[na]; x++) {
                for (int y = cuts.first[nb]; y < cuts.first[nb] + cuts.count[nb]; y++) {
                    long sig = cuts.sig[x] | cuts.sig[y];
                    if (Long.bitCount(sig) > k) {
                        continue; // more than k distinct leaves for sure
                    }
                    int size = union(cuts.leaves, x * k, cuts.size[x], y * k, cuts.size[y], k, scratch);
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
                    if (late && haveEarliest && slotArrival[limitCuts] <= level) {
                        continue;
                    }
                    if (!late && kept == limitCuts) {
                        int last = order[kept - 1];
                        if (!better(level, flow, size, slotArrival[last], slotFlow[last], slotSize[last], depthFirst)) {
                            continue;
                        }
                    }
                    boolean duplicate = false;
                    for (int q = 0; q < kept && !duplicate; q++) {
                        int s = order[q];
                        duplicate = Arrays.equals(slotLeaves, s * k, s * k + slotSize[s], scratch, 0, size);
                    }
                    if (duplicate) {
                        continue;
                    }
                    // A slot for the new cut: the earliest-late slot, a fresh one, or the one it evicts.
                    int slot = late ? limitCuts : kept < limitCuts ? kept : order[limitCuts - 1];
                    System.arraycopy(scratch, 0, slotLeaves, slot * k, size);
                    slotSize[slot] = size;
                    slotFlow[slot] = flow;
                    slotSig[slot] = sig;
                    slotArrival[slot] = level;
                    if (late) {
                        haveEarliest = true;
                        continue;
                    }
                    int pos = Math.min(kept, limitCuts - 1);
                    while (pos > 0) {
                        int prev = order[pos - 1];
                        if (!better(level, flow, size, slotArrival[prev], slotFlow[prev], slotSize[prev], depthFirst)) {
                            break;
                        }
                        order[pos] = prev;
                        pos--;
                    }
                    order[pos] = slot;
                    kept = Math.min(kept + 1, limitCuts);
                }
            }
            if (kept == 0) {
                order[kept++] = limitCuts;
            }
            int head = -1;
            for (int r = 0; r < kept; r++) {
                int s = order[r];
                int c = cuts.add(slotLeaves, s * k, slotSize[s], slotFlow[s], slotSig[s], slotArrival[s]);
                head = r == 0 ? c : head;
            }
            best[i] = head;
            af[i] = cuts.flow[head];
            arrival[i] = cuts.arrival[head];
            cuts.addTrivial(i, af[i], arrival[i]);
            cuts.first[i] = head;
            cuts.count[i] = kept + 1;
        }
        int[] refs = new int[n];
        int luts = countCover(g, roots, freeLeaf, cuts, best, refs);
        return new Cover(luts, cuts, best, refs, arrival);
    }

    /**
     * LUTs of the cover {@code best} reached from the roots; {@code refs} gets how often each node is
     * read (by a root, a chosen LUT or a carry cell).
     */
    private static int countCover(AigBuilder g, int[] roots, boolean[] freeLeaf, Cuts cuts, int[] best, int[] refs) {
        int n = g.size();
        boolean[] chosen = new boolean[n];
        int[] stack = new int[n + roots.length];
        int sp = 0;
        for (int r : roots) {
            refs[r >> 1]++;
            stack[sp++] = r >> 1;
        }
        int luts = 0;
        int[] buf = new int[Math.max(2, cuts.k)];
        while (sp > 0) {
            int i = stack[--sp];
            if (i == 0 || chosen[i] || !g.isAnd(i)) {
                continue;
            }
            chosen[i] = true;
            if (!freeLeaf[i]) {
                luts++; // carry-primitive nodes cost no LUT, but their inputs must still be computed
            }
            int m = reads(g, freeLeaf, cuts, best, i, buf);
            for (int q = 0; q < m; q++) {
                refs[buf[q]]++;
                if (sp == stack.length) {
                    stack = Arrays.copyOf(stack, 2 * sp);
                }
                stack[sp++] = buf[q];
            }
        }
        return luts;
    }

    /** Cut ranking: by level first when mapping for depth, else by area flow; fewer leaves break ties. */
    private static boolean better(
            int level, double flow, int size, int thanLevel, double thanFlow, int thanSize, boolean depthFirst) {
        if (depthFirst && level != thanLevel) {
            return level < thanLevel;
        }
        return flow < thanFlow || (flow == thanFlow && size < thanSize);
    }

    /**
     * Sorted union of two sorted leaf sets, {@code sa} leaves at {@code leaves[a..]} and {@code sb} at
     * {@code leaves[b..]}, into {@code out}; its size, or -1 if over k leaves.
     */
    private static int union(int[] leaves, int a, int sa, int b, int sb, int k, int[] out) {
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < sa || j < sb) {
            int v;
            if (j >= sb || (i < sa && leaves[a + i] < leaves[b + j])) {
                v = leaves[a + i++];
            } else if (i >= sa || leaves[b + j] < leaves[a + i]) {
                v = leaves[b + j++];
            } else {
                v = leaves[a + i++];
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
