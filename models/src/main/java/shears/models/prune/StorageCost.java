package shears.models.prune;

/**
 * Parameter storage in bits: non-zero weights at their width plus 32-bit biases of live channels
 * ({@code weightBits}), sparse indices ({@code indexBits}), and per-layer constants such as LFSR
 * seeds ({@code metadataBits}).
 */
public record StorageCost(long weightBits, long indexBits, long metadataBits) {
    public long totalBits() {
        return weightBits + indexBits + metadataBits;
    }

    public StorageCost plus(StorageCost o) {
        return new StorageCost(weightBits + o.weightBits, indexBits + o.indexBits, metadataBits + o.metadataBits);
    }

    public static final StorageCost ZERO = new StorageCost(0, 0, 0);
}
