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
        int[] expected = HardNet.predict(netlist, classes, samples);
        PortLayout layout = PortLayout.of(flat.top());
        int latency = d.latencyCycles();
        int cycles = samples.length + latency;
        long[] words = new long[cycles * layout.inputWords()];
        PortLayout.Port x = layout.input("x");
        for (int s = 0; s < samples.length; s++) {
            for (int i = 0; i < samples[s].length; i++) {
                if (samples[s][i]) {
                    words[s * layout.inputWords() + x.offset() + i / 64] |= 1L << (i % 64);
                }
            }
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
