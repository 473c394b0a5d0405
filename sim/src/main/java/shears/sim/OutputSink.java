package shears.sim;

/** Receives the packed output words of each cycle of a batched run (layout: {@link PortLayout#outputs()}). */
@FunctionalInterface
public interface OutputSink {
    void cycle(long cycle, long[] outputWords);
}
