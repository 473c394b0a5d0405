package shears.models.quant;

import shears.models.nn.GatherPlan;
import shears.models.nn.Node;
import shears.models.nn.Rearrange;
import shears.models.tensor.IntTensor;

/**
 * The integer golden model: every node's integer output (saturated to its {@link QuantizedNetwork.Clamp},
 * int8 unless imported otherwise) for an int8 input, with int32 accumulation
 * (an accumulator leaving the int32 range is an error, not a silent wrap).
 */
public final class IntegerModel {
    /**
     * The largest magnitude output channel {@code o}'s accumulator can reach, over every partial sum:
     * {@code |bias| + 128 * sum |w|}, 128 being the largest int8 input magnitude. Weights are
     * {@code [channel][fanIn]}. What an accumulator must hold without overflow.
     */
    public static long worstAccumulator(int[] weights, int[] bias, int o) {
        int fan = weights.length / Math.max(1, bias.length);
        long sum = Math.abs((long) bias[o]);
        for (int j = 0; j < fan; j++) {
            sum += 128L * Math.abs(weights[o * fan + j]);
        }
        return sum;
    }

    /** {@link #worstAccumulator(int[], int[], int)} over every output channel. */
    public static long worstAccumulator(int[] weights, int[] bias) {
        long worst = 0;
        for (int o = 0; o < bias.length; o++) {
            worst = Math.max(worst, worstAccumulator(weights, bias, o));
        }
        return worst;
    }

    private IntegerModel() {}

    public static IntTensor[] run(QuantizedNetwork q, IntTensor input) {
        if (!input.shape().equals(q.network().inputShape())) {
            throw new IllegalArgumentException("input shape " + input.shape() + " does not match "
                    + q.network().inputShape());
        }
        int n = q.ops().size();
        IntTensor[] acts = new IntTensor[n];
        for (int i = 0; i < n; i++) {
            acts[i] = node(q, i, input, acts);
        }
        return acts;
    }

    /** Node {@code i}'s output from the network input and the outputs of earlier nodes. */
    public static IntTensor node(QuantizedNetwork q, int i, IntTensor input, IntTensor[] acts) {
        Node node = q.network().nodes().get(i);
        IntTensor x = source(node, 0, input, acts);
        IntTensor y = new IntTensor(q.network().shape(i));
        QuantOp op = q.ops().get(i);
        QuantizedNetwork.Clamp clamp = q.clamps().get(i);
        if (op instanceof QuantOp.Weighted w) {
            weighted(q.network().plan(i), w, x.data(), y.data(), node.name(), clamp);
        } else if (op instanceof QuantOp.Relu) {
            for (int k = 0; k < y.data().length; k++) {
                y.data()[k] = Math.max(0, x.data()[k]);
            }
        } else if (op instanceof QuantOp.MaxPool || op instanceof QuantOp.AvgPool) {
            pool(q.network().plan(i), op, x.data(), y.data(), clamp);
        } else if (op instanceof QuantOp.Add add) {
            int[] b = source(node, 1, input, acts).data();
            long round = add.shift() == 0 ? 0 : 1L << (add.shift() - 1);
            for (int k = 0; k < y.data().length; k++) {
                long v = ((long) x.data()[k] * add.multA() + (long) b[k] * add.multB() + round) >> add.shift();
                y.data()[k] = clamp.apply(v);
            }
        } else if (op instanceof QuantOp.Concat cat) {
            int[] b = source(node, 1, input, acts).data();
            int first = x.data().length;
            for (int k = 0; k < y.data().length; k++) {
                long v = k < first ? (long) x.data()[k] * cat.multA() : (long) b[k - first] * cat.multB();
                y.data()[k] = clamp.apply((v + (cat.shift() == 0 ? 0 : 1L << (cat.shift() - 1))) >> cat.shift());
            }
        } else if (op instanceof QuantOp.Rearrange) {
            Rearrange r = (Rearrange) node.layer();
            for (int k = 0; k < y.data().length; k++) {
                y.data()[k] = x.data()[r.source(x.shape(), k)];
            }
        }
        return y;
    }

    /** The class of the largest value at each position of a [classes, H, W] output (ties to the lower class). */
    public static int[] argmax(IntTensor logits) {
        int classes = logits.shape().channels();
        int spatial = logits.shape().spatial();
        int[] v = logits.data();
        int[] out = new int[spatial];
        for (int s = 0; s < spatial; s++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (v[c * spatial + s] > v[best * spatial + s]) {
                    best = c;
                }
            }
            out[s] = best;
        }
        return out;
    }

    private static IntTensor source(Node node, int input, IntTensor networkInput, IntTensor[] acts) {
        int src = node.inputs().get(input);
        return src == Node.NETWORK_INPUT ? networkInput : acts[src];
    }

    private static void weighted(
            GatherPlan p, QuantOp.Weighted op, int[] x, int[] y, String layer, QuantizedNetwork.Clamp clamp) {
        int spatial = p.out().spatial();
        int fan = p.fanIn();
        int[] start = p.rowStart();
        int[] tap = p.tap();
        int[] off = p.offset();
        int[] w = op.weights().values();
        for (int o = 0; o < p.out().channels(); o++) {
            int base = p.groupBase(o);
            for (int s = 0; s < spatial; s++) {
                long acc = op.bias()[o];
                for (int e = start[s]; e < start[s + 1]; e++) {
                    acc += (long) w[o * fan + tap[e]] * x[base + off[e]];
                }
                if (acc != (int) acc) {
                    throw new ArithmeticException("layer '" + layer + "': int32 accumulator overflow (" + acc + ")");
                }
                y[o * spatial + s] = clamp.apply(op.requant()[o].apply(acc));
            }
        }
    }

    private static void pool(GatherPlan p, QuantOp op, int[] x, int[] y, QuantizedNetwork.Clamp clamp) {
        int spatial = p.out().spatial();
        int fan = p.fanIn();
        int[] index = p.index();
        for (int c = 0; c < p.out().channels(); c++) {
            int base = p.groupBase(c);
            for (int s = 0; s < spatial; s++) {
                long acc = op instanceof QuantOp.MaxPool ? Long.MIN_VALUE : 0;
                for (int j = 0; j < fan; j++) {
                    if (index[s * fan + j] < 0) {
                        continue; // padding: outside the maximum, zero in the sum
                    }
                    int v = x[base + index[s * fan + j]];
                    acc = op instanceof QuantOp.MaxPool ? Math.max(acc, v) : acc + v;
                }
                y[c * spatial + s] = op instanceof QuantOp.AvgPool avg
                        ? clamp.apply(avg.requant().apply(acc))
                        : (int) acc;
            }
        }
    }
}
