package shears.models.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.quant.QuantizedWeights;
import shears.models.tensor.Permutation;
import shears.models.tensor.Tensor;

/**
 * Adam on per-pixel softmax cross-entropy with class weights: the network maps an image [bands, H, W]
 * to logits [classes, H, W]; a label map gives each pixel's class (negative: ignored). The samples of a
 * batch are back-propagated in parallel (one chunk per core), their gradients summed in a fixed order,
 * so a run is deterministic for a seed whatever the core count. With {@link TrainConfig#fakeQuantBits()}
 * the weights are rounded as the quantiser will round them in every forward and backward pass
 * (quantisation-aware training).
 */
public final class SegmentationTrainer {
    private static final int CHUNKS = 2;
    private final Network net;
    private final double[] classWeights;
    private final Adam adam;
    private final Masks masks;

    public SegmentationTrainer(Network net, double[] classWeights) {
        this(net, classWeights, null);
    }

    /** With {@code masks} (or null), pruned weights stay zero: they are zeroed again after every step. */
    public SegmentationTrainer(Network net, double[] classWeights, Masks masks) {
        if (classWeights.length != net.outputShape().channels()) {
            throw new IllegalArgumentException(classWeights.length + " class weights for "
                    + net.outputShape().channels() + " classes");
        }
        this.net = net;
        this.classWeights = classWeights.clone();
        this.adam = new Adam(List.of(net));
        this.masks = masks;
        if (masks != null) {
            net.applyMasks(masks);
        }
    }

    /** Inverse-frequency class weights, normalised to mean 1 over the classes present, capped at {@code cap}. */
    public static double[] balancedWeights(List<int[]> labels, int classes, double cap) {
        long[] count = new long[classes];
        long total = 0;
        for (int[] l : labels) {
            for (int c : l) {
                if (c >= 0) {
                    count[c]++;
                    total++;
                }
            }
        }
        double[] w = new double[classes];
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (count[c] > 0) {
                w[c] = Math.min(cap, Math.sqrt(total / (double) (classes * count[c])));
                sum += w[c];
                present++;
            }
        }
        for (int c = 0; c < classes; c++) {
            w[c] = present == 0 ? 1 : w[c] * present / sum;
        }
        return w;
    }

    /** Trains in place for {@code config.epochs()} epochs; returns the mean loss per pixel of each epoch. */
    public List<Double> fit(List<Tensor> images, List<int[]> labels, TrainConfig config, IntConsumer epochDone) {
        if (images.size() != labels.size() || images.isEmpty()) {
            throw new IllegalArgumentException("need equally many images and label maps, at least one");
        }
        List<Double> history = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(CHUNKS, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "shears-seg-train");
                    t.setDaemon(true);
                    return t;
                });
        try {
            int[] order = new int[images.size()];
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                Permutation.shuffleIdentity(order, new SplittableRandom(config.seed() * 1_000_003L + epoch));
                double loss = 0;
                long pixels = 0;
                for (int start = 0; start < order.length; start += config.batchSize()) {
                    int end = Math.min(order.length, start + config.batchSize());
                    Grad g = batch(
                            pool,
                            config.fakeQuantBits() == 0 ? net : fakeQuantised(config.fakeQuantBits()),
                            images,
                            labels,
                            order,
                            start,
                            end);
                    loss += g.loss;
                    pixels += g.pixels;
                    scale(g.grad, 1.0 / Math.max(1, g.pixels));
                    adam.step(new double[][][][] {g.grad}, config.learningRate());
                    if (masks != null) {
                        net.applyMasks(masks);
                    }
                }
                history.add(loss / Math.max(1, pixels));
                epochDone.accept(epoch + 1);
            }
        } finally {
            pool.shutdownNow();
        }
        return history;
    }

    private record Grad(double loss, long pixels, double[][][] grad) {}

    /**
     * A copy of the network with its weights rounded to {@code bits} (per output channel, as the
     * quantiser does): forward and backward run on it, the float weights take the step
     * (straight-through estimator).
     */
    private Network fakeQuantised(int bits) {
        Network q = net.copy();
        for (int n : q.prunableNodes()) {
            QuantizedWeights.roundInPlace(q.weights(n), q.shape(n).channels(), bits);
        }
        return q;
    }

    private Grad batch(
            ExecutorService pool,
            Network model,
            List<Tensor> images,
            List<int[]> labels,
            int[] order,
            int start,
            int end) {
        int n = end - start;
        int chunks = Math.min(CHUNKS, n);
        List<Future<Grad>> parts = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            int from = start + c * n / chunks;
            int to = start + (c + 1) * n / chunks;
            parts.add(pool.submit(() -> chunk(model, images, labels, order, from, to)));
        }
        double[][][] sum = net.newGradients();
        double loss = 0;
        long pixels = 0;
        try {
            for (Future<Grad> f : parts) {
                Grad g = f.get();
                add(sum, g.grad);
                loss += g.loss;
                pixels += g.pixels;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        return new Grad(loss, pixels, sum);
    }

    private Grad chunk(Network model, List<Tensor> images, List<int[]> labels, int[] order, int from, int to) {
        double[][][] g = model.newGradients();
        double loss = 0;
        long pixels = 0;
        for (int i = from; i < to; i++) {
            Tensor x = images.get(order[i]);
            Tensor[] acts = model.forwardAll(x);
            Tensor logits = acts[acts.length - 1];
            Tensor grad = new Tensor(logits.shape());
            double[] lossAndCount = crossEntropy(
                    logits.data(), labels.get(order[i]), logits.shape().channels(), grad.data());
            loss += lossAndCount[0];
            pixels += (long) lossAndCount[1];
            model.backward(x, acts, grad, g[0], g[1], false);
        }
        return new Grad(loss, pixels, g);
    }

    /** Weighted softmax cross-entropy per pixel; writes d loss / d logits into {@code grad}; returns {loss, labelled pixels}. */
    double[] crossEntropy(double[] logits, int[] label, int classes, double[] grad) {
        int spatial = label.length;
        double loss = 0;
        int counted = 0;
        double[] p = new double[classes];
        for (int s = 0; s < spatial; s++) {
            int t = label[s];
            if (t < 0) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[c * spatial + s]);
            }
            double z = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = Math.exp(logits[c * spatial + s] - max);
                z += p[c];
            }
            double w = classWeights[t];
            for (int c = 0; c < classes; c++) {
                grad[c * spatial + s] = w * (p[c] / z - (c == t ? 1 : 0));
            }
            loss -= w * Math.log(Math.max(1e-300, p[t] / z));
            counted++;
        }
        return new double[] {loss, counted};
    }

    private static void scale(double[][][] g, double f) {
        for (double[][] a : g) {
            for (double[] b : a) {
                for (int i = 0; i < b.length; i++) {
                    b[i] *= f;
                }
            }
        }
    }

    private static void add(double[][][] into, double[][][] g) {
        for (int p = 0; p < into.length; p++) {
            for (int n = 0; n < into[p].length; n++) {
                for (int i = 0; i < into[p][n].length; i++) {
                    into[p][n][i] += g[p][n][i];
                }
            }
        }
    }
}
