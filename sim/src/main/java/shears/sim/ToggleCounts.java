package shears.sim;

import java.util.Arrays;

/**
 * Bit toggles per net counted over the samples of a run (one sample per cycle, after settling; the
 * first sample compares against all-zero). Power estimation multiplies these by energy per toggle.
 *
 * @param perNet  toggles of net i (flat netlist numbering)
 * @param samples number of samples taken
 */
public record ToggleCounts(long[] perNet, long samples) {
    public ToggleCounts {
        perNet = perNet.clone();
    }

    @Override
    public long[] perNet() {
        return perNet.clone();
    }

    public long net(int i) {
        return perNet[i];
    }

    public long total() {
        long t = 0;
        for (long x : perNet) {
            t += x;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToggleCounts t && samples == t.samples && Arrays.equals(perNet, t.perNet);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(perNet) * 31 + Long.hashCode(samples);
    }
}
