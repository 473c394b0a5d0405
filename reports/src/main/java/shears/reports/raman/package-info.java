/**
 * The {@code raman} comparison flow: the DS-CAE encoder pruned by each strategy, compiled for the
 * RAMAN-style accelerator with P PEs (dense, stored-index or index-free LFSR format), generated,
 * simulated against the cycle and golden models, estimated.
 * <p>Layer: may import {@code shears.accelerators.raman}, {@code shears.models.cae},
 * {@code shears.models.quant}, {@code shears.models.tensor}, {@code shears.reports},
 * {@code shears.reports.measure}, {@code shears.reports.search}, {@code shears.rtl.ir}, {@code shears.sim}.
 */
package shears.reports.raman;
