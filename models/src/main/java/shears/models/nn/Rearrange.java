package shears.models.nn;

import shears.models.tensor.Shape;

/**
 * A layer that only moves values: every output element copies one input element. Float, integer
 * and hardware paths all use {@link #source} and nothing else, so a new rearrangement needs no new
 * kernel.
 */
public sealed interface Rearrange extends Layer permits Upsample, DepthToSpace, Reshape {
    /** Flat input index that flat output index {@code o} copies. */
    int source(Shape in, int o);
}
