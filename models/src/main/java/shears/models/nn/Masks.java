package shears.models.nn;

import java.util.Arrays;

/**
 * Which parameters may be non-zero, per node: {@code weightKeep[n]} / {@code biasKeep[n]} are null
 * when node {@code n} is not masked. Training re-applies the masks after every step, so pruned
 * weights stay exactly zero through fine-tuning.
 */
public record Masks(boolean[][] weightKeep, boolean[][] biasKeep) {
    public Masks {
        if (weightKeep.length != biasKeep.length) {
            throw new IllegalArgumentException("weight and bias masks cover different node counts");
        }
    }

    /** No parameter masked. */
    public static Masks none(Network network) {
        int n = network.nodes().size();
        return new Masks(new boolean[n][], new boolean[n][]);
    }

    /** Kept (non-pruned) weights of node {@code n}, or its weight count when unmasked. */
    public int keptWeights(Network network, int n) {
        boolean[] keep = weightKeep[n];
        if (keep == null) {
            return network.weights(n).length;
        }
        int kept = 0;
        for (boolean k : keep) {
            if (k) {
                kept++;
            }
        }
        return kept;
    }

    /** Fraction of all weights (over nodes with weights other than channel gates) that are pruned. */
    public double sparsity(Network network) {
        long total = 0;
        long kept = 0;
        for (int n : network.prunableNodes()) {
            total += network.weights(n).length;
            kept += keptWeights(network, n);
        }
        return total == 0 ? 0 : 1.0 - (double) kept / total;
    }

    public Masks copy() {
        boolean[][] w = new boolean[weightKeep.length][];
        boolean[][] b = new boolean[biasKeep.length][];
        for (int i = 0; i < w.length; i++) {
            w[i] = weightKeep[i] == null ? null : weightKeep[i].clone();
            b[i] = biasKeep[i] == null ? null : biasKeep[i].clone();
        }
        return new Masks(w, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Masks m
                && Arrays.deepEquals(weightKeep, m.weightKeep)
                && Arrays.deepEquals(biasKeep, m.biasKeep);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(weightKeep) * 31 + Arrays.deepHashCode(biasKeep);
    }

    @Override
    public String toString() {
        return "Masks[" + weightKeep.length + " nodes]";
    }
}
