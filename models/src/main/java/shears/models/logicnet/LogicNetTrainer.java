package shears.models.logicnet;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.models.tensor.Permutation;
import shears.models.train.Adam;

/**
 * Adam on softmax cross-entropy of GroupSum scores. Mini-batches are cut into four fixed slices
 * computed in parallel and summed in order, so results do not depend on the core count.
 */
public final class LogicNetTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(LogicNetTrainer.class);
    private static final int CHUNKS = 4;

    public record Config(int epochs, int batchSize, double learningRate, long seed) {
        public Config {
            if (epochs < 0 || batchSize < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("epochs >= 0, batch size >= 1 and a positive learning rate needed");
            }
        }
    }

    private LogicNetTrainer() {}

    /** Trains in place; returns the mean loss per epoch. */
    public static List<Double> fit(LogicNet net, boolean[][] x, int[] y, Config cfg) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("need equally many samples and labels, at least one");
        }
        LogicNetConfig c = net.config();
        for (int label : y) {
            if (label < 0 || label >= c.classes()) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (c.classes() - 1));
            }
        }
        int layers = c.layers();
        double[][] mG = new double[layers][];
        double[][] vG = new double[layers][];
        double[][] mQ = new double[layers][];
        double[][] vQ = new double[layers][];
        for (int l = 0; l < layers; l++) {
            mG[l] = new double[net.gateLogits[l].length];
            vG[l] = new double[net.gateLogits[l].length];
            mQ[l] = new double[net.connLogits[l].length];
            vQ[l] = new double[net.connLogits[l].length];
        }
        int step = 0;
        List<Double> history = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(CHUNKS, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "shears-logic-train");
                    t.setDaemon(true);
                    return t;
                });
        try {
            int[] order = new int[x.length];
            for (int e = 0; e < cfg.epochs(); e++) {
                Permutation.shuffleIdentity(order, new SplittableRandom(cfg.seed() * 1_000_003L + e));
                double lossSum = 0;
                for (int start = 0; start < order.length; start += cfg.batchSize()) {
                    int end = Math.min(order.length, start + cfg.batchSize());
                    LogicNet.Prepared p = net.new Prepared();
                    List<Future<Chunk>> parts = new ArrayList<>();
                    for (int k = 0; k < CHUNKS; k++) {
                        int from = start + (end - start) * k / CHUNKS;
                        int to = start + (end - start) * (k + 1) / CHUNKS;
                        parts.add(pool.submit(() -> chunk(net, p, x, y, order, from, to)));
                    }
                    double[][] gCoef = null;
                    double[][] gQ = null;
                    for (Future<Chunk> f : parts) {
                        Chunk res = get(f);
                        lossSum += res.loss();
                        if (gCoef == null) {
                            gCoef = res.gCoef();
                            gQ = res.gQ();
                        } else {
                            add(gCoef, res.gCoef());
                            add(gQ, res.gQ());
                        }
                    }
                    step++;
                    double n = end - start;
                    for (int l = 0; l < layers; l++) {
                        double[] gl = gateGrad(p, l, gCoef[l], n);
                        Adam.update(net.gateLogits[l], gl, mG[l], vG[l], cfg.learningRate(), step);
                        if (c.learnedInterconnect()) {
                            double[] ql = connGrad(p, l, gQ[l], c.candidates(), n);
                            Adam.update(net.connLogits[l], ql, mQ[l], vQ[l], cfg.learningRate(), step);
                        }
                    }
                }
                history.add(lossSum / x.length);
                LOG.debug("logic epoch {}/{} loss {}", e + 1, cfg.epochs(), lossSum / x.length);
            }
        } finally {
            pool.shutdownNow();
        }
        return history;
    }

    /** Batch-mean loss and its gradient w.r.t. gate and interconnect logits over all samples (for tests). */
    static double[][][] gradients(LogicNet net, boolean[][] x, int[] y) {
        int[] order = java.util.stream.IntStream.range(0, x.length).toArray();
        LogicNet.Prepared p = net.new Prepared();
        Chunk r = chunk(net, p, x, y, order, 0, x.length);
        LogicNetConfig c = net.config();
        double[][] gates = new double[c.layers()][];
        double[][] conn = new double[c.layers()][];
        for (int l = 0; l < c.layers(); l++) {
            gates[l] = gateGrad(p, l, r.gCoef()[l], x.length);
            conn[l] = c.learnedInterconnect() ? connGrad(p, l, r.gQ()[l], c.candidates(), x.length) : new double[0];
        }
        return new double[][][] {{{r.loss() / x.length}}, gates, conn};
    }

    /** A chunk of a batch: its summed loss and gradients w.r.t. the gate coefficients and interconnect probabilities. */
    private record Chunk(double loss, double[][] gCoef, double[][] gQ) {}

    private static Chunk chunk(
            LogicNet net, LogicNet.Prepared p, boolean[][] x, int[] y, int[] order, int from, int to) {
        LogicNetConfig c = net.config();
        int layers = c.layers();
        double[][] gCoef = new double[layers][];
        double[][] gQ = new double[layers][];
        for (int l = 0; l < layers; l++) {
            gCoef[l] = new double[c.widths()[l] * 4];
            gQ[l] = new double[c.learnedInterconnect() ? c.widths()[l] * 2 * c.candidates() : 0];
        }
        double loss = 0;
        double[][] acts = new double[layers + 1][];
        double[][] ab = new double[layers][];
        for (int i = from; i < to; i++) {
            boolean[] xs = x[order[i]];
            double[] in = new double[xs.length];
            for (int k = 0; k < xs.length; k++) {
                in[k] = xs[k] ? 1 : 0;
            }
            net.forward(p, in, acts, ab);
            double[] last = acts[layers];
            double[] s = net.scores(last);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : s) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : s) {
                sum += Math.exp(v - max);
            }
            int label = y[order[i]];
            loss += -(s[label] - max - Math.log(sum));
            int group = last.length / c.classes();
            double[] gLast = new double[last.length];
            for (int j = 0; j < last.length; j++) {
                int cls = j / group;
                double soft = Math.exp(s[cls] - max) / sum;
                gLast[j] = (soft - (cls == label ? 1 : 0)) / c.tau();
            }
            net.backward(p, acts, ab, gLast, gCoef, gQ);
        }
        return new Chunk(loss, gCoef, gQ);
    }

    /** d loss / d gate logit h = p_h * sum_c (COEF[h][c] - coef[c]) * dL/dcoef[c], batch mean. */
    private static double[] gateGrad(LogicNet.Prepared p, int l, double[] gCoef, double n) {
        int neurons = gCoef.length / 4;
        double[] g = new double[neurons * Gates.COUNT];
        for (int j = 0; j < neurons; j++) {
            for (int h = 0; h < Gates.COUNT; h++) {
                double dot = 0;
                for (int c = 0; c < 4; c++) {
                    dot += (Gates.COEF[h][c] - p.coef[l][j * 4 + c]) * gCoef[j * 4 + c];
                }
                g[j * Gates.COUNT + h] = p.prob[l][j * Gates.COUNT + h] * dot / n;
            }
        }
        return g;
    }

    /** d loss / d interconnect logit k = q_k (gq_k - sum_t q_t gq_t), batch mean. */
    private static double[] connGrad(LogicNet.Prepared p, int l, double[] gQ, int k, double n) {
        double[] g = new double[gQ.length];
        double[] q = p.q[l];
        for (int s = 0; s < gQ.length / k; s++) {
            double mean = 0;
            for (int t = 0; t < k; t++) {
                mean += q[s * k + t] * gQ[s * k + t];
            }
            for (int t = 0; t < k; t++) {
                g[s * k + t] = q[s * k + t] * (gQ[s * k + t] - mean) / n;
            }
        }
        return g;
    }

    private static void add(double[][] a, double[][] b) {
        for (int l = 0; l < a.length; l++) {
            for (int i = 0; i < a[l].length; i++) {
                a[l][i] += b[l][i];
            }
        }
    }

    private static Chunk get(Future<Chunk> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "training step failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
