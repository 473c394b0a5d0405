/**
 * Models: tensors, layers, training, quantisation, pruning, data sets and metrics. Of the other
 * Shears modules it uses only {@code rtl-gen}'s AIG core (logic networks harden onto it) and its
 * input-file errors, as the subpackages' Layer lines say; nothing of simulation or generators.
 * <p>Layer: imports no other Shears package.
 */
package shears.models;
