package shears.accelerators.logic;

import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shears.models.logicnet.FixedPointThermometer;
import shears.rtl.aig.Aig;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Output;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;

/**
 * A logic-network classifier in hardware: input bus {@code x} (the encoded sample, bit i = netlist
 * input i), the gate netlist, GroupSum as one popcount adder tree per class over its group of
 * netlist outputs, and an argmax (strictly larger count wins, so ties go to the lower class) on
 * output {@code class_out}. With {@code pipelineEvery = k > 0}, registers cut the netlist after
 * every k AND levels and hold {@code class_out}; latency is {@link Design#latencyCycles()} (0 when
 * combinational).
 */
public final class LogicNetModule {
    private LogicNetModule() {}

    /** The module and the cycles from an input to its class on {@code class_out}. */
    public record Design(HdlModule module, int latencyCycles, int stages) {}

    public static Design build(Aig aig, int classes, int pipelineEvery, String name) {
        return build(aig, classes, pipelineEvery, name, null);
    }

    /**
     * With {@code binarizer} non-null the module reads raw features instead: input bus
     * {@code features} holds feature f as a signed {@code bits}-bit integer at bits
     * {@code [f * bits, (f + 1) * bits)}, and comparators {@code feature > threshold} make the
     * netlist inputs (the reference is {@link FixedPointThermometer#encode}).
     */
    public static Design build(Aig aig, int classes, int pipelineEvery, String name, FixedPointThermometer binarizer) {
        if (classes < 1 || aig.outputCount() % classes != 0) {
            throw new IllegalArgumentException(
                    aig.outputCount() + " netlist outputs do not split into " + classes + " class groups");
        }
        if (pipelineEvery < 0) {
            throw new IllegalArgumentException("pipeline interval must not be negative");
        }
        if (aig.inputCount() < 1) {
            throw new IllegalArgumentException("the netlist has no inputs");
        }
        ModuleBuilder b = new ModuleBuilder(name);
        Signal x;
        if (binarizer == null) {
            x = b.input("x", uint(aig.inputCount()));
        } else {
            int per = binarizer.thresholds()[0].length;
            if (binarizer.thresholds().length * per != aig.inputCount()) {
                throw new IllegalArgumentException("the binariser makes " + binarizer.thresholds().length * per
                        + " bits, the netlist reads " + aig.inputCount());
            }
            int w = binarizer.bits();
            Signal features = b.input("features", uint(binarizer.thresholds().length * w));
            Signal[] bitsMsbFirst = new Signal[aig.inputCount()];
            for (int f = 0; f < binarizer.thresholds().length; f++) {
                Signal q = features.slice((f + 1) * w - 1, f * w).asSInt();
                for (int k = 0; k < per; k++) {
                    int i = f * per + k;
                    bitsMsbFirst[aig.inputCount() - 1 - i] =
                            q.gt(b.lit(binarizer.thresholds()[f][k], sint(w)));
                }
            }
            x = bitsMsbFirst.length == 1 ? bitsMsbFirst[0] : b.cat(bitsMsbFirst);
        }
        int[] level = new int[aig.maxVar() + 1];
        for (int v = aig.inputCount() + 1; v <= aig.maxVar(); v++) {
            level[v] = 1 + Math.max(level[aig.fanin0(v) >> 1], level[aig.fanin1(v) >> 1]);
        }
        int depth = aig.depth();
        int k = pipelineEvery;
        // stage of a node: which register-delimited slice computes it
        int stages = k == 0 ? 1 : Math.max(1, (depth + k - 1) / k);
        Pipeline p = new Pipeline(b, aig.maxVar() + 1);
        p.value(0, 0, b.lit(0, uint(1)));
        for (int i = 1; i <= aig.inputCount(); i++) {
            p.value(i, 0, aig.inputCount() == 1 ? x : x.bit(i - 1));
        }
        for (int v = aig.inputCount() + 1; v <= aig.maxVar(); v++) {
            int s = k == 0 ? 0 : (level[v] - 1) / k;
            Signal a = lit(p, aig.fanin0(v), s);
            Signal c = lit(p, aig.fanin1(v), s);
            p.value(v, s, a.and(c));
        }
        int last = stages - 1;
        int group = aig.outputCount() / classes;
        List<Signal> counts = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            List<Signal> bits = new ArrayList<>();
            for (int o = c * group; o < (c + 1) * group; o++) {
                bits.add(lit(p, aig.output(o), last));
            }
            counts.add(Signal.addTree(bits));
        }
        int idxWidth = Math.max(1, 32 - Integer.numberOfLeadingZeros(classes - 1));
        Signal best = b.lit(0, uint(idxWidth));
        Signal bestCount = counts.get(0);
        for (int c = 1; c < classes; c++) {
            Signal better = counts.get(c).gt(bestCount);
            best = b.mux(better, b.lit(c, uint(idxWidth)), best);
            bestCount = b.mux(better, counts.get(c), bestCount);
        }
        Output out = b.output("class_out", uint(idxWidth));
        int latency = 0;
        if (k > 0) {
            Reg r = b.reg("class_q", uint(idxWidth));
            b.set(r, best);
            b.assign(out, r);
            latency = last + 1;
        } else {
            b.assign(out, best);
        }
        return new Design(b.build(), latency, stages);
    }

    private static Signal lit(Pipeline p, int lit, int stage) {
        Signal s = p.at(lit >> 1, stage);
        return (lit & 1) == 0 ? s : s.not();
    }

    /** Each variable's value per stage; crossing into a later stage goes through registers (shared). */
    private static final class Pipeline {
        private final ModuleBuilder b;
        private final int[] home;
        private final Map<Long, Signal> values = new HashMap<>();

        Pipeline(ModuleBuilder b, int vars) {
            this.b = b;
            this.home = new int[vars];
        }

        void value(int var, int stage, Signal s) {
            home[var] = stage;
            values.put(key(var, stage), s);
        }

        Signal at(int var, int stage) {
            Signal s = values.get(key(var, stage));
            if (s != null) {
                return s;
            }
            if (stage < home[var]) {
                throw new IllegalStateException("variable " + var + " read before it is computed");
            }
            Signal prev = at(var, stage - 1);
            Reg r = b.reg("p" + stage + "_v" + var, uint(1));
            b.set(r, prev);
            values.put(key(var, stage), r);
            return r;
        }

        private static long key(int var, int stage) {
            return (long) var << 20 | stage;
        }
    }
}
