package shears.models.cae;

/**
 * One evaluated version of the DS-CAE: {@code precision} "float", "int8" or "int4" (encoder weights;
 * activations int8), {@code strategy} "none" when unpruned, target and achieved sparsity of the
 * encoder's weights, reconstruction quality on the test windows, and encoder parameter storage.
 */
public record CaeResult(
        String precision,
        String strategy,
        double sparsity,
        double achievedSparsity,
        double sndrDb,
        double r2,
        long weightBits,
        long indexBits,
        long metadataBits) {
    public long storageBits() {
        return weightBits + indexBits + metadataBits;
    }
}
