/**
 * Models: tensors, layers, training, quantisation, pruning, data sets and metrics. This module
 * depends on nothing hardware: no package under {@code shears.models} may import {@code shears.rtl},
 * {@code shears.sim}, {@code shears.accelerators}, {@code shears.testbench} or {@code shears.reports}.
 */
package shears.models;
