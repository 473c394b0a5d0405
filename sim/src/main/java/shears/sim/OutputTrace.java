package shears.sim;

import java.math.BigInteger;
import java.util.Arrays;
import shears.sim.bits.WideBits;

/**
 * Every output word of every cycle of a batched run, packed as {@link PortLayout#outputs()}, and the
 * comparison of two such traces. Used wherever engines are checked against each other.
 */
public final class OutputTrace {
    private OutputTrace() {}

    /** Runs {@code stimulus} on {@code sim} and returns cycle-major packed output words. */
    public static long[] capture(Simulator sim, Stimulus stimulus) {
        int ow = PortLayout.of(sim.netlist().top()).outputWords();
        long[] out = new long[stimulus.cycles() * ow];
        int[] row = {0};
        sim.run(stimulus, (cycle, words) -> System.arraycopy(words, 0, out, row[0]++ * ow, ow));
        return out;
    }

    /** The first (cycle, output) where two traces differ; {@code cycle} counts from the trace start. */
    public record Difference(int cycle, String port, BigInteger a, BigInteger b) {}

    /** The first difference between traces of the same layout, or null if they are equal. */
    public static Difference firstDifference(PortLayout layout, long[] a, long[] b) {
        if (Arrays.equals(a, b)) {
            return null;
        }
        int ow = layout.outputWords();
        int cycles = Math.min(a.length, b.length) / Math.max(1, ow);
        for (int c = 0; c < cycles; c++) {
            for (PortLayout.Port p : layout.outputs()) {
                int at = c * ow + p.offset();
                long[] x = Arrays.copyOfRange(a, at, at + p.words());
                long[] y = Arrays.copyOfRange(b, at, at + p.words());
                if (!Arrays.equals(x, y)) {
                    return new Difference(c, p.name(), WideBits.toBig(x), WideBits.toBig(y));
                }
            }
        }
        throw new IllegalArgumentException("traces differ in length: " + a.length + " vs " + b.length + " words");
    }
}
