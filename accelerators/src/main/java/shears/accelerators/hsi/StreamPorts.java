package shears.accelerators.hsi;

import shears.sim.Simulator;

/**
 * The pipeline's ports as {@link HsiRun} drives them: a simulator of the generated RTL, or the
 * cycle model ({@link PipelineModel}), which must behave identically at these ports.
 */
public interface StreamPorts {
    String engine();

    /** Reset (one cycle). */
    void reset();

    void poke(String port, long value);

    /** A port's value settled for the current inputs. */
    long peek(String port);

    void step();

    long cycle();

    /** The RTL's ports through a simulator. */
    static StreamPorts of(Simulator sim) {
        return new StreamPorts() {
            @Override
            public String engine() {
                return sim.engine();
            }

            @Override
            public void reset() {
                sim.reset();
            }

            @Override
            public void poke(String port, long value) {
                sim.poke(port, value);
            }

            @Override
            public long peek(String port) {
                return sim.peek(port);
            }

            @Override
            public void step() {
                sim.step();
            }

            @Override
            public long cycle() {
                return sim.cycle();
            }
        };
    }
}
