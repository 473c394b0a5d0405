package shears.models.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import shears.models.tensor.Permutation;

/**
 * MONK-like problems generated from the published rule definitions (Thrun et al., 1991): six
 * attributes a1..a6 with 3, 3, 2, 3, 4, 2 values, all 432 combinations; MONK-1 is
 * {@code a1 = a2 or a5 = 1}, MONK-2 {@code exactly two attributes equal their first value},
 * MONK-3 {@code (a5 = 3 and a4 = 1) or (a5 != 4 and a2 != 3)}. The test set is all 432 samples as
 * in the UCI release; training sets of the UCI sizes (124, 169, 122) are drawn by a seed, with 5 %
 * label noise for MONK-3. Samples differ from the UCI files, hence "MONK-like". Features are the
 * attributes one-hot encoded (17 values in {0, 1}).
 */
public final class Monks {
    private static final int[] VALUES = {3, 3, 2, 3, 4, 2};
    private static final int[] TRAIN_SIZE = {124, 169, 122};

    private Monks() {}

    /** {train, test} for problem 1, 2 or 3. */
    public static Table[] problem(int k, long seed) {
        if (k < 1 || k > 3) {
            throw new IllegalArgumentException("MONK problem must be 1, 2 or 3, got " + k);
        }
        List<int[]> all = new ArrayList<>();
        for (int a1 = 1; a1 <= 3; a1++) {
            for (int a2 = 1; a2 <= 3; a2++) {
                for (int a3 = 1; a3 <= 2; a3++) {
                    for (int a4 = 1; a4 <= 3; a4++) {
                        for (int a5 = 1; a5 <= 4; a5++) {
                            for (int a6 = 1; a6 <= 2; a6++) {
                                all.add(new int[] {a1, a2, a3, a4, a5, a6});
                            }
                        }
                    }
                }
            }
        }
        int[] labels = new int[all.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rule(k, all.get(i)) ? 1 : 0;
        }
        Table test = table("monk" + k + "-test", all, labels);
        SplittableRandom r = new SplittableRandom(seed * 7 + k);
        int[] order = Permutation.of(all.size(), r);
        List<int[]> train = new ArrayList<>();
        int[] trainLabels = new int[TRAIN_SIZE[k - 1]];
        for (int i = 0; i < trainLabels.length; i++) {
            train.add(all.get(order[i]));
            trainLabels[i] = labels[order[i]];
            if (k == 3 && r.nextDouble() < 0.05) {
                trainLabels[i] ^= 1;
            }
        }
        return new Table[] {table("monk" + k + "-train", train, trainLabels), test};
    }

    static boolean rule(int k, int[] a) {
        return switch (k) {
            case 1 -> a[0] == a[1] || a[4] == 1;
            case 2 -> {
                int ones = 0;
                for (int v : a) {
                    ones += v == 1 ? 1 : 0;
                }
                yield ones == 2;
            }
            default -> (a[4] == 3 && a[3] == 1) || (a[4] != 4 && a[1] != 3);
        };
    }

    private static Table table(String name, List<int[]> rows, int[] labels) {
        double[][] f = new double[rows.size()][];
        for (int i = 0; i < f.length; i++) {
            double[] x = new double[17];
            int off = 0;
            for (int a = 0; a < 6; a++) {
                x[off + rows.get(i)[a] - 1] = 1;
                off += VALUES[a];
            }
            f[i] = x;
        }
        return new Table(name, f, labels, List.of("0", "1"));
    }
}
