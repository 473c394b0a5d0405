package shears.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import shears.rtl.ir.Netlist;
import shears.sim.bits.WideBits;
import shears.sim.vcd.VcdWriter;

/**
 * Everything engines share: ports, lazy settling, sampling (toggles, VCD), batched runs. An engine
 * supplies only {@link #settle()} and {@link #edge()} over the shared {@link SimState}.
 */
public abstract class AbstractSimulator implements Simulator {
    protected final Netlist netlist;
    protected final SimState state;
    protected final PortLayout layout;
    private final SimOptions options;
    private final long[] toggles;
    private final long[] prevNarrow;
    private final long[][] prevWide;
    private long samples;
    private long cycle;
    private boolean dirty = true;
    private VcdWriter vcd;
    /**
     * The narrow input ports as (net, stimulus offset) pairs, and the wide ones: flat arrays for
     * {@link #run}, where a design of a few cells spends most of a cycle loading its inputs.
     */
    private final int[] narrowIn;

    private final PortLayout.Port[] wideIn;

    protected AbstractSimulator(Netlist flatNetlist, SimOptions options) {
        if (!flatNetlist.isFlat()) {
            throw new IllegalArgumentException("simulators take a flat netlist; call flatten() first");
        }
        this.netlist = flatNetlist;
        this.state = new SimState(flatNetlist.top());
        this.layout = PortLayout.of(flatNetlist.top());
        this.options = options;
        this.narrowIn = layout.inputs().stream()
                .filter(p -> !state.isWide(p.net()))
                .flatMapToInt(p -> java.util.stream.IntStream.of(p.net(), p.offset()))
                .toArray();
        this.wideIn =
                layout.inputs().stream().filter(p -> state.isWide(p.net())).toArray(PortLayout.Port[]::new);
        int n = flatNetlist.top().size();
        this.toggles = options.countToggles() ? new long[n] : null;
        this.prevNarrow = options.countToggles() ? new long[n] : null;
        this.prevWide = options.countToggles() ? new long[n][] : null;
        if (options.countToggles()) {
            for (int i = 0; i < n; i++) {
                if (state.isWide(i)) {
                    prevWide[i] = new long[state.w[i].length];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            shears.rtl.ir.Cell c = flatNetlist.top().cell(i);
            if (c.op() == shears.rtl.ir.Op.CONST) {
                if (state.isWide(i)) {
                    System.arraycopy(WideBits.fromBig(c.value(), c.width()), 0, state.w[i], 0, state.w[i].length);
                } else {
                    state.v[i] = c.value().longValue();
                }
            }
        }
    }

    /** Evaluates every combinational cell from inputs and state. */
    protected abstract void settle();

    /** Commits registers, read ports and memory writes from settled values. */
    protected abstract void edge();

    @Override
    public Netlist netlist() {
        return netlist;
    }

    private PortLayout.Port inputPort(String port) {
        PortLayout.Port p = layout.input(port);
        if (p == null) {
            throw new IllegalArgumentException("no input port '" + port + "'");
        }
        return p;
    }

    @Override
    public void poke(String port, long value) {
        PortLayout.Port p = inputPort(port);
        if (p.width() < 64 && (value >>> p.width()) != 0) {
            throw new IllegalArgumentException("value " + Long.toUnsignedString(value) + " does not fit input '" + port
                    + "' of " + p.width() + " bits");
        }
        if (state.isWide(p.net())) {
            WideBits.zextLong(state.w[p.net()], value);
        } else {
            state.v[p.net()] = value;
        }
        dirty = true;
    }

    @Override
    public void poke(String port, BigInteger value) {
        PortLayout.Port p = inputPort(port);
        if (value.signum() < 0 || value.bitLength() > p.width()) {
            throw new IllegalArgumentException(
                    "value " + value + " does not fit input '" + port + "' of " + p.width() + " bits");
        }
        if (state.isWide(p.net())) {
            System.arraycopy(WideBits.fromBig(value, p.width()), 0, state.w[p.net()], 0, p.words());
        } else {
            state.v[p.net()] = value.longValue();
        }
        dirty = true;
    }

    private int portNet(String port) {
        PortLayout.Port p = layout.output(port);
        if (p == null) {
            p = layout.input(port);
        }
        if (p == null) {
            throw new IllegalArgumentException("no port '" + port + "'");
        }
        return p.net();
    }

    @Override
    public long peek(String port) {
        int net = portNet(port);
        if (state.isWide(net)) {
            throw new IllegalArgumentException("port '" + port + "' is " + state.width(net) + " bits; use peekBig");
        }
        settleIfDirty();
        return state.v[net];
    }

    @Override
    public BigInteger peekBig(String port) {
        int net = portNet(port);
        settleIfDirty();
        return netValue(net);
    }

    /** Settled value of a port or named net (anonymous nets may live only in engine-local variables). */
    private BigInteger netValue(int net) {
        return state.isWide(net) ? WideBits.toBig(state.w[net]) : WideBits.toBig(state.v[net]);
    }

    private void settleIfDirty() {
        if (dirty) {
            settle();
            dirty = false;
        }
    }

    @Override
    public void step() {
        settleIfDirty();
        sample();
        edge();
        cycle++;
        dirty = true;
    }

    @Override
    public void step(long cycles) {
        for (long i = 0; i < cycles; i++) {
            step();
        }
    }

    @Override
    public long cycle() {
        return cycle;
    }

    @Override
    public void run(Stimulus stimulus, OutputSink sink) {
        if (!stimulus.layout().sameShapeAs(layout)) {
            throw new IllegalArgumentException("stimulus was made for a different port layout");
        }
        long[] in = stimulus.words();
        long[] out = new long[layout.outputWords()];
        int stride = layout.inputWords();
        long[] v = state.v;
        for (int c = 0; c < stimulus.cycles(); c++) {
            int base = c * stride;
            for (int k = 0; k < narrowIn.length; k += 2) {
                v[narrowIn[k]] = in[base + narrowIn[k + 1]];
            }
            for (PortLayout.Port p : wideIn) {
                System.arraycopy(in, base + p.offset(), state.w[p.net()], 0, p.words());
            }
            settle();
            if (sink != null) {
                for (PortLayout.Port p : layout.outputs()) {
                    if (state.isWide(p.net())) {
                        System.arraycopy(state.w[p.net()], 0, out, p.offset(), p.words());
                    } else {
                        out[p.offset()] = state.v[p.net()];
                    }
                }
                sink.cycle(cycle, out);
            }
            sample();
            edge();
            cycle++;
        }
        dirty = true;
    }

    private void sample() {
        if (toggles != null) {
            long[] v = state.v;
            for (int i = 0; i < v.length; i++) {
                long[] wide = state.w[i];
                if (wide == null) {
                    toggles[i] += Long.bitCount(v[i] ^ prevNarrow[i]);
                    prevNarrow[i] = v[i];
                } else {
                    toggles[i] += WideBits.popcountXor(wide, prevWide[i]);
                    System.arraycopy(wide, 0, prevWide[i], 0, wide.length);
                }
            }
            samples++;
        }
        if (vcd != null) {
            try {
                vcd.sample(cycle, state);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public ToggleCounts toggles() {
        if (toggles == null) {
            throw new IllegalStateException("toggle counting is off; create the engine with SimOptions.WITH_TOGGLES");
        }
        return new ToggleCounts(toggles, samples);
    }

    @Override
    public void traceTo(VcdWriter writer) {
        this.vcd = writer;
    }

    @Override
    public void close() {
        if (vcd != null) {
            try {
                vcd.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            vcd = null;
        }
    }
}
