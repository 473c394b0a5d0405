package shears.models.nn;

import shears.models.tensor.Shape;

/**
 * Direct loops for the two-dimensional layers of a U-Net: stride-1 convolutions (any kernel and
 * padding, no groups, no dilation) and transposed convolutions whose kernel equals their stride (2x2,
 * stride 2: every output has exactly one input, no zero products). Four output channels are handled
 * per pass, so each input row is read once for four multiply-adds and the innermost loops run over
 * contiguous rows the JIT vectorises. Same results as the {@link GatherPlan} walk up to summation
 * order (checked in tests).
 */
final class Direct2d {
    private static final int BLOCK = 4;

    private Direct2d() {}

    static boolean applies(Layer layer, Shape in) {
        if (in.is1d()) {
            return false;
        }
        if (layer instanceof Conv c) {
            return c.groups() == 1 && c.strideH() == 1 && c.strideW() == 1 && c.dilationH() == 1 && c.dilationW() == 1;
        }
        return layer instanceof ConvTranspose t
                && t.kernelH() == t.strideH()
                && t.kernelW() == t.strideW()
                && t.padH() == 0
                && t.padW() == 0
                && t.outputPadH() == 0
                && t.outputPadW() == 0;
    }

    static void forward(Layer layer, Shape in, Shape out, double[] x, double[] w, double[] b, double[] y) {
        int plane = out.spatial();
        for (int o = 0; o < out.channels(); o++) {
            java.util.Arrays.fill(y, o * plane, (o + 1) * plane, b[o]);
        }
        if (layer instanceof Conv c) {
            convForward(c, in, out, x, w, y);
        } else {
            transposeForward((ConvTranspose) layer, in, out, x, w, y);
        }
    }

