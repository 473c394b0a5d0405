/**
 * Data sets: the seeded synthetic multi-channel LFP generator ({@link shears.models.data.LfpGenerator},
 * model documented in docs/models.md), recordings loaded from CSV or .npy, and windowing into
 * training samples.
 * <p>Layer: may import {@code shears.models.io}, {@code shears.models.tensor}, {@code shears.rtl.util}.
 */
package shears.models.data;
