package shears.models.nn;

import shears.models.tensor.Shape;

/**
 * Index geometry shared by every layer that computes {@code out[o][s] = sum_j w[o][j] * in[g][index(s, j)]}.
 * For output channel {@code o} in group {@code g = o / outPerGroup} and output position {@code s},
 * tap {@code j} reads input element {@code g * inPerGroup * inSpatial + index[s * fanIn + j]}, or
 * nothing when the index is {@code -1} (padding, or a transposed-convolution tap that does not land).
 * Weights are laid out {@code [outChannels][fanIn]}. The taps that read something are also kept in
 * compressed rows ({@link #rowStart}, {@link #tap}, {@link #offset}) so loops skip the empty ones
 * (three of four taps of a stride-4 transposed convolution).
 */
public final class GatherPlan {
    private final Shape in;
    private final Shape out;
    private final int groups;
    private final int fanIn;
    private final int[] index;
    private final int[] rowStart;
    private final int[] tap;
    private final int[] offset;

    public GatherPlan(Shape in, Shape out, int groups, int fanIn, int[] index) {
        if (in.channels() % groups != 0 || out.channels() % groups != 0) {
            throw new IllegalArgumentException(
                    "groups " + groups + " must divide channels " + in.channels() + " -> " + out.channels());
        }
        if (index.length != out.spatial() * fanIn) {
            throw new IllegalArgumentException(
                    "index table has " + index.length + " entries, expected " + out.spatial() * fanIn);
        }
        this.in = in;
        this.out = out;
        this.groups = groups;
        this.fanIn = fanIn;
        this.index = index;
        int spatial = out.spatial();
        rowStart = new int[spatial + 1];
        int valid = 0;
        for (int k : index) {
            valid += k >= 0 ? 1 : 0;
        }
        tap = new int[valid];
        offset = new int[valid];
        int n = 0;
        for (int s = 0; s < spatial; s++) {
            rowStart[s] = n;
            for (int j = 0; j < fanIn; j++) {
                int k = index[s * fanIn + j];
                if (k >= 0) {
                    tap[n] = j;
                    offset[n] = k;
                    n++;
                }
            }
        }
        rowStart[spatial] = n;
    }

    public Shape in() {
        return in;
    }

    public Shape out() {
        return out;
    }

    public int groups() {
        return groups;
    }

    public int fanIn() {
        return fanIn;
    }

    /** The full table, -1 for taps that read nothing. */
    public int[] index() {
        return index;
    }

    /** Valid taps of output position s are entries {@code rowStart[s] .. rowStart[s + 1] - 1}. */
    public int[] rowStart() {
        return rowStart;
    }

    /** Tap (weight column) of each valid entry. */
    public int[] tap() {
        return tap;
    }

    /** Input offset (within the group) of each valid entry. */
    public int[] offset() {
        return offset;
    }

    public int inPerGroup() {
        return in.channels() / groups;
    }

    public int outPerGroup() {
        return out.channels() / groups;
    }

    /** Offset of group {@code g}'s first input channel in the flat input. */
    public int groupBase(int outChannel) {
        return outChannel / outPerGroup() * inPerGroup() * in.spatial();
    }

    /** Number of taps that read real input for output position {@code s} (pooling divides by it). */
    public int validTaps(int s) {
        return rowStart[s + 1] - rowStart[s];
    }
}
