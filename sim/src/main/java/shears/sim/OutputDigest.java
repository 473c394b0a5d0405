package shears.sim;

/**
 * A 64-bit digest of every output word of every cycle (order-sensitive), for comparing engines and
 * runs without storing traces. Deterministic across JVMs: a fixed mixing function, no identity hashes.
 */
public final class OutputDigest implements OutputSink {
    private long state = 0x9E3779B97F4A7C15L;
    private long cycles;

    @Override
    public void cycle(long cycle, long[] outputWords) {
        long s = state ^ mix(cycle);
        for (long w : outputWords) {
            s = mix(s ^ w) + 0x632BE59BD9B4E019L;
        }
        state = s;
        cycles++;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long cycles() {
        return cycles;
    }

    public String hex() {
        return String.format("%016x", state);
    }
}
