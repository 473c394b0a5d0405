package shears.rtl.estimate;

import java.util.Arrays;
import shears.rtl.aig.AigBuilder;

/**
 * Rebuilds an {@link AigBuilder} with every AND supergate (a tree of AND nodes reached through uncomplemented
 * single-fan-out edges) re-associated the way ABC's {@code dc2} ends up with it: pairs of leaves whose
 * AND is already a node the rest of the graph needs are taken first (the node is then shared instead
 * of duplicated), the remaining leaves are combined lowest level first ({@code balance}). A counter's
 * {@code en & (&count)} thus reuses the enabled carry chain instead of a separate tree: 39 AND nodes
 * become 32, the count ABC reaches. Repeated leaves count once and a leaf beside its complement makes
 * the supergate constant false.
 *
 * <p>This is the part of ABC's rewriting that needs no library of precomputed subgraphs; the 4-input
 * cut rewrites of XOR and multiplexer structures are not done (on random netlists ABC's {@code rewrite}
 * finds up to 12 % more).
 */
final class SupergateRewrite {
    /** Supergates with more leaves are rebuilt as they are (the pair search is quadratic). */
    static final int MAX_LEAVES = 16;

    record Result(AigBuilder aig, int[] roots) {}

    private final AigBuilder g;
    private final boolean[] live;
    private final AigBuilder out = new AigBuilder();
    private final int[] copy;
    private final int[] fanouts;
    private final int[] stamp;
    /** AND nodes inside another node's supergate: copied as they are (a dead copy if the root regroups). */
    private final boolean[] absorbed;

    private int[] level = new int[1024];

    private SupergateRewrite(AigBuilder g, int[] roots, boolean[] live) {
        this.g = g;
        this.live = live;
        int n = g.size();
        copy = new int[n];
        fanouts = new int[n];
        stamp = new int[n];
        absorbed = new boolean[n];
        for (int u = 1; u < n; u++) {
            if (live[u] && g.isAnd(u)) {
                fanouts[g.fanin0(u) >> 1]++;
                fanouts[g.fanin1(u) >> 1]++;
            }
        }
        for (int r : roots) {
            fanouts[r >> 1]++;
        }
        for (int u = 1; u < n; u++) {
            if (live[u] && g.isAnd(u)) {
                absorb(g.fanin0(u));
                absorb(g.fanin1(u));
            }
        }
    }

    private void absorb(int f) {
        absorbed[f >> 1] |= (f & 1) == 0 && g.isAnd(f >> 1) && fanouts[f >> 1] == 1;
    }

    static Result run(AigBuilder g, int[] roots, boolean[] live) {
        SupergateRewrite rw = new SupergateRewrite(g, roots, live);
        int n = g.size();
        Arrays.fill(rw.copy, -1);
        rw.copy[0] = AigBuilder.FALSE;
        for (int u = 1; u < n; u++) {
            if (live[u] && g.isInput(u)) {
                rw.out.setOrigin(g.origin(u));
                rw.copy[u] = rw.out.newInput();
            }
        }
        // Topological order: a supergate's leaves are earlier nodes, already copied.
        for (int u = 1; u < n; u++) {
            if (live[u] && g.isAnd(u) && rw.copy[u] < 0) {
                rw.out.setOrigin(g.origin(u));
                rw.copy[u] = rw.absorbed[u] ? rw.and(rw.lit(g.fanin0(u)), rw.lit(g.fanin1(u))) : rw.rebuild(u);
            }
        }
        int[] newRoots = new int[roots.length];
        for (int i = 0; i < roots.length; i++) {
            newRoots[i] = rw.lit(roots[i]);
        }
        return new Result(rw.out, newRoots);
    }

    private int lit(int oldLit) {
        return copy[oldLit >> 1] ^ (oldLit & 1);
    }

    private final int[] leaves = new int[MAX_LEAVES + 2];
    private final int[] stack = new int[2 * MAX_LEAVES + 4];
    private final int[] pending = new int[MAX_LEAVES + 2];

    private int rebuild(int u) {
        int count = 0;
        int inner = 1;
        stamp[u] = u;
        int sp = 0;
        stack[sp++] = g.fanin1(u); // depth first, fan-in 0 first
        stack[sp++] = g.fanin0(u);
        while (sp > 0 && count <= MAX_LEAVES) {
            int l = stack[--sp];
            int m = l >> 1;
            if ((l & 1) == 0 && g.isAnd(m) && fanouts[m] == 1 && sp + 2 <= stack.length) {
                stamp[m] = u;
                inner++;
                stack[sp++] = g.fanin1(m);
                stack[sp++] = g.fanin0(m);
            } else {
                leaves[count++] = l;
            }
        }
        out.setOrigin(g.origin(u));
        if (sp > 0 || count > MAX_LEAVES || inner < 2) {
            return and(lit(g.fanin0(u)), lit(g.fanin1(u)));
        }
        // Distinct leaves; a leaf with its complement makes the AND false.
        int k = 0;
        for (int i = 0; i < count; i++) {
            boolean seen = false;
            for (int j = 0; j < k; j++) {
                if (leaves[j] == AigBuilder.not(leaves[i])) {
                    return AigBuilder.FALSE;
                }
                seen |= leaves[j] == leaves[i];
            }
            if (!seen) {
                leaves[k++] = leaves[i];
            }
        }
        // Take pairs whose AND exists and is needed outside this supergate.
        boolean found = true;
        while (found && k > 1) {
            found = false;
            for (int i = 0; i < k && !found; i++) {
                for (int j = i + 1; j < k && !found; j++) {
                    int shared = g.find(leaves[i], leaves[j]);
                    int m = shared >> 1;
                    if (shared < 0 || !live[m] || stamp[m] == u || fanouts[m] == 0) {
                        continue;
                    }
                    if (copy[m] < 0) {
                        copy[m] = and(lit(leaves[i]), lit(leaves[j]));
                    }
                    // The pair leaves; the shared node joins at the end (considered after the rest).
                    System.arraycopy(leaves, j + 1, leaves, j, k - j - 1);
                    System.arraycopy(leaves, i + 1, leaves, i, k - i - 2);
                    leaves[k - 2] = shared;
                    k--;
                    found = true;
                }
            }
        }
        // The rest lowest level first (the earlier of equals first), as balancing combines them.
        for (int i = 0; i < k; i++) {
            pending[i] = lit(leaves[i]);
        }
        out.setOrigin(g.origin(u));
        while (k > 1) {
            int a = lowest(k);
            int x = pending[a];
            System.arraycopy(pending, a + 1, pending, a, k - a - 1);
            k--;
            int b = lowest(k);
            int y = pending[b];
            System.arraycopy(pending, b + 1, pending, b, k - b - 1);
            pending[k - 1] = and(x, y);
        }
        return pending[0];
    }

    /** Index of the first of the lowest-level literals among pending[0..k). */
    private int lowest(int k) {
        int best = 0;
        for (int i = 1; i < k; i++) {
            if (levelOf(pending[i]) < levelOf(pending[best])) {
                best = i;
            }
        }
        return best;
    }

    private int and(int a, int b) {
        int l = out.and(a, b);
        int n = l >> 1;
        if (n >= level.length) {
            level = Arrays.copyOf(level, Math.max(n + 1, 2 * level.length));
        }
        if (n > 0 && out.isAnd(n) && level[n] == 0) {
            level[n] = 1 + Math.max(levelOf(out.fanin0(n)), levelOf(out.fanin1(n)));
        }
        return l;
    }

    private int levelOf(int l) {
        int n = l >> 1;
        return n < level.length ? level[n] : 0;
    }
}
