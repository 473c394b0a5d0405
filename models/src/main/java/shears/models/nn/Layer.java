package shears.models.nn;

import java.util.List;
import shears.models.tensor.Shape;

/**
 * A layer's geometry. Parameters live in the {@link Network}; a layer only says how many it has and
 * how outputs are computed. {@link #plan} is non-null for every layer with weights and for pooling.
 */
public sealed interface Layer permits Conv, ConvTranspose, Dense, Pool, Rearrange, Relu, Add, Concat, ChannelScale {
    /** Short type name used in model files and error messages ("conv", "depthwise", "dense", ...). */
    String kind();

    /** Number of inputs (2 for Add and Concat, 1 otherwise). */
    default int arity() {
        return 1;
    }

    /** Output shape for the given input shapes; throws IllegalArgumentException naming the mismatch. */
    Shape outputShape(List<Shape> inputs);

    default int weightCount() {
        return 0;
    }

    default int biasCount() {
        return 0;
    }

    /** Gather geometry for the given input shape, or null when the layer is not gather-shaped. */
    default GatherPlan plan(Shape input) {
        return null;
    }

    /** Inputs contributing to each weight (He initialisation scale). */
    default int fanIn() {
        return 1;
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static int outSize(int in, int kernel, int stride, int pad, int dilation) {
        int span = dilation * (kernel - 1) + 1;
        int n = (in + 2 * pad - span) / stride + 1;
        require(
                in + 2 * pad >= span,
                "input length " + in + " (padded " + (in + 2 * pad) + ") is shorter than the kernel span " + span);
        return n;
    }
}
