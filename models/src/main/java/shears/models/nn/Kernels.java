package shears.models.nn;

import shears.models.tensor.Tensor;

/** Float forward and backward computation per layer type (package-private; see {@link Network}). */
final class Kernels {
    private Kernels() {}

    static void forward(Network net, int node, Tensor[] in, Tensor out) {
        Layer layer = net.nodes().get(node).layer();
        double[] x = in[0].data();
        double[] y = out.data();
        if (layer instanceof Pool pool) {
            poolForward(net.plan(node), pool, x, y);
        } else if (Direct1d.applies(layer, in[0].shape())) {
            Direct1d.forward(layer, in[0].shape(), out.shape(), x, net.weights(node), net.bias(node), y);
        } else if (Direct2d.applies(layer, in[0].shape())) {
            Direct2d.forward(layer, in[0].shape(), out.shape(), x, net.weights(node), net.bias(node), y);
        } else if (net.plan(node) != null) {
            gatherForward(net.plan(node), x, net.weights(node), net.bias(node), y);
        } else if (layer instanceof Relu) {
            for (int k = 0; k < y.length; k++) {
                y[k] = Math.max(0.0, x[k]);
            }
        } else if (layer instanceof Add) {
            double[] x2 = in[1].data();
            for (int k = 0; k < y.length; k++) {
                y[k] = x[k] + x2[k];
            }
        } else if (layer instanceof Concat) {
            System.arraycopy(x, 0, y, 0, x.length);
            System.arraycopy(in[1].data(), 0, y, x.length, in[1].data().length);
        } else if (layer instanceof Rearrange r) {
            for (int k = 0; k < y.length; k++) {
                y[k] = x[r.source(in[0].shape(), k)];
            }
        } else if (layer instanceof ChannelScale) {
            int spatial = out.shape().spatial();
            double[] g = net.weights(node);
            for (int k = 0; k < y.length; k++) {
                y[k] = x[k] * g[k / spatial];
            }
        } else {
            throw new IllegalStateException("no forward kernel for " + layer.kind());
        }
    }

    static void backward(
            Network net, int node, Tensor[] in, Tensor out, double[] gy, double[][] gx, double[] gw, double[] gb) {
        Layer layer = net.nodes().get(node).layer();
        double[] x = in[0].data();
        if (layer instanceof Pool pool) {
            poolBackward(net.plan(node), pool, x, out.data(), gy, gx[0]);
        } else if (Direct1d.applies(layer, in[0].shape())) {
            Direct1d.backward(layer, in[0].shape(), out.shape(), x, net.weights(node), gy, gx[0], gw, gb);
        } else if (Direct2d.applies(layer, in[0].shape())) {
            Direct2d.backward(layer, in[0].shape(), out.shape(), x, net.weights(node), gy, gx[0], gw, gb);
        } else if (net.plan(node) != null) {
            gatherBackward(net.plan(node), x, net.weights(node), gy, gx[0], gw, gb);
        } else if (layer instanceof Relu) {
            for (int k = 0; k < gy.length; k++) {
                if (x[k] > 0) {
                    gx[0][k] += gy[k];
                }
            }
        } else if (layer instanceof Add) {
            for (int k = 0; k < gy.length; k++) {
                gx[0][k] += gy[k];
                gx[1][k] += gy[k];
            }
        } else if (layer instanceof Concat) {
            int first = x.length;
            for (int k = 0; k < first; k++) {
                gx[0][k] += gy[k];
            }
            for (int k = first; k < gy.length; k++) {
                gx[1][k - first] += gy[k];
            }
        } else if (layer instanceof Rearrange r) {
            for (int k = 0; k < gy.length; k++) {
                gx[0][r.source(in[0].shape(), k)] += gy[k];
            }
        } else if (layer instanceof ChannelScale) {
            int spatial = out.shape().spatial();
            double[] g = net.weights(node);
            for (int k = 0; k < gy.length; k++) {
                gx[0][k] += gy[k] * g[k / spatial];
                gw[k / spatial] += gy[k] * x[k];
            }
        } else {
            throw new IllegalStateException("no backward kernel for " + layer.kind());
        }
    }

    static void gatherForward(GatherPlan p, double[] x, double[] w, double[] b, double[] y) {
        int spatial = p.out().spatial();
        int fan = p.fanIn();
        int[] start = p.rowStart();
        int[] tap = p.tap();
        int[] off = p.offset();
        for (int o = 0; o < p.out().channels(); o++) {
            int base = p.groupBase(o);
            int wo = o * fan;
            for (int s = 0; s < spatial; s++) {
                double acc = b[o];
                for (int e = start[s]; e < start[s + 1]; e++) {
                    acc += w[wo + tap[e]] * x[base + off[e]];
                }
                y[o * spatial + s] = acc;
            }
        }
    }

    static void gatherBackward(
            GatherPlan p, double[] x, double[] w, double[] gy, double[] gx, double[] gw, double[] gb) {
        int spatial = p.out().spatial();
        int fan = p.fanIn();
        int[] start = p.rowStart();
        int[] tap = p.tap();
        int[] off = p.offset();
        for (int o = 0; o < p.out().channels(); o++) {
            int base = p.groupBase(o);
            int wo = o * fan;
            for (int s = 0; s < spatial; s++) {
                double g = gy[o * spatial + s];
                if (g == 0.0) {
                    continue;
                }
                gb[o] += g;
                for (int e = start[s]; e < start[s + 1]; e++) {
                    gw[wo + tap[e]] += g * x[base + off[e]];
                    gx[base + off[e]] += g * w[wo + tap[e]];
                }
            }
        }
    }

    private static void poolForward(GatherPlan p, Pool pool, double[] x, double[] y) {
        int spatial = p.out().spatial();
        int fan = p.fanIn();
        int[] index = p.index();
        for (int c = 0; c < p.out().channels(); c++) {
            int base = p.groupBase(c);
            for (int s = 0; s < spatial; s++) {
                double acc = pool.mode() == Pool.Mode.MAX ? Double.NEGATIVE_INFINITY : 0.0;
                for (int j = 0; j < fan; j++) {
                    int at = index[s * fan + j];
                    if (at < 0) {
                        continue; // padding
                    }
                    double v = x[base + at];
                    acc = pool.mode() == Pool.Mode.MAX ? Math.max(acc, v) : acc + v;
                }
                y[c * spatial + s] = pool.mode() == Pool.Mode.MAX ? acc : acc / pool.area();
            }
        }
    }

    private static void poolBackward(GatherPlan p, Pool pool, double[] x, double[] y, double[] gy, double[] gx) {
        int spatial = p.out().spatial();
        int fan = p.fanIn();
        int[] index = p.index();
        for (int c = 0; c < p.out().channels(); c++) {
            int base = p.groupBase(c);
            for (int s = 0; s < spatial; s++) {
                double g = gy[c * spatial + s];
                if (pool.mode() == Pool.Mode.AVG) {
                    for (int j = 0; j < fan; j++) {
                        if (index[s * fan + j] >= 0) {
                            gx[base + index[s * fan + j]] += g / pool.area();
                        }
                    }
                } else {
                    for (int j = 0; j < fan; j++) { // first maximum takes the gradient
                        if (index[s * fan + j] < 0) {
                            continue;
                        }
                        int k = base + index[s * fan + j];
                        if (x[k] == y[c * spatial + s]) {
                            gx[k] += g;
                            break;
                        }
                    }
                }
            }
        }
    }
}
