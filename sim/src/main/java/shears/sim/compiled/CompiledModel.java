package shears.sim.compiled;

import shears.sim.SimState;

/**
 * Base class of the generated model classes: direct references to the shared state arrays, plus
 * next-state scratch for registers and read ports. Generated subclasses implement settle and edge
 * as straight-line code, and keep each narrow memory in an array of the narrowest primitive type
 * that holds its words, copied from the state at construction (see the copiers below).
 */
public abstract class CompiledModel {
    protected final long[] v;
    protected final long[][] w;
    protected final long[][] memN;
    protected final long[][][] memW;
    protected final long[] nx;
    protected final long[][] nxw;

    protected CompiledModel(SimState s, int nextSlots, int[] wideNextWords) {
        this.v = s.v;
        this.w = s.w;
        this.memN = s.memN;
        this.memW = s.memW;
        this.nx = new long[nextSlots];
        this.nxw = new long[wideNextWords.length][];
        for (int i = 0; i < wideNextWords.length; i++) {
            nxw[i] = new long[wideNextWords[i]];
        }
    }

    protected static byte[] bytes(long[] words) {
        byte[] r = new byte[words.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (byte) words[i];
        }
        return r;
    }

    protected static short[] shorts(long[] words) {
        short[] r = new short[words.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (short) words[i];
        }
        return r;
    }

    protected static int[] ints(long[] words) {
        int[] r = new int[words.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (int) words[i];
        }
        return r;
    }

    protected static long[] longs(long[] words) {
        return words.clone();
    }

    public abstract void settle();

    public abstract void edge();
}
