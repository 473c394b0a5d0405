/**
 * Data sets: the seeded synthetic multi-channel LFP generator ({@link shears.models.data.LfpGenerator},
 * model documented in docs/models.md), recordings loaded from CSV or .npy, and windowing into
 * training samples. Imports {@code shears.models.tensor} and {@code shears.models.io} only.
 */
package shears.models.data;
