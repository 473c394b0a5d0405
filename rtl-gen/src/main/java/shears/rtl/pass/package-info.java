/**
 * Netlist-to-netlist passes behind one {@link shears.rtl.pass.Pass} interface, run in the named
 * {@link shears.rtl.pass.PassPipeline}: constant folding, common-subexpression elimination, dead-cell
 * removal. Each returns a verified netlist with the same port behaviour.
 * <p>Reads and writes only {@code shears.rtl.ir}; must not import the front end or the emitter.
 */
package shears.rtl.pass;
