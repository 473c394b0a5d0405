package shears.testbench.verilator;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import shears.rtl.ir.Netlist;
import shears.sim.OutputSink;
import shears.sim.PortLayout;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;
import shears.sim.ToggleCounts;
import shears.sim.bits.WideBits;
import shears.sim.vcd.VcdWriter;

/**
 * The Verilator engine behind the same {@link Simulator} interface as the Java engines, so every
 * parity test can add it as a third engine. Pokes and peeks are single native calls; {@link #step}
 * and {@link #run} stay inside native code for the whole batch (no call per cycle).
 */
public final class VerilatorSimulator implements Simulator {
    /** Cycles per native {@code run} call; bounds the buffers. */
    static final int BATCH = 4096;

    private final Netlist flat;
    private final PortLayout layout;
    private final VerilatorModel model;
    private final boolean countToggles;
    private long cycle;
    private boolean dirty = true;
    private LongBuffer inBuf;
    private LongBuffer outBuf;

    /** Builds (or takes from the cache) and loads the model; {@code trace} enables {@link #traceVcd}. */
    public VerilatorSimulator(Netlist netlist, boolean trace) {
        this(netlist, trace, false);
    }

    /**
     * With {@link SimOptions#countToggles()} the model is built to count every net's toggles inside the
     * native cycle loop (a separate, slower build: all nets kept as variables); {@link #toggles} reads them.
     */
    public VerilatorSimulator(Netlist netlist, SimOptions options) {
        this(netlist, false, options.countToggles());
    }

    private VerilatorSimulator(Netlist netlist, boolean trace, boolean countToggles) {
        this.flat = netlist.flatten();
        this.layout = PortLayout.of(flat.top());
        this.countToggles = countToggles;
        this.model = new VerilatorModel(VerilatorBuild.build(flat, trace, countToggles));
        if (countToggles) {
            long r = model.toggles(new long[flat.top().size()]);
            if (r < -1) {
                int net = (int) (-2 - r);
                model.close();
                throw new VerilatorBuildException(
                        "net " + shears.rtl.emit.VerilogEmitter.netName(flat.top(), net) + " of " + flat.topName()
                                + " is not a variable of its Verilated model; cannot count its toggles");
            }
        }
    }

    public VerilatorSimulator(Netlist netlist) {
        this(netlist, false);
    }

    @Override
    public String engine() {
        return "verilator";
    }

    @Override
    public Netlist netlist() {
        return flat;
    }

