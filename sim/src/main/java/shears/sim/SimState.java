package shears.sim;

import shears.rtl.ir.Memory;
import shears.rtl.ir.NetlistModule;
import shears.sim.bits.WideBits;

/**
 * The values of a flat netlist under simulation: one {@code long} per net of width &le; 64, one
 * {@code long[]} per wider net, and memory contents. Shared by every Java engine (generated code
 * reads and writes these arrays directly), so ports, toggles and waveforms work the same way for all.
 */
public final class SimState {
    /** Narrow net values (masked to width); unused slots for wide nets. */
    public final long[] v;
    /** Wide net values, null for narrow nets. */
    public final long[][] w;
    /**
     * Narrow memory contents per memory, null for wide memories. The compiled engine copies them at
     * start into arrays of the narrowest fitting type and works on those; nothing outside an engine
     * reads memory contents.
     */
    public final long[][] memN;
    /** Wide memory contents per memory, null for narrow memories. */
    public final long[][][] memW;

    final int[] widths;

    public SimState(NetlistModule m) {
        int n = m.size();
        v = new long[n];
        w = new long[n][];
        widths = new int[n];
        for (int i = 0; i < n; i++) {
            widths[i] = m.cell(i).width();
            if (widths[i] > 64) {
                w[i] = new long[WideBits.words(widths[i])];
            }
        }
        int k = m.memories().size();
        memN = new long[k][];
        memW = new long[k][][];
        for (int j = 0; j < k; j++) {
            Memory mem = m.memories().get(j);
            if (mem.width() > 64) {
                memW[j] = new long[mem.depth()][];
                for (int a = 0; a < mem.depth(); a++) {
                    memW[j][a] = WideBits.fromBig(mem.initWord(a), mem.width());
                }
            } else {
                memN[j] = new long[mem.depth()];
                for (int a = 0; a < mem.depth(); a++) {
                    memN[j][a] = mem.initWord(a).longValue();
                }
            }
        }
    }

    public int width(int net) {
        return widths[net];
    }

    public boolean isWide(int net) {
        return widths[net] > 64;
    }
}
