/**
 * Differentiable logic-gate networks (difflogic-style): layers of two-input neurons holding logits
 * over the 16 Boolean functions, with fixed random or learned interconnect, GroupSum outputs,
 * training with {@code train.Adam}, hardening to a gate netlist ({@link shears.rtl.aig.Aig}) and bit-parallel
 * inference; thermometer input encoding. Exact schemes in docs/logic-networks.md.
 * <p>Layer: may import {@code shears.models.data}, {@code shears.models.io}, {@code shears.rtl.aig},
 * {@code shears.models.tensor}, {@code shears.models.train} (its Adam).
 */
package shears.models.logicnet;
