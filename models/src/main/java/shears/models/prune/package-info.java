/**
 * Pruning strategies behind one interface ({@link shears.models.prune.PruningStrategy}: model,
 * target sparsity and seed in; masks, storage cost in bits including index metadata, and optionally
 * the weights fine-tuning should start from, out). The balanced stochastic strategy's LFSR and
 * position mapping ({@link shears.models.prune.Lfsr}, {@link shears.models.prune.BalancedStochastic})
 * are the contract the RAMAN hardware reproduces.
 * <p>Layer: may import {@code shears.models.nn}, {@code shears.models.train}.
 */
package shears.models.prune;
