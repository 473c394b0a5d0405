package shears.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.accelerators.logic.LogicNetModule;
import shears.models.logic.Aig;
import shears.models.logicnet.HardNet;
import shears.rtl.ir.Netlist;
import shears.sim.Engine;
import shears.sim.OutputTrace;
import shears.sim.PortLayout;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;
import shears.testbench.verilator.VerilatorSimulator;

/**
 * Runs encoded samples through a generated logic-network classifier, one sample per cycle, under
 * both Java engines and Verilator, and compares every class output with the software netlist's
 * prediction; a mismatch names the sample, the cycle and both values.
 */
final class LogicHardware {
    private LogicHardware() {
    }

    /** Samples checked per engine ("interp", "compiled", "verilator"); throws on the first mismatch. */
    static Map<String, Integer> verify(LogicNetModule.Design d, Netlist flat, Aig netlist, int classes, boolean[][] samples,
                                       boolean verilator) {
        List<long[]> packed = new java.util.ArrayList<>();
        for (boolean[] sample : samples) {
            long[] w = new long[(sample.length + 63) / 64];
            for (int i = 0; i < sample.length; i++) {
                if (sample[i]) {
                    w[i / 64] |= 1L << (i % 64);
                }
            }
            packed.add(w);
        }
        return verify(d, flat, HardNet.predict(netlist, classes, samples), "x", packed, verilator);
    }

    /** Raw features on the binarising design's {@code features} bus: signed {@code bits}-bit fields. */
    static Map<String, Integer> verifyBinarized(LogicNetModule.Design d, Netlist flat, Aig netlist, int classes,
                                                shears.models.logicnet.FixedPointThermometer enc, int[][] quantized, boolean verilator) {
        boolean[][] bits = new boolean[quantized.length][];
        List<long[]> packed = new java.util.ArrayList<>();
        int w = enc.bits();
        for (int s = 0; s < quantized.length; s++) {
            bits[s] = enc.encode(quantized[s]);
            long[] words = new long[(quantized[s].length * w + 63) / 64];
            for (int f = 0; f < quantized[s].length; f++) {
                long v = quantized[s][f] & ((1L << w) - 1);
                for (int k = 0; k < w; k++) {
                    if ((v >>> k & 1) != 0) {
                        int i = f * w + k;
                        words[i / 64] |= 1L << (i % 64);
                    }
                }
            }
            packed.add(words);
        }
        return verify(d, flat, HardNet.predict(netlist, classes, bits), "features", packed, verilator);
    }

    private static Map<String, Integer> verify(LogicNetModule.Design d, Netlist flat, int[] expected, String port, List<long[]> values,
                                               boolean verilator) {
        PortLayout layout = PortLayout.of(flat.top());
        int latency = d.latencyCycles();
        int cycles = expected.length + latency;
        long[] words = new long[cycles * layout.inputWords()];
        PortLayout.Port x = layout.input(port);
        for (int s = 0; s < expected.length; s++) {
            System.arraycopy(values.get(s), 0, words, s * layout.inputWords() + x.offset(), values.get(s).length);
        }
        Stimulus stim = new Stimulus(layout, cycles, words);
        Map<String, Integer> checked = new LinkedHashMap<>();
        for (Engine e : List.of(Engine.INTERP, Engine.COMPILED)) {
            try (Simulator sim = e.create(flat, SimOptions.DEFAULT)) {
                checked.put(e.cliName(), compare(e.cliName(), OutputTrace.capture(sim, stim), layout, expected, latency));
            }
        }
        if (verilator) {
            try (VerilatorSimulator v = new VerilatorSimulator(flat)) {
                checked.put("verilator", compare("verilator", OutputTrace.capture(v, stim), layout, expected, latency));
            }
        }
        return checked;
    }

    private static int compare(String engine, long[] trace, PortLayout layout, int[] expected, int latency) {
        PortLayout.Port out = layout.output("class_out");
        int ow = layout.outputWords();
        for (int s = 0; s < expected.length; s++) {
            int cycle = s + latency;
            long got = trace[cycle * ow + out.offset()];
            if (got != expected[s]) {
                throw new IllegalStateException(engine + ": sample " + s + " (cycle " + cycle + "), signal class_out: hardware "
                        + got + ", software netlist " + expected[s]);
            }
        }
        return expected.length;
    }
}
