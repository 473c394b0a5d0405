package shears.models.nn;

import shears.models.tensor.Shape;

/**
 * Direct loops for one-dimensional convolutions and transposed convolutions: for each weight the
 * valid output range is computed once and the inner loop runs over contiguous (or strided) rows,
 * which the JIT compiles far better than the general {@link GatherPlan} walk. Same results as the
 * gather path up to floating-point summation order (checked in tests). A null input-gradient
 * array skips that part of back-propagation (the first layer needs no input gradient).
 */
final class Direct1d {
    private Direct1d() {}

    static boolean applies(Layer layer, Shape in) {
        if (!in.is1d()) {
            return false;
        }
        return (layer instanceof Conv c && c.kernelH() == 1) || (layer instanceof ConvTranspose t && t.kernelH() == 1);
    }

    static void forward(Layer layer, Shape in, Shape out, double[] x, double[] w, double[] b, double[] y) {
        int lo = out.width();
        for (int o = 0; o < out.channels(); o++) {
            java.util.Arrays.fill(y, o * lo, (o + 1) * lo, b[o]);
        }
        run(layer, in, out, x, w, y, null, null, null, false);
    }

    static void backward(
            Layer layer,
            Shape in,
            Shape out,
            double[] x,
            double[] w,
            double[] gy,
            double[] gx,
            double[] gw,
            double[] gb) {
        int lo = out.width();
        for (int o = 0; o < out.channels(); o++) {
            double sum = 0;
            for (int t = 0; t < lo; t++) {
                sum += gy[o * lo + t];
            }
            gb[o] += sum;
        }
        run(layer, in, out, x, w, null, gy, gx, gw, true);
    }

    /** Forward accumulates into y; backward accumulates gw and gx from gy. */
    private static void run(
            Layer layer,
            Shape in,
            Shape out,
            double[] x,
            double[] w,
            double[] y,
            double[] gy,
            double[] gx,
            double[] gw,
            boolean back) {
        int li = in.width();
        int lo = out.width();
        if (layer instanceof Conv c) {
            int k = c.kernelW();
            int cin = c.inChannels() / c.groups();
            int coutG = c.outChannels() / c.groups();
            int s = c.strideW();
            for (int o = 0; o < c.outChannels(); o++) {
                int g = o / coutG;
                for (int ci = 0; ci < cin; ci++) {
                    int xrow = (g * cin + ci) * li;
                    for (int kk = 0; kk < k; kk++) {
                        int wi = (o * cin + ci) * k + kk;
                        int off = kk * c.dilationW() - c.padW(); // input index = t * s + off
                        int t0 = off >= 0 ? 0 : (-off + s - 1) / s;
                        int t1 = Math.min(lo - 1, Math.floorDiv(li - 1 - off, s));
                        if (back) {
                            double wv = w[wi];
                            double acc = 0;
                            if (gx == null) {
                                for (int t = t0; t <= t1; t++) {
                                    acc += gy[o * lo + t] * x[xrow + t * s + off];
                                }
                            } else {
                                for (int t = t0; t <= t1; t++) {
                                    double g0 = gy[o * lo + t];
                                    acc += g0 * x[xrow + t * s + off];
                                    gx[xrow + t * s + off] += g0 * wv;
                                }
                            }
                            gw[wi] += acc;
                        } else {
                            double wv = w[wi];
                            for (int t = t0; t <= t1; t++) {
                                y[o * lo + t] += wv * x[xrow + t * s + off];
                            }
                        }
                    }
                }
            }
        } else {
            ConvTranspose ct = (ConvTranspose) layer;
            int k = ct.kernelW();
            int cin = ct.inChannels();
            int s = ct.strideW();
            for (int o = 0; o < ct.outChannels(); o++) {
                for (int ci = 0; ci < cin; ci++) {
                    int xrow = ci * li;
                    for (int kk = 0; kk < k; kk++) {
                        int wi = (o * cin + ci) * k + kk;
                        int off = kk - ct.padW(); // output index = i * s + off
                        int i0 = off >= 0 ? 0 : (-off + s - 1) / s;
                        int i1 = Math.min(li - 1, Math.floorDiv(lo - 1 - off, s));
                        if (back) {
                            double wv = w[wi];
                            double acc = 0;
                            if (gx == null) {
                                for (int i = i0; i <= i1; i++) {
                                    acc += gy[o * lo + i * s + off] * x[xrow + i];
                                }
                            } else {
                                for (int i = i0; i <= i1; i++) {
                                    double g0 = gy[o * lo + i * s + off];
                                    acc += g0 * x[xrow + i];
                                    gx[xrow + i] += g0 * wv;
                                }
                            }
                            gw[wi] += acc;
                        } else {
                            double wv = w[wi];
                            for (int i = i0; i <= i1; i++) {
                                y[o * lo + i * s + off] += wv * x[xrow + i];
                            }
                        }
                    }
                }
            }
        }
    }
}
