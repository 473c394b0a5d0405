package shears.rtl.aig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable and-inverter graph. Variables: 0 is constant false, 1..I are the primary inputs,
 * I+1..I+A the AND nodes in topological order. A literal is {@code 2 * var + complement}. AND node
 * {@code v} has fanins {@code fanin0[v - I - 1]} and {@code fanin1[...]}, both literals of smaller
 * variables (so the graph is acyclic by construction).
 */
public final class Aig {
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final int[] outputs;
    private final int[] fanin0;
    private final int[] fanin1;

    public Aig(List<String> inputNames, List<String> outputNames, int[] outputs, int[] fanin0, int[] fanin1) {
        this.inputNames = List.copyOf(inputNames);
        this.outputNames = List.copyOf(outputNames);
        this.outputs = outputs.clone();
        this.fanin0 = fanin0.clone();
        this.fanin1 = fanin1.clone();
        if (fanin0.length != fanin1.length || outputs.length != outputNames.size()) {
            throw new IllegalArgumentException("inconsistent AIG arrays");
        }
        int inputs = inputNames.size();
        for (int a = 0; a < fanin0.length; a++) {
            int v = inputs + 1 + a;
            if (fanin0[a] >> 1 >= v || fanin1[a] >> 1 >= v || fanin0[a] < 0 || fanin1[a] < 0) {
                throw new IllegalArgumentException("AND node " + v + " reads a later or invalid literal");
            }
        }
        for (int o : outputs) {
            if (o < 0 || o >> 1 > inputs + fanin0.length) {
                throw new IllegalArgumentException("output literal " + o + " out of range");
            }
        }
    }

    public int inputCount() {
        return inputNames.size();
    }

    public int andCount() {
        return fanin0.length;
    }

    public int outputCount() {
        return outputs.length;
    }

    /** Largest variable index. */
    public int maxVar() {
        return inputNames.size() + fanin0.length;
    }

    public List<String> inputNames() {
        return inputNames;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    public int output(int i) {
        return outputs[i];
    }

    public int[] outputs() {
        return outputs.clone();
    }

    public boolean isAnd(int var) {
        return var > inputNames.size();
    }

    public int fanin0(int var) {
        return fanin0[var - inputNames.size() - 1];
    }

    public int fanin1(int var) {
        return fanin1[var - inputNames.size() - 1];
    }

    /** Levels: inputs and constants 0, an AND one more than its deepest fanin; returns the output depth. */
    public int depth() {
        int[] level = new int[maxVar() + 1];
        for (int v = inputCount() + 1; v <= maxVar(); v++) {
            level[v] = 1 + Math.max(level[fanin0(v) >> 1], level[fanin1(v) >> 1]);
        }
        int d = 0;
        for (int o : outputs) {
            d = Math.max(d, level[o >> 1]);
        }
        return d;
    }

    /** A copy keeping only the AND nodes the outputs reach (renumbered, order kept). */
    public Aig withoutDeadNodes() {
        boolean[] live = new boolean[maxVar() + 1];
        for (int o : outputs) {
            live[o >> 1] = true;
        }
        for (int v = maxVar(); v > inputCount(); v--) {
            if (live[v]) {
                live[fanin0(v) >> 1] = true;
                live[fanin1(v) >> 1] = true;
            }
        }
        int[] map = new int[maxVar() + 1];
        for (int v = 0; v <= inputCount(); v++) {
            map[v] = 2 * v;
        }
        List<Integer> f0 = new ArrayList<>();
        List<Integer> f1 = new ArrayList<>();
        for (int v = inputCount() + 1; v <= maxVar(); v++) {
            if (live[v]) {
                f0.add(remap(map, fanin0(v)));
                f1.add(remap(map, fanin1(v)));
                map[v] = 2 * (inputCount() + f0.size());
            }
        }
        int[] outs = new int[outputs.length];
        for (int i = 0; i < outs.length; i++) {
            outs[i] = remap(map, outputs[i]);
        }
        return new Aig(
                inputNames,
                outputNames,
                outs,
                f0.stream().mapToInt(Integer::intValue).toArray(),
                f1.stream().mapToInt(Integer::intValue).toArray());
    }

    static int remap(int[] map, int lit) {
        return map[lit >> 1] ^ (lit & 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Aig a
                && a.inputNames.equals(inputNames)
                && a.outputNames.equals(outputNames)
                && Arrays.equals(a.outputs, outputs)
                && Arrays.equals(a.fanin0, fanin0)
                && Arrays.equals(a.fanin1, fanin1);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fanin0) * 31 + Arrays.hashCode(outputs);
    }

    @Override
    public String toString() {
        return "Aig[inputs=" + inputCount() + ", ands=" + andCount() + ", outputs=" + outputCount() + "]";
    }
}