    /** Accumulates gw, gb and (unless null) gx from gy. */
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
        int plane = out.spatial();
        for (int o = 0; o < out.channels(); o++) {
            double s = 0;
            for (int k = o * plane; k < (o + 1) * plane; k++) {
                s += gy[k];
            }
            gb[o] += s;
        }
        if (layer instanceof Conv c) {
            convBackward(c, in, out, x, w, gy, gx, gw);
        } else {
            transposeBackward((ConvTranspose) layer, in, out, x, w, gy, gx, gw);
        }
    }

    private static void convForward(Conv c, Shape in, Shape out, double[] x, double[] w, double[] y) {
        int hi = in.height();
        int wi = in.width();
        int ho = out.height();
        int wo = out.width();
        int cin = c.inChannels();
        int kh = c.kernelH();
        int kw = c.kernelW();
        for (int o0 = 0; o0 < c.outChannels(); o0 += BLOCK) {
            int n = Math.min(BLOCK, c.outChannels() - o0);
            for (int ci = 0; ci < cin; ci++) {
                for (int ky = 0; ky < kh; ky++) {
                    int dy = ky - c.padH();
                    int oy0 = Math.max(0, -dy);
                    int oy1 = Math.min(ho, hi - dy);
                    for (int kx = 0; kx < kw; kx++) {
                        int dx = kx - c.padW();
                        int ox0 = Math.max(0, -dx);
                        int ox1 = Math.min(wo, wi - dx);
                        double w0 = w[((o0 * cin + ci) * kh + ky) * kw + kx];
                        double w1 = n > 1 ? w[(((o0 + 1) * cin + ci) * kh + ky) * kw + kx] : 0;
                        double w2 = n > 2 ? w[(((o0 + 2) * cin + ci) * kh + ky) * kw + kx] : 0;
                        double w3 = n > 3 ? w[(((o0 + 3) * cin + ci) * kh + ky) * kw + kx] : 0;
                        for (int oy = oy0; oy < oy1; oy++) {
                            int xb = (ci * hi + oy + dy) * wi + dx;
                            int yb = (o0 * ho + oy) * wo;
                            int plane = ho * wo;
                            if (n == BLOCK) {
                                for (int ox = ox0; ox < ox1; ox++) {
                                    double xv = x[xb + ox];
                                    y[yb + ox] += w0 * xv;
                                    y[yb + plane + ox] += w1 * xv;
                                    y[yb + 2 * plane + ox] += w2 * xv;
                                    y[yb + 3 * plane + ox] += w3 * xv;
                                }
                            } else {
                                double[] ws = {w0, w1, w2, w3};
                                for (int k = 0; k < n; k++) {
                                    double wk = ws[k];
                                    int base = yb + k * plane;
                                    for (int ox = ox0; ox < ox1; ox++) {
                                        y[base + ox] += wk * x[xb + ox];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void convBackward(
            Conv c, Shape in, Shape out, double[] x, double[] w, double[] gy, double[] gx, double[] gw) {
        int hi = in.height();
        int wi = in.width();
        int ho = out.height();
        int wo = out.width();
        int plane = ho * wo;
        int cin = c.inChannels();
        int kh = c.kernelH();
        int kw = c.kernelW();
        for (int o0 = 0; o0 < c.outChannels(); o0 += BLOCK) {
            int n = Math.min(BLOCK, c.outChannels() - o0);
            for (int ci = 0; ci < cin; ci++) {
                for (int ky = 0; ky < kh; ky++) {
                    int dy = ky - c.padH();
                    int oy0 = Math.max(0, -dy);
                    int oy1 = Math.min(ho, hi - dy);
                    for (int kx = 0; kx < kw; kx++) {
                        int dx = kx - c.padW();
                        int ox0 = Math.max(0, -dx);
                        int ox1 = Math.min(wo, wi - dx);
                        int[] wix = new int[n];
                        double[] wv = new double[BLOCK];
                        for (int k = 0; k < n; k++) {
                            wix[k] = (((o0 + k) * cin + ci) * kh + ky) * kw + kx;
                            wv[k] = w[wix[k]];
                        }
                        double a0 = 0;
                        double a1 = 0;
                        double a2 = 0;
                        double a3 = 0;
                        for (int oy = oy0; oy < oy1; oy++) {
                            int xb = (ci * hi + oy + dy) * wi + dx;
                            int yb = (o0 * ho + oy) * wo;
                            if (n == BLOCK) {
                                for (int ox = ox0; ox < ox1; ox++) {
                                    double xv = x[xb + ox];
                                    double g0 = gy[yb + ox];
                                    double g1 = gy[yb + plane + ox];
                                    double g2 = gy[yb + 2 * plane + ox];
                                    double g3 = gy[yb + 3 * plane + ox];
                                    a0 += g0 * xv;
                                    a1 += g1 * xv;
                                    a2 += g2 * xv;
                                    a3 += g3 * xv;
                                }
                                if (gx != null) {
                                    double v0 = wv[0];
                                    double v1 = wv[1];
                                    double v2 = wv[2];
                                    double v3 = wv[3];
                                    for (int ox = ox0; ox < ox1; ox++) {
                                        gx[xb + ox] += v0 * gy[yb + ox]
                                                + v1 * gy[yb + plane + ox]
                                                + v2 * gy[yb + 2 * plane + ox]
                                                + v3 * gy[yb + 3 * plane + ox];
                                    }
                                }
                            } else {
                                for (int k = 0; k < n; k++) {
                                    int base = yb + k * plane;
                                    double acc = 0;
                                    for (int ox = ox0; ox < ox1; ox++) {
                                        acc += gy[base + ox] * x[xb + ox];
                                        if (gx != null) {
                                            gx[xb + ox] += wv[k] * gy[base + ox];
                                        }
                                    }
                                    switch (k) {
                                        case 0 -> a0 += acc;
                                        case 1 -> a1 += acc;
                                        case 2 -> a2 += acc;
                                        default -> a3 += acc;
                                    }
                                }
                            }
                        }
                        double[] acc = {a0, a1, a2, a3};
                        for (int k = 0; k < n; k++) {
                            gw[wix[k]] += acc[k];
                        }
                    }
                }
            }
        }
    }

    /** Kernel = stride: output (s·iy + ky, s·ix + kx) gets input (iy, ix) times weight (ky, kx), nothing else. */
    private static void transposeForward(ConvTranspose t, Shape in, Shape out, double[] x, double[] w, double[] y) {
        int hi = in.height();
        int wi = in.width();
        int ho = out.height();
        int wo = out.width();
        int sh = t.strideH();
        int sw = t.strideW();
        int cin = t.inChannels();
        for (int o = 0; o < t.outChannels(); o++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int ky = 0; ky < sh; ky++) {
                    for (int kx = 0; kx < sw; kx++) {
                        double wv = w[((o * cin + ci) * sh + ky) * sw + kx];
                        for (int iy = 0; iy < hi; iy++) {
                            int xb = (ci * hi + iy) * wi;
                            int yb = (o * ho + iy * sh + ky) * wo + kx;
                            for (int ix = 0; ix < wi; ix++) {
                                y[yb + ix * sw] += wv * x[xb + ix];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void transposeBackward(
            ConvTranspose t, Shape in, Shape out, double[] x, double[] w, double[] gy, double[] gx, double[] gw) {
        int hi = in.height();
        int wi = in.width();
        int ho = out.height();
        int wo = out.width();
        int sh = t.strideH();
        int sw = t.strideW();
        int cin = t.inChannels();
        for (int o = 0; o < t.outChannels(); o++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int ky = 0; ky < sh; ky++) {
                    for (int kx = 0; kx < sw; kx++) {
                        int wi0 = ((o * cin + ci) * sh + ky) * sw + kx;
                        double wv = w[wi0];
                        double acc = 0;
                        for (int iy = 0; iy < hi; iy++) {
                            int xb = (ci * hi + iy) * wi;
                            int yb = (o * ho + iy * sh + ky) * wo + kx;
                            for (int ix = 0; ix < wi; ix++) {
                                double g = gy[yb + ix * sw];
                                acc += g * x[xb + ix];
                                if (gx != null) {
                                    gx[xb + ix] += wv * g;
                                }
                            }
                        }
                        gw[wi0] += acc;
                    }
                }
            }
        }
    }
}
