package shears.sim;

import java.math.BigInteger;
import shears.rtl.ir.Netlist;
import shears.sim.vcd.VcdWriter;

/**
 * A {@link Simulator} that forwards everything to another one; subclasses override what they change
 * (instrumentation, fault injection in tests).
 */
public abstract class AbstractSimulatorDelegate implements Simulator {
    protected final Simulator inner;

    protected AbstractSimulatorDelegate(Simulator inner) {
        this.inner = inner;
    }

    @Override
    public String engine() {
        return inner.engine();
    }

    @Override
    public Netlist netlist() {
        return inner.netlist();
    }

    @Override
    public void poke(String port, long value) {
        inner.poke(port, value);
    }

    @Override
    public void poke(String port, BigInteger value) {
        inner.poke(port, value);
    }

    @Override
    public long peek(String port) {
        return inner.peek(port);
    }

    @Override
    public BigInteger peekBig(String port) {
        return inner.peekBig(port);
    }

    @Override
    public void step() {
        inner.step();
    }

    @Override
    public void step(long cycles) {
        inner.step(cycles);
    }

    @Override
    public long cycle() {
        return inner.cycle();
    }

    @Override
    public void run(Stimulus stimulus, OutputSink sink) {
        inner.run(stimulus, sink);
    }

    @Override
    public ToggleCounts toggles() {
        return inner.toggles();
    }

    @Override
    public void traceTo(VcdWriter writer) {
        inner.traceTo(writer);
    }

    @Override
    public void close() {
        inner.close();
    }
}
