package shears.models.cae;

import java.util.List;
import shears.models.tensor.Tensor;

/**
 * Reconstruction quality over a set of windows: SNDR (dB) = 10 log10(sum x^2 / sum (x - x')^2) and
 * R^2 = 1 - sum (x - x')^2 / sum (x - mean)^2 (mean per channel over all windows).
 */
public record Reconstruction(double sndrDb, double r2) {
    public static Reconstruction of(List<Tensor> originals, List<Tensor> reconstructed) {
        if (originals.size() != reconstructed.size() || originals.isEmpty()) {
            throw new IllegalArgumentException("need equally many originals and reconstructions, at least one");
        }
        int channels = originals.get(0).shape().channels();
        int perChannel = originals.get(0).shape().spatial();
        double[] mean = new double[channels];
        for (Tensor t : originals) {
            for (int i = 0; i < t.data().length; i++) {
                mean[i / perChannel] += t.data()[i] / ((double) perChannel * originals.size());
            }
        }
        double signal = 0;
        double error = 0;
        double variance = 0;
        for (int w = 0; w < originals.size(); w++) {
            double[] x = originals.get(w).data();
            double[] y = reconstructed.get(w).data();
            if (x.length != y.length) {
                throw new IllegalArgumentException("window " + w + " reconstruction has the wrong size");
            }
            for (int i = 0; i < x.length; i++) {
                signal += x[i] * x[i];
                error += (x[i] - y[i]) * (x[i] - y[i]);
                double d = x[i] - mean[i / perChannel];
                variance += d * d;
            }
        }
        return new Reconstruction(10 * Math.log10(signal / error), 1 - error / variance);
    }
}
