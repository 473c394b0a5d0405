package shears.reports.logicnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.accelerators.logic.ClassifierRun;
import shears.accelerators.logic.LogicNetModule;
import shears.models.logicnet.FixedPointThermometer;
import shears.models.logicnet.HardNet;
import shears.rtl.aig.Aig;
import shears.rtl.ir.Netlist;
import shears.sim.OutputTrace;
import shears.sim.PortLayout;
import shears.sim.SimEngine;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;

/**
 * Encoded samples run through a generated logic-network classifier, one sample per cycle, each class
 * output compared with the software netlist's prediction; a mismatch names the engine, the sample,
 * the cycle and both values. The one hardware check of a logic network, for the flow and for
 * {@code shears logic gen}.
 */
public final class LogicHardware {
    private LogicHardware() {}

    /** The stimulus of a set of samples and what the hardware must answer. */
    public record Samples(Stimulus stimulus, PortLayout layout, int[] expected, int latency) {
        /** Throws {@link IllegalStateException} at the first sample whose class differs. */
        public void check(String engine, long[] trace) {
            ClassifierRun.check(engine, trace, layout, expected, latency);
        }

        public int count() {
            return expected.length;
        }
    }

    /** Thermometer-encoded samples on the design's {@code x} bus. */
    public static Samples encoded(
            LogicNetModule.Design d, Netlist flat, Aig netlist, int classes, boolean[][] samples) {
        List<long[]> packed = new ArrayList<>();
        for (boolean[] sample : samples) {
            packed.add(ClassifierRun.pack(sample));
        }
        return samples(d, flat, HardNet.predict(netlist, classes, samples), "x", packed);
    }

    /** Raw features on the binarising design's {@code features} bus: signed fields of the encoder's bits. */
    public static Samples binarized(
            LogicNetModule.Design d,
            Netlist flat,
            Aig netlist,
            int classes,
            FixedPointThermometer enc,
            int[][] quantized) {
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
        return samples(d, flat, HardNet.predict(netlist, classes, bits), "features", packed);
    }

    private static Samples samples(
            LogicNetModule.Design d, Netlist flat, int[] expected, String port, List<long[]> values) {
        int latency = d.latencyCycles();
        return new Samples(
                ClassifierRun.stimulus(flat, port, values, latency), PortLayout.of(flat.top()), expected, latency);
    }

    /** Samples checked per engine, in the order given; throws on the first mismatch. */
    public static Map<String, Integer> verify(Samples s, Netlist flat, List<SimEngine> engines) {
        Map<String, Integer> checked = new LinkedHashMap<>();
        for (SimEngine e : engines) {
            try (Simulator sim = e.create(flat, SimOptions.DEFAULT)) {
                s.check(e.cliName(), OutputTrace.capture(sim, s.stimulus()));
                checked.put(e.cliName(), s.count());
            }
        }
        return checked;
    }
}
