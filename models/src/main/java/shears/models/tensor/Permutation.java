package shears.models.tensor;

import java.util.SplittableRandom;

/** Seeded Fisher-Yates permutations (shuffling orders for training, data splits and wiring). */
public final class Permutation {
    private Permutation() {}

    /** A uniformly random permutation of 0..n-1 drawn from {@code random}. */
    public static int[] of(int n, SplittableRandom random) {
        int[] p = new int[n];
        shuffleIdentity(p, random);
        return p;
    }

    /** Fills {@code order} with 0..n-1 and shuffles it in place. */
    public static void shuffleIdentity(int[] order, SplittableRandom random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
