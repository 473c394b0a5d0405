package shears.accelerators.logic;

import java.util.List;
import shears.rtl.ir.Netlist;
import shears.sim.PortLayout;
import shears.sim.Stimulus;

/**
 * Driving a generated classifier one sample per cycle and checking {@code class_out} against the
 * software netlist's predictions, shared by every engine that runs it.
 */
public final class ClassifierRun {
    private ClassifierRun() {}

    /** A sample's bits packed LSB first into 64-bit words (bit i = netlist input i). */
    public static long[] pack(boolean[] sample) {
        long[] w = new long[(sample.length + 63) / 64];
        for (int i = 0; i < sample.length; i++) {
            if (sample[i]) {
                w[i / 64] |= 1L << (i % 64);
            }
        }
        return w;
    }

    /** Sample s on input {@code port} in cycle s, then {@code latency} idle cycles to drain the pipeline. */
    public static Stimulus stimulus(Netlist flat, String port, List<long[]> samples, int latency) {
        PortLayout layout = PortLayout.of(flat.top());
        int cycles = samples.size() + latency;
        long[] words = new long[cycles * layout.inputWords()];
        PortLayout.Port x = layout.input(port);
        for (int s = 0; s < samples.size(); s++) {
            System.arraycopy(samples.get(s), 0, words, s * layout.inputWords() + x.offset(), samples.get(s).length);
        }
        return new Stimulus(layout, cycles, words);
    }

    /** Throws naming the engine, sample, cycle, signal and both values at the first disagreement. */
    public static void check(String engine, long[] trace, PortLayout layout, int[] expected, int latency) {
        PortLayout.Port out = layout.output("class_out");
        int ow = layout.outputWords();
        for (int s = 0; s < expected.length; s++) {
            int cycle = s + latency;
            long got = trace[cycle * ow + out.offset()];
            if (got != expected[s]) {
                throw new IllegalStateException(engine + ": sample " + s + " (cycle " + cycle
                        + "), signal class_out: hardware " + got + ", software netlist " + expected[s]);
            }
        }
    }
}
