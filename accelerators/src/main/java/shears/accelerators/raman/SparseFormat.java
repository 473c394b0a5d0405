package shears.accelerators.raman;

/** How each PE's non-zero weights are located. */
public enum SparseFormat {
    /** Every weight stored, zeros included; nothing skipped except zero activations. */
    DENSE,
    /** Non-zero weights plus a stored (row, tap) index each; PEs may be unbalanced. */
    INDEX,
    /** Balanced stochastic pattern regenerated from a 16-bit seed per layer; no index stored. */
    LFSR
}
