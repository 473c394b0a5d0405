package shears.models.hsi;

/**
 * A confusion matrix over segmentation classes, {@code counts[truth][predicted]} pixels, with the
 * metrics read off it: per-class IoU (TP / (TP + FP + FN)), mean IoU over the classes that occur in
 * the truth or the predictions, and pixel accuracy.
 */
public record Confusion(long[][] counts) {
    public Confusion {
        for (long[] row : counts) {
            if (row.length != counts.length) {
                throw new IllegalArgumentException("confusion matrix must be square");
            }
        }
    }

    public static Confusion empty(int classes) {
        return new Confusion(new long[classes][classes]);
    }

    /** Adds one image: {@code truth} and {@code predicted} class per pixel (negative truth: unlabelled, skipped). */
    public void add(int[] truth, int[] predicted) {
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] >= 0) {
                counts[truth[i]][predicted[i]]++;
            }
        }
    }

    /** IoU per class; NaN for a class absent from both truth and predictions. */
    public double[] iou() {
        int n = counts.length;
        double[] out = new double[n];
        for (int c = 0; c < n; c++) {
            long tp = counts[c][c];
            long fn = 0;
            long fp = 0;
            for (int k = 0; k < n; k++) {
                if (k != c) {
                    fn += counts[c][k];
                    fp += counts[k][c];
                }
            }
            long denom = tp + fp + fn;
            out[c] = denom == 0 ? Double.NaN : tp / (double) denom;
        }
        return out;
    }

    public double meanIou() {
        double s = 0;
        int k = 0;
        for (double v : iou()) {
            if (!Double.isNaN(v)) {
                s += v;
                k++;
            }
        }
        return k == 0 ? Double.NaN : s / k;
    }

    public double pixelAccuracy() {
        long right = 0;
        long all = 0;
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                all += counts[t][p];
                right += t == p ? counts[t][p] : 0;
            }
        }
        return all == 0 ? Double.NaN : right / (double) all;
    }
}
