package shears.models.logicnet;

import java.util.Arrays;
import java.util.TreeSet;
import shears.rtl.aig.Aig;
import shears.rtl.aig.BitSim;

/**
 * Data-driven similarity merging: for every AND node v, the earlier node u (input, AND or the
 * constant) whose value agrees with v or with its complement on the largest fraction of training
 * samples; v is replaced by u (or not u) when that fraction is at least a threshold. Agreements are
 * measured once on the original netlist, so a threshold picks a fixed merge set; the largest
 * threshold whose merged netlist fits the budget is chosen (threshold 1.0 merges only nodes that
 * are identical on the data).
 */
public final class SimilarityPruning implements GatePruning {
    @Override
    public String name() {
        return "similarity";
    }

    @Override
    public Aig prune(Aig netlist, long[][] patterns, int samples, int andBudget) {
        Match[] best = bestMatches(netlist, patterns, samples);
        TreeSet<Double> thresholds = new TreeSet<>();
        for (Match m : best) {
            if (m != null) {
                thresholds.add(m.agreement);
            }
        }
        Aig chosen = netlist;
        for (double t : thresholds.descendingSet()) { // loosen until the budget is met
            chosen = merge(netlist, best, t);
            if (chosen.andCount() <= andBudget) {
                break;
            }
        }
        return chosen;
    }

    /** The netlist with every node whose best agreement is at least {@code threshold} merged. */
    public static Aig mergeAt(Aig netlist, long[][] patterns, int samples, double threshold) {
        return merge(netlist, bestMatches(netlist, patterns, samples), threshold);
    }

    private record Match(int literal, double agreement) {}

    private static Aig merge(Aig netlist, Match[] best, double threshold) {
        int[] replace = new int[netlist.maxVar() + 1];
        Arrays.fill(replace, -1);
        for (int v = netlist.inputCount() + 1; v <= netlist.maxVar(); v++) {
            if (best[v] != null && best[v].agreement >= threshold) {
                replace[v] = best[v].literal;
            }
        }
        return NodeStats.rebuild(netlist, replace);
    }

    private static Match[] bestMatches(Aig g, long[][] patterns, int samples) {
        long[][] sig = BitSim.simulate(g, patterns);
        int words = sig[0].length;
        long[] mask = NodeStats.mask(words, samples);
        Match[] best = new Match[g.maxVar() + 1];
        for (int v = g.inputCount() + 1; v <= g.maxVar(); v++) {
            int bestLit = -1;
            int bestAgree = -1;
            for (int u = 0; u < v; u++) { // u = 0 is the constant (all zero signature)
                int differ = 0;
                for (int w = 0; w < words; w++) {
                    differ += Long.bitCount((sig[v][w] ^ sig[u][w]) & mask[w]);
                }
                int agree = Math.max(samples - differ, differ);
                if (agree > bestAgree) {
                    bestAgree = agree;
                    bestLit = 2 * u + (differ > samples - differ ? 1 : 0);
                }
            }
            best[v] = new Match(bestLit, (double) bestAgree / samples);
        }
        return best;
    }
}
