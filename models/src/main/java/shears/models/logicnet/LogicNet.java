package shears.models.logicnet;

import java.util.SplittableRandom;
import shears.models.tensor.Permutation;

/**
 * Parameters and relaxed computation of a {@link LogicNetConfig}. Neuron j of layer l reads
 * {@code a = sum_k q_k x[cand(j, a, k)]} and likewise b (one candidate with weight 1 when wiring is
 * fixed), and outputs {@code sum_g p_g gate_g(a, b)} with {@code p = softmax(gate logits)}; since
 * every relaxed gate is bilinear this is {@code A + B a + C b + D ab} with per-neuron coefficients
 * computed once per batch.
 *
 * <p>Wiring: candidate 0 of input a of neuron j is {@code permA[j mod m]}, of input b
 * {@code permB[j mod m]}, with permA, permB seeded permutations of the m previous outputs (so every
 * previous output is read once the layer is at least as wide); learned candidates 1..K-1 are drawn
 * uniformly from the m outputs by the same seeded generator. Hardening takes the argmax gate and
 * the argmax candidate.
 */
public final class LogicNet {
    private final LogicNetConfig config;
    /** [layer][(j * 2 + slot) * K + k] candidate input index. */
    final int[][] cand;
    /** [layer][j * 16 + g] gate logits. */
    final double[][] gateLogits;
    /** [layer][(j * 2 + slot) * K + k] interconnect logits (unused when K = 1). */
    final double[][] connLogits;

    public LogicNet(LogicNetConfig config) {
        this.config = config;
        int layers = config.layers();
        int k = config.candidates();
        cand = new int[layers][];
        gateLogits = new double[layers][];
        connLogits = new double[layers][];
        SplittableRandom r = new SplittableRandom(config.seed());
        for (int l = 0; l < layers; l++) {
            int n = config.widths()[l];
            int m = config.inWidth(l);
            int[] permA = Permutation.of(m, r);
            int[] permB = Permutation.of(m, r);
            cand[l] = new int[n * 2 * k];
            for (int j = 0; j < n; j++) {
                int a = permA[j % m];
                int b = permB[j % m];
                if (a == b && m > 1) {
                    b = permB[(j + 1) % m] == a ? permB[(j + 2) % m] : permB[(j + 1) % m];
                }
                cand[l][(j * 2) * k] = a;
                cand[l][(j * 2 + 1) * k] = b;
                for (int c = 1; c < k; c++) {
                    cand[l][(j * 2) * k + c] = r.nextInt(m);
                    cand[l][(j * 2 + 1) * k + c] = r.nextInt(m);
                }
            }
            gateLogits[l] = new double[n * Gates.COUNT];
            for (int i = 0; i < gateLogits[l].length; i++) {
                gateLogits[l][i] = shears.models.tensor.Gaussian.next(r);
            }
            connLogits[l] = new double[n * 2 * k];
        }
    }

    public LogicNetConfig config() {
        return config;
    }

    public long parameterCount() {
        long n = 0;
        for (int l = 0; l < config.layers(); l++) {
            n += gateLogits[l].length + (config.learnedInterconnect() ? connLogits[l].length : 0);
        }
        return n;
    }

    /** Softmaxed parameters for a batch: per neuron {A, B, C, D}, gate probabilities and candidate weights. */
    final class Prepared {
        final double[][] coef; // [l][j * 4 + c]
        final double[][] prob; // [l][j * 16 + g]
        final double[][] q; // [l][(j * 2 + s) * K + k]

        Prepared() {
            int layers = config.layers();
            coef = new double[layers][];
            prob = new double[layers][];
            q = new double[layers][];
            int k = config.candidates();
            for (int l = 0; l < layers; l++) {
                int n = config.widths()[l];
                coef[l] = new double[n * 4];
                prob[l] = new double[n * Gates.COUNT];
                for (int j = 0; j < n; j++) {
                    softmax(gateLogits[l], j * Gates.COUNT, Gates.COUNT, prob[l]);
                    for (int g = 0; g < Gates.COUNT; g++) {
                        double p = prob[l][j * Gates.COUNT + g];
                        for (int c = 0; c < 4; c++) {
                            coef[l][j * 4 + c] += p * Gates.COEF[g][c];
                        }
                    }
                }
                q[l] = new double[n * 2 * k];
                if (k == 1) {
                    java.util.Arrays.fill(q[l], 1.0);
                } else {
                    for (int s = 0; s < n * 2; s++) {
                        softmax(connLogits[l], s * k, k, q[l]);
                    }
                }
            }
        }
    }

