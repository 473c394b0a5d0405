package shears.models.onnx;

import java.util.Arrays;
import java.util.function.IntFunction;
import shears.models.tensor.Shape;

/** Shape arithmetic of Resize/Upsample and Reshape, kept apart from the graph walk. */
final class Resize {
    private Resize() {}

    /**
     * Integer upsampling factors (height, width) from Resize's scales or sizes input (or Upsample's
     * scales attribute or input); batch and channel factors must be 1.
     */
    static int[] factors(OnnxNode n, int rank, Shape in, IntFunction<OnnxTensor> constant) {
        double[] scales = null;
        if (n.has("scales")) {
            scales = n.floatsAttr("scales", null);
        } else if (n.opType().equals("Upsample") || n.inputs().size() == 2) {
            scales = constant.apply(1).values();
        } else {
            OnnxTensor s = n.inputs().size() > 2 ? constant.apply(2) : null;
            OnnxTensor sizes = n.inputs().size() > 3 ? constant.apply(3) : null;
            if (s != null && s.size() > 0) {
                scales = s.values();
            } else if (sizes != null && sizes.size() == rank) {
                int[] sample = OnnxImporter.sampleDims(in, rank);
                scales = new double[rank];
                scales[0] = 1;
                for (int i = 1; i < rank; i++) {
                    scales[i] = sizes.values()[i] / sample[i - 1];
                }
            }
        }
        if (scales == null || scales.length != rank) {
            throw n.error("needs " + rank + " scales or sizes");
        }
        if (scales[0] != 1 || scales[1] != 1) {
            throw n.error("scales " + Arrays.toString(scales) + " resize the batch or channels");
        }
        int[] f = new int[] {1, 1};
        for (int i = 2; i < rank; i++) {
            double s = scales[i];
            if (s < 1 || s != Math.rint(s)) {
                throw n.error("scale " + s
                        + " is not an integer upsampling factor (downsampling and fractions are not supported)");
            }
            f[rank == 3 ? 1 : i - 2] = (int) s;
        }
        return f;
    }

    /**
     * Checks that the node's coordinate transformation and nearest rounding copy input pixel
     * {@code floor(o / f)} to every output pixel {@code o}, which is what Shears' upsampler does.
     */
    static void checkNearestReplicates(OnnxNode n, int[] factor, Shape in) {
        if (n.opType().equals("Upsample")) {
            return; // Upsample is defined as asymmetric + floor
        }
        String ctm = n.stringAttr("coordinate_transformation_mode", "half_pixel");
        String nearest = n.stringAttr("nearest_mode", "round_prefer_floor");
        int[] lengths = {in.height(), in.width()};
        for (int axis = 0; axis < 2; axis++) {
            int f = factor[axis];
            int len = lengths[axis];
            for (int o = 0; o < len * f; o++) {
                double x = switch (ctm) {
                    case "half_pixel", "pytorch_half_pixel" ->
                        len * f > 1 || ctm.equals("half_pixel") ? (o + 0.5) / f - 0.5 : 0;
                    case "asymmetric" -> (double) o / f;
                    case "align_corners" -> len * f == 1 ? 0 : o * (len - 1.0) / (len * f - 1.0);
                    case "tf_half_pixel_for_nn" -> (o + 0.5) / f;
                    default ->
                        throw n.error(
                                "coordinate_transformation_mode '" + ctm + "' is not supported for nearest resizing");
                };
                long src = switch (nearest) {
                    case "round_prefer_floor" -> x == Math.floor(x) + 0.5 ? (long) Math.floor(x) : Math.round(x);
                    case "round_prefer_ceil" -> x == Math.floor(x) + 0.5 ? (long) Math.ceil(x) : Math.round(x);
                    case "floor" -> (long) Math.floor(x);
                    case "ceil" -> (long) Math.ceil(x);
                    default -> throw n.error("nearest_mode '" + nearest + "' is not supported");
                };
                src = Math.max(0, Math.min(len - 1, src));
                if (src != o / f) {
                    throw n.error("coordinate_transformation_mode " + ctm + " with nearest_mode " + nearest
                            + " does not replicate pixels (output " + o + " reads input " + src + ", not " + o / f
                            + ")");
                }
            }
        }
    }

    /** Reshape's target with 0 (copy, unless allowzero) and one -1 (inferred) resolved. */
    static int[] reshapeDims(OnnxNode n, int[] in, long[] target, boolean allowZero) {
        long total = 1;
        for (int d : in) {
            total *= d;
        }
        int[] out = new int[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (t == -1) {
                if (infer >= 0) {
                    throw n.error("shape " + Arrays.toString(target) + " has more than one -1");
                }
                infer = i;
                continue;
            }
            if (t == 0 && !allowZero) {
                if (i >= in.length) {
                    throw n.error(
                            "shape " + Arrays.toString(target) + " copies dimension " + i + " the input does not have");
                }
                t = in[i];
            }
            if (t < 0) {
                throw n.error("shape " + Arrays.toString(target) + " has a negative dimension");
            }
            out[i] = (int) t;
            known *= t;
        }
        if (infer >= 0) {
            if (known == 0 || total % known != 0) {
                throw n.error("shape " + Arrays.toString(target) + " cannot hold " + total + " values");
            }
            out[infer] = (int) (total / known);
            known *= out[infer];
        }
        if (known != total) {
            throw n.error("shape " + Arrays.toString(target) + " holds " + known + " values, the input has " + total);
        }
        return out;
    }
}
