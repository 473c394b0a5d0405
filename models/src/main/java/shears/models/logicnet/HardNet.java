package shears.models.logicnet;

import java.util.ArrayList;
import java.util.List;
import shears.rtl.aig.Aig;
import shears.rtl.aig.AigBuilder;
import shears.rtl.aig.BitSim;

/**
 * A hardened logic network: per layer and neuron one gate ({@link Gates} index) and its two input
 * wires. {@link #toAig()} is its gate netlist with one output per last-layer neuron
 * ({@code y<j>}); classification counts the ones in each class's group of outputs and takes the
 * largest count, ties to the lower class index.
 */
public record HardNet(int inputs, int[] widths, int classes, int[][] gate, int[][] wires) {
    public HardNet {
        widths = widths.clone();
    }

    public Aig toAig() {
        AigBuilder b = new AigBuilder();
        int[] prev = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            prev[i] = b.input("x" + i);
        }
        for (int l = 0; l < widths.length; l++) {
            int[] cur = new int[widths[l]];
            for (int j = 0; j < cur.length; j++) {
                cur[j] = Gates.aig(b, gate[l][j], prev[wires[l][2 * j]], prev[wires[l][2 * j + 1]]);
            }
            prev = cur;
        }
        for (int j = 0; j < prev.length; j++) {
            b.output("y" + j, prev[j]);
        }
        return b.build().withoutDeadNodes();
    }

    /** Outputs per class group. */
    public int groupSize() {
        return widths[widths.length - 1] / classes;
    }

    /** Class predictions for encoded samples, through the gate netlist, 64 samples per word. */
    public static int[] predict(Aig aig, int classes, boolean[][] x) {
        int n = x.length;
        int words = (n + 63) / 64;
        long[][] in = pack(x, aig.inputCount(), words);
        long[][] out = BitSim.outputs(aig, BitSim.simulate(aig, in));
        int group = aig.outputCount() / classes;
        int[] pred = new int[n];
        for (int s = 0; s < n; s++) {
            int best = -1;
            int bestCount = -1;
            for (int c = 0; c < classes; c++) {
                int count = 0;
                for (int o = c * group; o < (c + 1) * group; o++) {
                    count += (int) (out[o][s >> 6] >>> (s & 63)) & 1;
                }
                if (count > bestCount) {
                    bestCount = count;
                    best = c;
                }
            }
            pred[s] = best;
        }
        return pred;
    }

    public static long[][] pack(boolean[][] x, int inputs, int words) {
        long[][] in = new long[inputs][words];
        for (int s = 0; s < x.length; s++) {
            for (int i = 0; i < inputs; i++) {
                if (x[s][i]) {
                    in[i][s >> 6] |= 1L << (s & 63);
                }
            }
        }
        return in;
    }

    public static double accuracy(Aig aig, int classes, boolean[][] x, int[] y) {
        int[] p = predict(aig, classes, x);
        int ok = 0;
        for (int i = 0; i < p.length; i++) {
            ok += p[i] == y[i] ? 1 : 0;
        }
        return (double) ok / p.length;
    }

    /** Neurons whose gate reads an input (not a constant), per layer, as a list. */
    public List<Integer> logicGatesPerLayer() {
        List<Integer> out = new ArrayList<>();
        for (int[] g : gate) {
            int c = 0;
            for (int v : g) {
                c += v != 0 && v != 15 ? 1 : 0;
            }
            out.add(c);
        }
        return out;
    }
}
