package shears.models.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import shears.models.tensor.Permutation;

/** A classification data set: real features per sample, integer labels 0..classes-1, class names. */
public record Table(String name, double[][] features, int[] labels, List<String> classNames) {
    public Table {
        if (features.length != labels.length || features.length == 0) {
            throw new IllegalArgumentException(name + ": needs equally many samples and labels, at least one");
        }
        classNames = List.copyOf(classNames);
        for (int y : labels) {
            if (y < 0 || y >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + y + " outside 0.." + (classNames.size() - 1));
            }
        }
    }

    public int classes() {
        return classNames.size();
    }

    public int size() {
        return labels.length;
    }

    public int featureCount() {
        return features[0].length;
    }

    /** Seeded shuffle, then the first {@code trainFraction} of samples train and the rest test. */
    public Table[] split(double trainFraction, long seed) {
        int[] order = Permutation.of(size(), new SplittableRandom(seed));
        int cut = (int) Math.round(size() * trainFraction);
        return new Table[] {subset(order, 0, cut, name + "-train"), subset(order, cut, size(), name + "-test")};
    }

    private Table subset(int[] order, int from, int to, String n) {
        List<double[]> f = new ArrayList<>();
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            f.add(features[order[i]]);
            y[i - from] = labels[order[i]];
        }
        return new Table(n, f.toArray(new double[0][]), y, classNames);
    }
}
