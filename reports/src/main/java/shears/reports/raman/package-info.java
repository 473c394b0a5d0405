/**
 * The {@code raman} comparison flow: the DS-CAE encoder pruned by each strategy, compiled for the
 * RAMAN-style accelerator with P PEs (dense, stored-index or index-free LFSR format), generated,
 * simulated against the cycle and golden models, estimated. Must not import the CLI.
 */
package shears.reports.raman;
