package shears.models.nn;

import shears.models.tensor.Shape;

/**
 * Index geometry shared by every layer that computes {@code out[o][s] = sum_j w[o][j] * in[g][index(s, j)]}.
 * For output channel {@code o} in group {@code g = o / outPerGroup} and output position {@code s},
 * tap {@code j} reads input element {@code g * inPerGroup * inSpatial + index[s * fanIn + j]}, or
 * nothing when the index is {@code -1} (padding, or a transposed-convolution tap that does not land).
 * Weights are laid out {@code [outChannels][fanIn]}.
 */
public record GatherPlan(Shape in, Shape out, int groups, int fanIn, int[] index) {
    public GatherPlan {
        if (in.channels() % groups != 0 || out.channels() % groups != 0) {
            throw new IllegalArgumentException("groups " + groups + " must divide channels " + in.channels() + " -> " + out.channels());
        }
        if (index.length != out.spatial() * fanIn) {
            throw new IllegalArgumentException("index table has " + index.length + " entries, expected " + out.spatial() * fanIn);
        }
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
        int n = 0;
        for (int j = 0; j < fanIn; j++) {
            if (index[s * fanIn + j] >= 0) {
                n++;
            }
        }
        return n;
    }
}
