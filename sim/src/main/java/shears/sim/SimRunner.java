package shears.sim;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a simulator for many cycles of seeded random stimulus, generated and applied in fixed-size
 * chunks so memory stays flat however long the run; logs progress every few seconds. The stimulus
 * depends only on the netlist, seed and cycle count, so every engine sees the same inputs.
 */
public final class SimRunner {
    /** Cycles per stimulus chunk; part of the definition of "the stimulus for seed S". */
    public static final int CHUNK_CYCLES = 1 << 14;

    private static final Logger LOG = LoggerFactory.getLogger(SimRunner.class);

    private SimRunner() {}

    /**
     * @param engine        engine name
     * @param cycles        cycles run
     * @param seconds       wall time of the run (stimulus generation included)
     * @param outputsDigest digest of every output of every cycle
     * @param toggles       toggle counts (null when not counted)
     * @param finalOutputs  output values after the last cycle's edge, settled
     */
    public record Report(
            String engine,
            long cycles,
            double seconds,
            String outputsDigest,
            ToggleCounts toggles,
            Map<String, BigInteger> finalOutputs) {
        public double cyclesPerSecond() {
            return seconds > 0 ? cycles / seconds : Double.POSITIVE_INFINITY;
        }
    }

    /** Chunk {@code chunk} of the stimulus for {@code seed}: rst pulses in cycle 0 of chunk 0 only. */
    public static Stimulus stimulus(shears.rtl.ir.Netlist flat, int cycles, long seed, int chunk) {
        return chunk == 0
                ? Stimulus.random(flat, cycles, seed)
                : Stimulus.random(flat, cycles, seed * 0x9E3779B97F4A7C15L + chunk, 0.0, false);
    }

    public static Report run(Simulator sim, long cycles, long seed) {
        if (cycles <= 0) {
            throw new IllegalArgumentException("cycles must be positive, got " + cycles);
        }
        OutputDigest digest = new OutputDigest();
        long start = System.nanoTime();
        long lastLog = start;
        long done = 0;
        int chunk = 0;
        while (done < cycles) {
            int n = (int) Math.min(CHUNK_CYCLES, cycles - done);
            Stimulus s = stimulus(sim.netlist(), n, seed, chunk);
            sim.run(s, digest);
            done += n;
            chunk++;
            long now = System.nanoTime();
            if (now - lastLog > 5_000_000_000L) {
                LOG.info("{}: {} / {} cycles ({}%)", sim.engine(), done, cycles, 100 * done / cycles);
                lastLog = now;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, BigInteger> finals = new LinkedHashMap<>();
        for (PortLayout.Port p : PortLayout.of(sim.netlist().top()).outputs()) {
            finals.put(p.name(), sim.peekBig(p.name()));
        }
        ToggleCounts toggles = null;
        try {
            toggles = sim.toggles();
        } catch (IllegalStateException e) {
            // counting was not enabled
        }
        return new Report(sim.engine(), cycles, seconds, digest.hex(), toggles, finals);
    }
}
