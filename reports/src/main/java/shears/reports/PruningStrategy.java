package shears.reports;

/**
 * Prunes a model to a target sparsity. Implementations are deterministic for a given seed.
 *
 * @param <M> the model type of the flow the strategy belongs to
 */
public interface PruningStrategy<M> {
    String name();

    Pruned<M> prune(M model, double sparsity, long seed);

    /**
     * @param model       the pruned model
     * @param weightBits  storage of the remaining weights
     * @param indexBits   storage of any sparse-format metadata (0 for index-free formats)
     */
    record Pruned<M>(M model, long weightBits, long indexBits) {
        public long storageBits() {
            return weightBits + indexBits;
        }
    }
}
