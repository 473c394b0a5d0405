package shears.rtl.aig;

import java.util.SplittableRandom;

/**
 * 64-way bit-parallel simulation: each {@code long} carries one value of a variable for 64 input
 * patterns. {@code values[var][word]}; variable 0 (constant false) is all zeros.
 */
public final class BitSim {
    private BitSim() {}

    /** Values of every variable for {@code inputs[i][w]} (input i, word w). */
    public static long[][] simulate(Aig aig, long[][] inputs) {
        if (inputs.length != aig.inputCount()) {
            throw new IllegalArgumentException(
                    "need one pattern row per input: " + aig.inputCount() + ", got " + inputs.length);
        }
        int words = inputs.length == 0 ? 1 : inputs[0].length;
        long[][] v = new long[aig.maxVar() + 1][];
        v[0] = new long[words];
        for (int i = 0; i < aig.inputCount(); i++) {
            v[i + 1] = inputs[i];
        }
        for (int var = aig.inputCount() + 1; var <= aig.maxVar(); var++) {
            int a = aig.fanin0(var);
            int b = aig.fanin1(var);
            long[] x = v[a >> 1];
            long[] y = v[b >> 1];
            long ma = (a & 1) == 0 ? 0 : -1L;
            long mb = (b & 1) == 0 ? 0 : -1L;
            long[] out = new long[words];
            for (int w = 0; w < words; w++) {
                out[w] = (x[w] ^ ma) & (y[w] ^ mb);
            }
            v[var] = out;
        }
        return v;
    }

    /** Output words: {@code out[o][w]}. */
    public static long[][] outputs(Aig aig, long[][] values) {
        long[][] out = new long[aig.outputCount()][];
        for (int o = 0; o < out.length; o++) {
            int lit = aig.output(o);
            long[] src = values[lit >> 1];
            out[o] = new long[src.length];
            for (int w = 0; w < src.length; w++) {
                out[o][w] = (lit & 1) == 0 ? src[w] : ~src[w];
            }
        }
        return out;
    }

    /** Seeded uniformly random patterns, {@code words} x 64 per input. */
    public static long[][] randomInputs(int inputs, int words, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[][] in = new long[inputs][words];
        for (int i = 0; i < inputs; i++) {
            for (int w = 0; w < words; w++) {
                in[i][w] = r.nextLong();
            }
        }
        return in;
    }
}
