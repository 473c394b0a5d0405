package shears.models.data;

import java.util.ArrayList;
import java.util.List;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

/** A multi-channel recording: {@code samples[channel][time]} in microvolts at {@code sampleRateHz}. */
public record Recording(double[][] samples, double sampleRateHz) {
    public Recording {
        if (samples.length == 0 || samples[0].length == 0) {
            throw new IllegalArgumentException("recording is empty");
        }
        for (double[] ch : samples) {
            if (ch.length != samples[0].length) {
                throw new IllegalArgumentException("channels differ in length");
            }
            for (double v : ch) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("recording holds a non-finite sample");
                }
            }
        }
        if (!(sampleRateHz > 0)) {
            throw new IllegalArgumentException("sample rate must be positive");
        }
    }

    public int channels() {
        return samples.length;
    }

    public int length() {
        return samples[0].length;
    }

    /** Largest absolute sample. */
    public double maxAbs() {
        double m = 0;
        for (double[] ch : samples) {
            for (double v : ch) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /**
     * Non-overlapping windows {@code [channels, window]}, each sample divided by {@code fullScale}
     * (so a full-scale recording maps to [-1, 1]).
     */
    public List<Tensor> windows(int window, double fullScale) {
        if (window < 1 || window > length()) {
            throw new IllegalArgumentException(
                    "window " + window + " does not fit a recording of " + length() + " samples");
        }
        List<Tensor> out = new ArrayList<>();
        for (int start = 0; start + window <= length(); start += window) {
            Tensor t = new Tensor(Shape.of1d(channels(), window));
            for (int c = 0; c < channels(); c++) {
                for (int i = 0; i < window; i++) {
                    t.data()[c * window + i] = samples[c][start + i] / fullScale;
                }
            }
            out.add(t);
        }
        return out;
    }
}
