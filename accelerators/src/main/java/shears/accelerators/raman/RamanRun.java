package shears.accelerators.raman;

import java.util.ArrayList;
import java.util.List;
import shears.models.tensor.IntTensor;
import shears.rtl.ir.Netlist;
import shears.sim.PortLayout;
import shears.sim.Stimulus;

/**
 * Driving a generated RAMAN design through its host interface, shared by every engine: reset and
 * accumulator clearing, (optionally) weights through the load port, then per window: load the
 * input into the banks, pulse {@code start}, wait the cycles the transaction-level model predicts,
 * read the output back. {@link #check} turns the output trace into latents and fails — naming the
 * window, cycle, signal and both values — when the hardware's timing or results differ from the
 * model's.
 */
public final class RamanRun {
    private final RamanProgram program;
    private final RamanRtl.Layout layout;
    private final List<IntTensor> inputs;
    private final long[] predicted;
    private final int[] startCycle;
    private final int cycles;

    /** What a run produced: output tensors per window, and the cycle count the hardware reported. */
    public record Outcome(List<int[]> outputs, long[] hardwareCycles) {}

    /**
     * @param predicted the model's cycles per window ({@link RamanModel.Result#cycles()}); the
     *                  stimulus waits exactly that long before reading back
     */
    public RamanRun(RamanProgram program, List<IntTensor> inputs, long[] predicted) {
        if (inputs.isEmpty() || predicted.length != inputs.size()) {
            throw new IllegalArgumentException("need one predicted cycle count per input window");
        }
        this.program = program;
        this.layout = RamanRtl.layout(program);
        this.inputs = List.copyOf(inputs);
        this.predicted = predicted.clone();
        this.startCycle = new int[inputs.size()];
        long c = 1 + clearCycles();
        c += weightLoadCycles(false);
        for (int w = 0; w < inputs.size(); w++) {
            c += inputs.get(w).data().length;
            startCycle[w] = (int) c;
            c += 1 + predicted[w] + outputWords() + 1;
        }
        if (c > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("run too long: " + c + " cycles");
        }
        this.cycles = (int) c;
    }

    /** Cycles the accumulator clear after reset takes. */
    private int clearCycles() {
        return layout.accDepth();
    }

    private int weightLoadCycles(boolean loadPort) {
        return loadPort ? layout.pes() * layout.weightDepth() : 0;
    }

    private int outputWords() {
        return layout.outputChannels() * layout.outputLen();
    }

    public int cycles() {
        return cycles;
    }

    /** The stimulus for {@code flat} (the generated design, flattened). */
    public Stimulus stimulus(Netlist flat) {
        PortLayout pl = PortLayout.of(flat.top());
        boolean loadPort = has(pl, "wl_en");
        int total = cycles + weightLoadCycles(loadPort);
        int iw = pl.inputWords();
        long[] words = new long[total * iw];
        int rst = has(pl, "rst") ? pl.input("rst").offset() : -1;
        if (rst >= 0) {
            words[rst] = 1;
        }
        int c = 1;
        if (loadPort) {
            int en = pl.input("wl_en").offset();
            int pe = pl.input("wl_pe").offset();
            int addr = pl.input("wl_addr").offset();
            int data = pl.input("wl_data").offset();
            for (int p = 0; p < layout.pes(); p++) {
                long[] image = RamanRtl.weightImage(program, p, layout.weightDepth());
                for (int a = 0; a < layout.weightDepth(); a++, c++) {
                    words[c * iw + en] = 1;
                    words[c * iw + pe] = p;
                    words[c * iw + addr] = a;
                    words[c * iw + data] = image[a];
                }
            }
        }
        int shift = c - 1; // the weight load moves everything after it
        int en = pl.input("ld_en").offset();
        int bank = pl.input("ld_bank").offset();
        int addr = pl.input("ld_addr").offset();
        int data = pl.input("ld_data").offset();
        int start = pl.input("start").offset();
        int rdBank = pl.input("rd_bank").offset();
        int rdAddr = pl.input("rd_addr").offset();
        int pes = layout.pes();
        RamanProgram.Step last = lastLayer();
        for (int w = 0; w < inputs.size(); w++) {
            IntTensor x = inputs.get(w);
            int len = x.shape().width();
            int s0 = startCycle[w] + shift;
            int ld = s0 - x.data().length;
            for (int i = 0; i < x.data().length; i++) {
                int ch = i / len;
                int t = i % len;
                int row = (ld + i) * iw;
                words[row + en] = 1;
                words[row + bank] = ch % pes;
                words[row + addr] = layout.inputBase() + (long) (ch / pes) * len + t;
                words[row + data] = x.data()[i] & 0xFF;
            }
            words[s0 * iw + start] = 1;
            int r0 = s0 + 1 + (int) predicted[w];
            for (int i = 0; i < outputWords(); i++) {
                int o = i / last.outLen();
                int t = i % last.outLen();
                words[(r0 + i) * iw + rdBank] = o % pes;
                words[(r0 + i) * iw + rdAddr] = layout.outputBase() + (long) (o / pes) * last.outLen() + t;
            }
        }
        return new Stimulus(pl, total, words);
    }

    private RamanProgram.Step lastLayer() {
        List<RamanProgram.Step> l = RamanRtl.steps(program);
        return l.get(l.size() - 1);
    }

    private static boolean has(PortLayout pl, String name) {
        return pl.inputs().stream().anyMatch(p -> p.name().equals(name));
    }

    /**
     * Reads the outputs from a trace of {@link #stimulus} and checks the timing: {@code done} low
     * from start until exactly the predicted cycle, {@code cycles} equal to the prediction.
     */
    public Outcome check(String engine, Netlist flat, long[] trace) {
        PortLayout pl = PortLayout.of(flat.top());
        int shift = weightLoadCycles(has(pl, "wl_en"));
        int ow = pl.outputWords();
        int done = pl.output("done").offset();
        int cyc = pl.output("cycles").offset();
        int rd = pl.output("rd_data").offset();
        int ready = pl.output("ready").offset();
        List<int[]> outs = new ArrayList<>();
        long[] hw = new long[inputs.size()];
        int firstStart = startCycle[0] + shift;
        if (trace[firstStart * ow + ready] != 1) {
            throw new IllegalStateException(engine + ": cycle " + firstStart
                    + ", signal ready: hardware 0, expected 1 (accumulator clear " + "should be over)");
        }
        for (int w = 0; w < inputs.size(); w++) {
            int s0 = startCycle[w] + shift;
            int end = s0 + (int) predicted[w];
            for (int c = s0 + 1; c <= end; c++) {
                long got = trace[c * ow + done];
                long want = c == end ? 1 : 0;
                if (got != want) {
                    throw new IllegalStateException(engine + ": window " + w + ", cycle " + c
                            + ", signal done: hardware " + got + ", cycle model " + want + " (model predicts "
                            + predicted[w] + " cycles from start)");
                }
            }
            hw[w] = trace[(end + 1) * ow + cyc];
            if (hw[w] != predicted[w]) {
                throw new IllegalStateException(engine + ": window " + w + ", cycle " + (end + 1)
                        + ", signal cycles: hardware " + hw[w] + ", cycle model " + predicted[w]);
            }
            int[] y = new int[outputWords()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (byte) trace[(end + 2 + i) * ow + rd];
            }
            outs.add(y);
        }
        return new Outcome(outs, hw);
    }
}
