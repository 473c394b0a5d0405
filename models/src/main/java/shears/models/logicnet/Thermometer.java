package shears.models.logicnet;

import java.util.Arrays;

/**
 * Thermometer encoding: feature f becomes {@code bits} Boolean inputs {@code x_f > t_{f,k}},
 * k = 0..bits-1, with thresholds at the training data's quantiles {@code (k + 1) / (bits + 1)}
 * (duplicates kept, so a feature with few distinct values gives repeated, constant-equivalent bits).
 * Input bit index = {@code f * bits + k}.
 */
public record Thermometer(double[][] thresholds) {
    public static Thermometer fit(double[][] features, int bits) {
        if (bits < 1) {
            throw new IllegalArgumentException("thermometer needs at least one bit per feature");
        }
        int nf = features[0].length;
        double[][] t = new double[nf][bits];
        double[] col = new double[features.length];
        for (int f = 0; f < nf; f++) {
            for (int i = 0; i < features.length; i++) {
                col[i] = features[i][f];
            }
            double[] sorted = col.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < bits; k++) {
                int idx = (int) Math.min(sorted.length - 1, Math.floor((k + 1) * (double) sorted.length / (bits + 1)));
                t[f][k] = sorted[idx];
            }
        }
        return new Thermometer(t);
    }

    public int bitsPerFeature() {
        return thresholds[0].length;
    }

    public int width() {
        return thresholds.length * bitsPerFeature();
    }

    public boolean[] encode(double[] x) {
        boolean[] out = new boolean[width()];
        int b = bitsPerFeature();
        for (int f = 0; f < thresholds.length; f++) {
            for (int k = 0; k < b; k++) {
                out[f * b + k] = x[f] > thresholds[f][k];
            }
        }
        return out;
    }
}
