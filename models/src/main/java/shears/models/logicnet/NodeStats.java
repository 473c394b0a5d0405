package shears.models.logicnet;

import shears.rtl.aig.Aig;
import shears.rtl.aig.AigBuilder;

/** Per-node simulation over the training samples, and rebuilding a netlist with nodes replaced. */
final class NodeStats {
    private NodeStats() {}

    /** Valid-sample mask per word. */
    static long[] mask(int words, int samples) {
        long[] m = new long[words];
        for (int w = 0; w < words; w++) {
            int valid = Math.min(64, samples - 64 * w);
            m[w] = valid >= 64 ? -1L : valid <= 0 ? 0 : (1L << valid) - 1;
        }
        return m;
    }

    static int ones(long[] sig, long[] mask) {
        int n = 0;
        for (int w = 0; w < sig.length; w++) {
            n += Long.bitCount(sig[w] & mask[w]);
        }
        return n;
    }

    /**
     * Rebuilds {@code aig} with {@code replace[v]} (a literal of an earlier variable of the original,
     * or -1 to keep v) substituted, structurally hashed, dead nodes removed.
     */
    static Aig rebuild(Aig aig, int[] replace) {
        AigBuilder b = new AigBuilder();
        int[] map = new int[aig.maxVar() + 1];
        for (int i = 1; i <= aig.inputCount(); i++) {
            map[i] = b.input(aig.inputNames().get(i - 1));
        }
        for (int v = aig.inputCount() + 1; v <= aig.maxVar(); v++) {
            if (replace[v] >= 0) {
                map[v] = map[replace[v] >> 1] ^ (replace[v] & 1);
            } else {
                int a = aig.fanin0(v);
                int c = aig.fanin1(v);
                map[v] = b.and(map[a >> 1] ^ (a & 1), map[c >> 1] ^ (c & 1));
            }
        }
        for (int o = 0; o < aig.outputCount(); o++) {
            int lit = aig.output(o);
            b.output(aig.outputNames().get(o), map[lit >> 1] ^ (lit & 1));
        }
        return b.build().withoutDeadNodes();
    }
}
