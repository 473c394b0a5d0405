package shears.models.logicnet;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import shears.rtl.aig.Aig;
import shears.rtl.aig.BitSim;

/**
 * The magnitude-style greedy baseline: a gate's importance is how often it departs from its
 * majority value on the training data ({@code min(ones, zeros) / samples}, the analogue of a small
 * weight magnitude: a gate that is almost constant contributes little); the least important gates
 * are replaced by their majority constant, as many as needed for the budget (ties by position).
 */
public final class GreedyConstantPruning implements GatePruning {
    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public Aig prune(Aig netlist, long[][] patterns, int samples, int andBudget) {
        long[][] sig = BitSim.simulate(netlist, patterns);
        long[] mask = NodeStats.mask(sig[0].length, samples);
        int first = netlist.inputCount() + 1;
        int n = netlist.andCount();
        int[] ones = new int[netlist.maxVar() + 1];
        for (int v = first; v <= netlist.maxVar(); v++) {
            ones[v] = NodeStats.ones(sig[v], mask);
        }
        Integer[] order = IntStream.rangeClosed(first, netlist.maxVar())
                .boxed()
                .sorted(Comparator.<Integer>comparingInt(v -> Math.min(ones[v], samples - ones[v]))
                        .thenComparingInt(v -> v))
                .toArray(Integer[]::new);
        // binary search the fewest replacements that meet the budget
        int lo = 0;
        int hi = n;
        Aig best = replaced(netlist, order, ones, samples, n);
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            Aig a = replaced(netlist, order, ones, samples, mid);
            if (a.andCount() <= andBudget) {
                hi = mid;
                best = a;
            } else {
                lo = mid + 1;
            }
        }
        return lo == n ? best : replaced(netlist, order, ones, samples, lo);
    }

    private static Aig replaced(Aig g, Integer[] order, int[] ones, int samples, int count) {
        int[] replace = new int[g.maxVar() + 1];
        Arrays.fill(replace, -1);
        for (int k = 0; k < count; k++) {
            int v = order[k];
            replace[v] = ones[v] * 2 > samples ? 1 : 0; // literal TRUE or FALSE
        }
        return NodeStats.rebuild(g, replace);
    }
}