    private int inputIndex(String port) {
        for (int i = 0; i < layout.inputs().size(); i++) {
            if (layout.inputs().get(i).name().equals(port)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no input port '" + port + "'");
    }

    private int portIndex(String port) {
        for (int i = 0; i < layout.outputs().size(); i++) {
            if (layout.outputs().get(i).name().equals(port)) {
                return layout.inputs().size() + i;
            }
        }
        return inputIndex(port);
    }

    private int width(int index) {
        int n = layout.inputs().size();
        return index < n
                ? layout.inputs().get(index).width()
                : layout.outputs().get(index - n).width();
    }

    @Override
    public void poke(String port, long value) {
        poke(port, WideBits.toBig(value));
    }

    @Override
    public void poke(String port, BigInteger value) {
        int idx = inputIndex(port);
        int w = width(idx);
        if (value.signum() < 0 || value.bitLength() > w) {
            throw new IllegalArgumentException(
                    "value " + value + " does not fit input '" + port + "' of " + w + " bits");
        }
        int[] words = new int[(w + 31) / 32];
        for (int k = 0; k < words.length; k++) {
            words[k] = value.shiftRight(32 * k).intValue();
        }
        model.set(idx, words);
        dirty = true;
    }

    @Override
    public long peek(String port) {
        int idx = portIndex(port);
        if (width(idx) > 64) {
            throw new IllegalArgumentException("port '" + port + "' is " + width(idx) + " bits; use peekBig");
        }
        return peekBig(port).longValue();
    }

    @Override
    public BigInteger peekBig(String port) {
        int idx = portIndex(port);
        if (dirty) {
            model.eval();
            dirty = false;
        }
        int[] words = new int[(width(idx) + 31) / 32];
        model.get(idx, words);
        BigInteger v = BigInteger.ZERO;
        for (int k = words.length - 1; k >= 0; k--) {
            v = v.shiftLeft(32).or(BigInteger.valueOf(Integer.toUnsignedLong(words[k])));
        }
        return v;
    }

    @Override
    public void step() {
        step(1);
    }

    @Override
    public void step(long cycles) {
        model.step(cycles);
        cycle += cycles;
        dirty = true;
    }

    @Override
    public long cycle() {
        return cycle;
    }

    private static LongBuffer direct(int longs) {
        return ByteBuffer.allocateDirect(Math.max(1, longs) * 8)
                .order(ByteOrder.nativeOrder())
                .asLongBuffer();
    }

    @Override
    public void run(Stimulus stimulus, OutputSink sink) {
        if (!stimulus.layout().sameShapeAs(layout)) {
            throw new IllegalArgumentException("stimulus was made for a different port layout");
        }
        int iw = layout.inputWords();
        int ow = layout.outputWords();
        if (inBuf == null) {
            inBuf = direct(BATCH * iw);
            outBuf = direct(BATCH * ow);
        }
        long[] words = stimulus.words();
        long[] out = new long[ow];
        for (int start = 0; start < stimulus.cycles(); start += BATCH) {
            int n = Math.min(BATCH, stimulus.cycles() - start);
            inBuf.clear();
            inBuf.put(words, start * iw, n * iw);
            inBuf.rewind(); // JNA passes the address at the buffer's position
            model.run(n, inBuf, sink == null ? null : outBuf);
            if (sink != null) {
                for (int c = 0; c < n; c++) {
                    outBuf.get(c * ow, out, 0, ow);
                    sink.cycle(cycle + c, out);
                }
            }
            cycle += n;
        }
        dirty = true;
    }

    /**
     * The stimulus applied the way a naive bridge would: one foreign call per input port per cycle and
     * one per clock step (outputs not read). Exists to measure what batching saves.
     */
    public void runPerCycleCalls(Stimulus stimulus) {
        int iw = layout.inputWords();
        int ports = layout.inputs().size();
        int[][] words = new int[ports][];
        for (int k = 0; k < ports; k++) {
            words[k] = new int[(layout.inputs().get(k).width() + 31) / 32];
        }
        long[] in = stimulus.words();
        for (int c = 0; c < stimulus.cycles(); c++) {
            for (int k = 0; k < ports; k++) {
                PortLayout.Port p = layout.inputs().get(k);
                int[] w = words[k];
                for (int j = 0; j < w.length; j++) {
                    long word = in[c * iw + p.offset() + j / 2];
                    w[j] = (int) (j % 2 == 0 ? word : word >>> 32);
                }
                model.set(k, w);
            }
            model.step(1);
        }
        cycle += stimulus.cycles();
        dirty = true;
    }

    @Override
    public ToggleCounts toggles() {
        if (!countToggles) {
            throw new IllegalStateException("toggle counting is off; create the engine with SimOptions.WITH_TOGGLES");
        }
        long[] perNet = new long[flat.top().size()];
        long samples = model.toggles(perNet);
        return new ToggleCounts(perNet, samples);
    }

    @Override
    public void traceTo(VcdWriter writer) {
        throw new UnsupportedOperationException("the verilator engine writes its own VCD: use traceVcd(path)");
    }

    /** Starts (path) or stops (null) Verilator's own VCD; the simulator must be built with trace. */
    public void traceVcd(Path path) {
        if (!model.trace(path == null ? null : path.toAbsolutePath().toString()) && path != null) {
            throw new IllegalStateException("this Verilator model was built without tracing");
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
