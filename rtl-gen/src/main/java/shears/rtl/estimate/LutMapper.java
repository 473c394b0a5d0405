package shears.rtl.estimate;

import java.util.Arrays;

/**
 * K-input LUT covering of an {@link Aig} by priority cuts (at most {@link #CUTS_PER_NODE} kept per
 * node, ranked by area flow), the method of ABC's {@code if} mapper in miniature. Inputs, carry-chain
 * nodes (implemented by the FPGA's carry primitives) and black-box outputs are cut leaves that cost
 * no LUT.
 */
final class LutMapper {
    static final int CUTS_PER_NODE = 8;

    private LutMapper() {
    }

    private record Cut(int[] leaves, double areaFlow) {
    }

    /** Area-recovery rounds after the first mapping (area flow with the previous cover's references). */
    static final int RECOVERY_ROUNDS = 2;

    /** LUTs needed to compute every root literal with k-input LUTs. */
    static int map(Aig g, int[] roots, int k, boolean[] freeLeaf) {
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
        int[] refs = new int[n];
        // Only nodes the roots reach need cuts (the graph keeps dead and merged nodes).
        boolean[] needed = new boolean[n];
        g.liveAnds(roots, needed);
        int luts = pass(g, roots, k, freeLeaf, fanout, refs, needed);
        for (int round = 0; round < RECOVERY_ROUNDS; round++) {
            double[] est = new double[n];
            for (int i = 0; i < n; i++) {
                // Blend the structural fan-out with the references of the last cover (as ABC's if mapper does).
                est[i] = refs[i] > 0 ? (refs[i] + fanout[i]) / 2.0 : fanout[i];
            }
            int[] next = new int[n];
            int l = pass(g, roots, k, freeLeaf, est, next, needed);
            if (l >= luts) {
                break;
            }
            luts = l;
            refs = next;
        }
        return luts;
    }

    private static int pass(Aig g, int[] roots, int k, boolean[] freeLeaf, double[] fanout, int[] refs,
                            boolean[] needed) {
        int n = g.size();
        double[] af = new double[n];
        Cut[][] cuts = new Cut[n][];
        Cut[] best = new Cut[n];
        int[] scratch = new int[k];
        for (int i = 1; i < n; i++) {
            if (!needed[i]) {
                continue;
            }
            if (!g.isAnd(i) || freeLeaf[i]) {
                cuts[i] = new Cut[] {new Cut(new int[] {i}, 0)};
                af[i] = 0;
                continue;
            }
            Cut[] a = cuts[g.fanin0(i) >> 1];
            Cut[] b = cuts[g.fanin1(i) >> 1];
            if ((g.fanin0(i) >> 1) == 0) {
                a = new Cut[] {new Cut(new int[0], 0)};
            }
            if ((g.fanin1(i) >> 1) == 0) {
                b = new Cut[] {new Cut(new int[0], 0)};
            }
            // Keep the CUTS_PER_NODE best candidates by (area flow, size) with insertion into a small array.
            Cut[] keep = new Cut[CUTS_PER_NODE];
            int kept = 0;
            for (Cut x : a) {
                for (Cut y : b) {
                    int size = union(x.leaves(), y.leaves(), k, scratch);
                    if (size < 0) {
                        continue;
                    }
                    double flow = 1;
                    for (int q = 0; q < size; q++) {
                        flow += af[scratch[q]] / Math.max(1, fanout[scratch[q]]);
                    }
                    if (kept == CUTS_PER_NODE && !better(flow, size, keep[kept - 1])) {
                        continue;
                    }
                    boolean duplicate = false;
                    for (int q = 0; q < kept && !duplicate; q++) {
                        duplicate = Arrays.equals(keep[q].leaves(), 0, keep[q].leaves().length, scratch, 0, size);
                    }
                    if (duplicate) {
                        continue;
                    }
                    int[] u = Arrays.copyOf(scratch, size);
                    int pos = Math.min(kept, CUTS_PER_NODE - 1);
                    while (pos > 0 && better(flow, u.length, keep[pos - 1])) {
                        if (pos < CUTS_PER_NODE) {
                            keep[pos] = keep[pos - 1];
                        }
                        pos--;
                    }
                    keep[pos] = new Cut(u, flow);
                    kept = Math.min(kept + 1, CUTS_PER_NODE);
                }
            }
            best[i] = keep[0];
            af[i] = best[i].areaFlow();
            Cut[] withTrivial = Arrays.copyOf(keep, kept + 1);
            withTrivial[kept] = new Cut(new int[] {i}, af[i]);
            cuts[i] = withTrivial;
        }
        boolean[] chosen = new boolean[n];
        int[] stack = new int[n + roots.length];
        int sp = 0;
        for (int r : roots) {
            stack[sp++] = r >> 1;
        }
        int luts = 0;
        while (sp > 0) {
            int i = stack[--sp];
            if (i == 0 || chosen[i] || !g.isAnd(i)) {
                continue;
            }
            chosen[i] = true;
            if (freeLeaf[i]) {
                // Carry-primitive nodes cost no LUT, but their inputs must still be computed.
                if (sp + 2 > stack.length) {
                    stack = Arrays.copyOf(stack, stack.length * 2);
                }
                stack[sp++] = g.fanin0(i) >> 1;
                stack[sp++] = g.fanin1(i) >> 1;
                continue;
            }
            luts++;
            for (int leaf : best[i].leaves()) {
                refs[leaf]++;
                if (sp >= stack.length) {
                    stack = Arrays.copyOf(stack, stack.length * 2);
                }
                stack[sp++] = leaf;
            }
        }
        return luts;
    }

    private static boolean better(double flow, int size, Cut than) {
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
