/**
 * Mini-batch training with Adam: a chain of networks (for the autoencoder, encoder then decoder)
 * trained end to end on mean-squared error, seeded, with masks re-applied after every step and
 * optional weight fake-quantisation (quantisation-aware fine-tuning, straight-through estimator).
 * Written here rather than taken from Maven Central: DL4J and DJL need native engines far larger
 * than these models, and Neuroph/Encog have no grouped or transposed convolutions nor masked steps.
 * <p>Layer: may import {@code shears.models.nn}, {@code shears.models.quant},
 * {@code shears.models.tensor}.
 */
package shears.models.train;
