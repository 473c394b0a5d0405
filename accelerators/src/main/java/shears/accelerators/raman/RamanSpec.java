package shears.accelerators.raman;

import shears.models.cae.CaeStrategy;

/**
 * One RAMAN design point as a user or a flow asks for it: how the DS-CAE encoder is pruned and the
 * accelerator's shape. Validated here, once; the CLI and the comparison flow build one and pass it on.
 *
 * @param strategy one of {@link RamanExperiment#SUPPORTED}
 * @param sparsity target sparsity in [0, 1) (ignored by dense)
 * @param pes      processing elements P, a power of two in 1..64 (channel c lives in bank c mod P)
 * @param sizes    memory and accumulator sizes fixed by the user; null fields are fitted to the model
 * @param loadPort weights in RAMs written through a load port instead of ROM images
 */
public record RamanSpec(CaeStrategy strategy, double sparsity, int pes, RamanExperiment.Sizes sizes, boolean loadPort) {
    /** The PE count wherever none is given: the paper's P = 8. */
    public static final int DEFAULT_PES = 8;

    public RamanSpec {
        if (!RamanExperiment.SUPPORTED.contains(strategy)) {
            throw new IllegalArgumentException("strategy '" + strategy + "' has no RAMAN mapping (supported: "
                    + CaeStrategy.ids(RamanExperiment.SUPPORTED) + ")");
        }
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        }
        if (pes < 1 || pes > 64 || Integer.bitCount(pes) != 1) {
            throw new IllegalArgumentException("the PE count must be a power of two in 1..64, got " + pes);
        }
        if (sizes == null) {
            throw new IllegalArgumentException(
                    "sizes missing (RamanExperiment.Sizes.FIT fits every memory to the model)");
        }
    }

    /** Memories fitted to the model, weights in ROM images. */
    public RamanSpec(CaeStrategy strategy, double sparsity, int pes) {
        this(strategy, sparsity, pes, RamanExperiment.Sizes.FIT, false);
    }
}
