/**
 * Netlist-to-netlist passes behind one {@link shears.rtl.pass.Pass} interface, run in the named
 * {@link shears.rtl.pass.PassPipeline}: constant folding, common-subexpression elimination, dead-cell
 * removal. Each returns a verified netlist with the same port behaviour.
 * <p>Layer: may import {@code shears.rtl.ir}.
 */
package shears.rtl.pass;
