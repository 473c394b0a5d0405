package shears.sim.compiled;

import shears.sim.SimState;

/**
 * Base class of the generated model classes: direct references to the shared state arrays, plus
 * next-state scratch for registers and read ports. Generated subclasses implement settle and edge
 * as straight-line code.
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

    public abstract void settle();

    public abstract void edge();
}
