package shears.models.onnx;

import java.util.Arrays;

/**
 * How closely one output follows a reference: PSNR against a peak value, the largest absolute
 * error, and (for quantised outputs) how many elements are equal and the largest difference in
 * quantisation steps.
 */
public record Agreement(int elements, double psnrDb, double maxAbsError, double equalFraction, long maxSteps) {
    /** {@code step} is the output's quantisation step (0 when the output is not quantised). */
    public static Agreement of(OnnxTensor test, OnnxTensor reference, double peak, double step) {
        if (test.size() != reference.size()) {
            throw new OnnxException("outputs differ in size: " + Arrays.toString(test.dims()) + " and "
                    + Arrays.toString(reference.dims()));
        }
        double sq = 0;
        double max = 0;
        long maxSteps = 0;
        int equal = 0;
        for (int i = 0; i < test.size(); i++) {
            double e = test.values()[i] - reference.values()[i];
            sq += e * e;
            max = Math.max(max, Math.abs(e));
            if (e == 0) {
                equal++;
            }
            if (step > 0) {
                maxSteps = Math.max(maxSteps, Math.round(Math.abs(e) / step));
            }
        }
        double mse = sq / test.size();
        double psnr = mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(peak * peak / mse);
        return new Agreement(test.size(), psnr, max, (double) equal / test.size(), maxSteps);
    }
}
