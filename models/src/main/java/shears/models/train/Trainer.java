package shears.models.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.quant.QuantizedWeights;
import shears.models.tensor.Permutation;
import shears.models.tensor.Tensor;

/**
 * Adam on mean-squared error over a chain of networks (output of stage k feeds stage k + 1). The
 * optimiser state lives as long as the trainer, so calling {@link #fit} once per epoch with a
 * changing learning rate continues one optimisation.
 * Each mini-batch is cut into {@link #CHUNKS} fixed slices whose gradients are computed in
 * parallel and summed in slice order, so results are identical on any number of cores.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    static final int CHUNKS = 4;

    private final List<Network> stages;
    private final List<Masks> masks;
    private final Regularizer regularizer;
    private Adam adam; // kept across fit calls: a per-epoch learning-rate schedule must not reset the moments

    /** {@code masks} holds one entry per stage, or null for unmasked stages. */
    public Trainer(List<Network> stages, List<Masks> masks, Regularizer regularizer) {
        this.stages = List.copyOf(stages);
        this.masks = new ArrayList<>(masks);
        if (this.masks.size() != this.stages.size()) {
            throw new IllegalArgumentException("one mask set per stage expected");
        }
        this.regularizer = regularizer;
        for (int k = 0; k + 1 < this.stages.size(); k++) {
            if (!this.stages.get(k).outputShape().equals(this.stages.get(k + 1).inputShape())) {
                throw new IllegalArgumentException(
                        "stage " + k + " output " + this.stages.get(k).outputShape() + " does not feed stage " + (k + 1)
                                + " input " + this.stages.get(k + 1).inputShape());
            }
        }
    }

    public static Trainer of(Network... stages) {
        List<Masks> none = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            none.add(null);
        }
        return new Trainer(List.of(stages), none, Regularizer.NONE);
    }

    /** Trains in place; returns the mean loss of each epoch. */
    public List<Double> fit(List<Tensor> inputs, List<Tensor> targets, TrainConfig config) {
        if (inputs.size() != targets.size() || inputs.isEmpty()) {
            throw new IllegalArgumentException("need equally many inputs and targets, at least one");
        }
        applyMasks();
        if (adam == null) {
            adam = new Adam(stages);
        }
        List<Double> history = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(CHUNKS, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "shears-train");
                    t.setDaemon(true);
                    return t;
                });
        try {
            int[] order = new int[inputs.size()];
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                Permutation.shuffleIdentity(order, new SplittableRandom(config.seed() * 1_000_003L + epoch));
                double lossSum = 0;
                for (int start = 0; start < order.length; start += config.batchSize()) {
                    int end = Math.min(order.length, start + config.batchSize());
                    List<Network> forwardNets =
                            config.fakeQuantBits() == 0 ? stages : fakeQuantised(config.fakeQuantBits());
                    Batch batch = batchGradients(pool, forwardNets, inputs, targets, order, start, end);
                    lossSum += batch.loss;
                    int n = end - start;
                    for (int k = 0; k < stages.size(); k++) {
                        scale(batch.grad[k], 1.0 / n);
                        regularizer.addGradients(k, stages.get(k), batch.grad[k][0], batch.grad[k][1]);
                    }
                    adam.step(batch.grad, config.learningRate());
                    for (int k = 0; k < stages.size(); k++) {
                        regularizer.afterStep(k, stages.get(k));
                    }
                    applyMasks();
                }
                double loss = lossSum / order.length;
                history.add(loss);
                LOG.debug("epoch {}/{} loss {}", epoch + 1, config.epochs(), loss);
            }
        } finally {
            pool.shutdownNow();
        }
        return history;
    }

    /** Mean-squared error of the chain over a data set. */
    public double loss(List<Tensor> inputs, List<Tensor> targets) {
        double sum = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor y = inputs.get(i);
            for (Network net : stages) {
                y = net.forward(y);
            }
            double[] t = targets.get(i).data();
            for (int k = 0; k < t.length; k++) {
                double d = y.data()[k] - t[k];
                sum += d * d / t.length;
            }
        }
        return sum / inputs.size();
    }

    private record Batch(double loss, double[][][][] grad) {}

    private Batch batchGradients(
            ExecutorService pool,
            List<Network> nets,
            List<Tensor> inputs,
            List<Tensor> targets,
            int[] order,
            int start,
            int end) {
        List<Future<Batch>> parts = new ArrayList<>();
        int n = end - start;
        for (int c = 0; c < CHUNKS; c++) {
            int from = start + n * c / CHUNKS;
            int to = start + n * (c + 1) / CHUNKS;
            parts.add(pool.submit(() -> chunkGradients(nets, inputs, targets, order, from, to)));
        }
        double loss = 0;
        double[][][][] total = null;
        try {
            for (Future<Batch> f : parts) {
                Batch b = f.get();
                loss += b.loss;
                if (total == null) {
                    total = b.grad;
                } else {
                    for (int k = 0; k < total.length; k++) {
                        add(total[k], b.grad[k]);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "training step failed: " + e.getCause().getMessage(), e.getCause());
        }
        return new Batch(loss, total);
    }

    private Batch chunkGradients(
            List<Network> nets, List<Tensor> inputs, List<Tensor> targets, int[] order, int from, int to) {
        double[][][][] grad = new double[nets.size()][][][];
        for (int k = 0; k < nets.size(); k++) {
            grad[k] = nets.get(k).newGradients();
        }
        double loss = 0;
        for (int i = from; i < to; i++) {
            Tensor x = inputs.get(order[i]);
            Tensor[][] acts = new Tensor[nets.size()][];
            Tensor[] stageIn = new Tensor[nets.size()];
            Tensor y = x;
            for (int k = 0; k < nets.size(); k++) {
                stageIn[k] = y;
                acts[k] = nets.get(k).forwardAll(y);
                y = acts[k][acts[k].length - 1];
            }
            double[] t = targets.get(order[i]).data();
            double[] g = new double[t.length];
            for (int j = 0; j < t.length; j++) {
                double d = y.data()[j] - t[j];
                loss += d * d / t.length;
                g[j] = 2 * d / t.length;
            }
            Tensor grad0 = new Tensor(y.shape(), g);
            for (int k = nets.size() - 1; k >= 0; k--) {
                double[] gin = nets.get(k).backward(stageIn[k], acts[k], grad0, grad[k][0], grad[k][1], k > 0);
                if (k > 0) {
                    grad0 = new Tensor(stageIn[k].shape(), gin);
                }
            }
        }
        return new Batch(loss, grad);
    }

    private List<Network> fakeQuantised(int bits) {
        List<Network> out = new ArrayList<>();
        for (Network net : stages) {
            Network q = net.copy();
            for (int n : q.prunableNodes()) {
                QuantizedWeights.roundInPlace(q.weights(n), q.shape(n).channels(), bits);
            }
            out.add(q);
        }
        return out;
    }

    private void applyMasks() {
        for (int k = 0; k < stages.size(); k++) {
            if (masks.get(k) != null) {
                stages.get(k).applyMasks(masks.get(k));
            }
        }
    }

    private static void scale(double[][][] g, double factor) {
        for (double[][] part : g) {
            for (double[] a : part) {
                for (int i = 0; i < a.length; i++) {
                    a[i] *= factor;
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
