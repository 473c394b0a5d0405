package shears.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.accelerators.logic.ClassifierRun;
import shears.accelerators.logic.LogicNetModule;
import shears.models.logic.Aig;
import shears.models.logicnet.FixedPointThermometer;
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
        List<long[]> packed = new ArrayList<>();
        for (boolean[] sample : samples) {
            packed.add(ClassifierRun.pack(sample));
        }
        return verify(d, flat, HardNet.predict(netlist, classes, samples), "x", packed, verilator);
    }

    /** Raw features on the binarising design's {@code features} bus: signed {@code bits}-bit fields. */
    static Map<String, Integer> verifyBinarized(LogicNetModule.Design d, Netlist flat, Aig netlist, int classes,
                                                FixedPointThermometer enc, int[][] quantized, boolean verilator) {
        boolean[][] bits = new boolean[quantized.length][];
        List<long[]> packed = new ArrayList<>();
        int w = enc.bits();
        for (int s = 0; s < quantized.length; s++) {
            bits[s] = enc.encode(quantized[s]);
            boolean[] fields = new boolean[quantized[s].length * w]; // two's complement, feature f at [f*w, (f+1)*w)
            for (int f = 0; f < quantized[s].length; f++) {
                for (int k = 0; k < w; k++) {
                    fields[f * w + k] = (quantized[s][f] >>> k & 1) != 0;
                }
            }
            packed.add(ClassifierRun.pack(fields));
        }
        return verify(d, flat, HardNet.predict(netlist, classes, bits), "features", packed, verilator);
    }

    private static Map<String, Integer> verify(LogicNetModule.Design d, Netlist flat, int[] expected, String port, List<long[]> values,
                                               boolean verilator) {
        PortLayout layout = PortLayout.of(flat.top());
        int latency = d.latencyCycles();
        Stimulus stim = ClassifierRun.stimulus(flat, port, values, latency);
        Map<String, Integer> checked = new LinkedHashMap<>();
        for (Engine e : List.of(Engine.INTERP, Engine.COMPILED)) {
            try (Simulator sim = e.create(flat, SimOptions.DEFAULT)) {
                ClassifierRun.check(e.cliName(), OutputTrace.capture(sim, stim), layout, expected, latency);
                checked.put(e.cliName(), expected.length);
            }
        }
        if (verilator) {
            try (VerilatorSimulator v = new VerilatorSimulator(flat)) {
                ClassifierRun.check("verilator", OutputTrace.capture(v, stim), layout, expected, latency);
                checked.put("verilator", expected.length);
            }
        }
        return checked;
    }
}
