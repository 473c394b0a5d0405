package shears.accelerators.raman;

/**
 * Accelerator parameters.
 *
 * @param pes               processing elements P (a power of two, 1..64)
 * @param weightBits        8 or 4
 * @param accBits           accumulator width; the compiler proves every layer's worst case fits
 * @param bankDepth         activation-memory words per bank (P banks)
 * @param weightDepth       weight-memory words per PE
 * @param format            sparse format
 */
public record RamanParams(int pes, int weightBits, int accBits, int bankDepth, int weightDepth, SparseFormat format) {
    public RamanParams {
        if (pes < 1 || pes > 64) {
            throw new IllegalArgumentException("PE count must be 1..64, got " + pes);
        }
        if (Integer.bitCount(pes) != 1) {
            throw new IllegalArgumentException(
                    "PE count must be a power of two (channel c lives in bank c mod P), got " + pes);
        }
        if (weightBits != 8 && weightBits != 4) {
            throw new IllegalArgumentException("weight bits must be 8 or 4, got " + weightBits);
        }
        if (accBits < 16 || accBits > 32) {
            throw new IllegalArgumentException("accumulator bits must be 16..32, got " + accBits);
        }
        if (bankDepth < 1 || weightDepth < 1) {
            throw new IllegalArgumentException("memory depths must be positive");
        }
        if (format == null) {
            throw new IllegalArgumentException("sparse format missing");
        }
    }

    public static RamanParams defaults(int pes, SparseFormat format) {
        return new RamanParams(pes, 8, 32, 4096, 4096, format);
    }
}