    static void softmax(double[] logits, int from, int len, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, logits[from + i]);
        }
        double sum = 0;
        for (int i = 0; i < len; i++) {
            out[from + i] = Math.exp(logits[from + i] - max);
            sum += out[from + i];
        }
        for (int i = 0; i < len; i++) {
            out[from + i] /= sum;
        }
    }

    /** Relaxed forward pass of one sample; {@code acts[l + 1]} holds layer l's outputs, {@code ab[l]} the mixed inputs. */
    void forward(Prepared p, double[] x, double[][] acts, double[][] ab) {
        acts[0] = x;
        int k = config.candidates();
        for (int l = 0; l < config.layers(); l++) {
            int n = config.widths()[l];
            double[] in = acts[l];
            double[] out = new double[n];
            double[] mixed = new double[n * 2];
            int[] c = cand[l];
            double[] q = p.q[l];
            double[] coef = p.coef[l];
            for (int j = 0; j < n; j++) {
                double a = 0;
                double b = 0;
                int ba = (j * 2) * k;
                int bb = (j * 2 + 1) * k;
                for (int t = 0; t < k; t++) {
                    a += q[ba + t] * in[c[ba + t]];
                    b += q[bb + t] * in[c[bb + t]];
                }
                mixed[j * 2] = a;
                mixed[j * 2 + 1] = b;
                out[j] = coef[j * 4] + coef[j * 4 + 1] * a + coef[j * 4 + 2] * b + coef[j * 4 + 3] * a * b;
            }
            acts[l + 1] = out;
            ab[l] = mixed;
        }
    }

    /** GroupSum scores of the last layer: per class, sum of its group divided by tau. */
    double[] scores(double[] last) {
        int classes = config.classes();
        int group = last.length / classes;
        double[] s = new double[classes];
        for (int i = 0; i < last.length; i++) {
            s[i / group] += last[i];
        }
        for (int c = 0; c < classes; c++) {
            s[c] /= config.tau();
        }
        return s;
    }

    /**
     * Back-propagates d loss / d last-layer outputs; accumulates d loss / d coefficient
     * ({@code gCoef}) and d loss / d candidate weight ({@code gQ}) per neuron.
     */
    void backward(Prepared p, double[][] acts, double[][] ab, double[] gLast, double[][] gCoef, double[][] gQ) {
        int k = config.candidates();
        double[] g = gLast;
        for (int l = config.layers() - 1; l >= 0; l--) {
            int n = config.widths()[l];
            double[] in = acts[l];
            double[] gin = l > 0 ? new double[in.length] : null;
            double[] coef = p.coef[l];
            double[] q = p.q[l];
            int[] c = cand[l];
            for (int j = 0; j < n; j++) {
                double gy = g[j];
                if (gy == 0) {
                    continue;
                }
                double a = ab[l][j * 2];
                double b = ab[l][j * 2 + 1];
                gCoef[l][j * 4] += gy;
                gCoef[l][j * 4 + 1] += gy * a;
                gCoef[l][j * 4 + 2] += gy * b;
                gCoef[l][j * 4 + 3] += gy * a * b;
                double ga = gy * (coef[j * 4 + 1] + coef[j * 4 + 3] * b);
                double gb = gy * (coef[j * 4 + 2] + coef[j * 4 + 3] * a);
                int ba = (j * 2) * k;
                int bb = (j * 2 + 1) * k;
                for (int t = 0; t < k; t++) {
                    if (k > 1) {
                        gQ[l][ba + t] += ga * in[c[ba + t]];
                        gQ[l][bb + t] += gb * in[c[bb + t]];
                    }
                    if (gin != null) {
                        gin[c[ba + t]] += ga * q[ba + t];
                        gin[c[bb + t]] += gb * q[bb + t];
                    }
                }
            }
            g = gin;
        }
    }

    /** The hardened network: argmax gate and argmax candidate per neuron. */
    public HardNet harden() {
        int layers = config.layers();
        int k = config.candidates();
        int[][] gate = new int[layers][];
        int[][] wires = new int[layers][];
        for (int l = 0; l < layers; l++) {
            int n = config.widths()[l];
            gate[l] = new int[n];
            wires[l] = new int[n * 2];
            for (int j = 0; j < n; j++) {
                gate[l][j] = argmax(gateLogits[l], j * Gates.COUNT, Gates.COUNT);
                for (int s = 0; s < 2; s++) {
                    wires[l][j * 2 + s] =
                            cand[l][(j * 2 + s) * k + (k == 1 ? 0 : argmax(connLogits[l], (j * 2 + s) * k, k))];
                }
            }
        }
        return new HardNet(config.inputs(), config.widths(), config.classes(), gate, wires);
    }

    static int argmax(double[] v, int from, int len) {
        int best = 0;
        for (int i = 1; i < len; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
