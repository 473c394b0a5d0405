/**
 * Models: tensors, layers, training, quantisation, pruning, data sets and metrics. This module
 * depends on nothing hardware: no other Shears module (Maven enforces it).
 * <p>Layer: imports no other Shears package.
 */
package shears.models;
