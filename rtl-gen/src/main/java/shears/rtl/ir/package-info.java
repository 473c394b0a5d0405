/**
 * The flat netlist IR every back end reads: {@link shears.rtl.ir.Netlist} of {@link shears.rtl.ir.NetlistModule}s,
 * each a list of {@link shears.rtl.ir.Cell}s where net i is the output of cell i, plus memories and kept
 * instances; the op table ({@link shears.rtl.ir.Op}), structural verification, levelisation, flattening,
 * the text dump, reference BigInteger semantics and the known-bits analysis.
 * <p>Imports nothing from the rest of Shears: the front end, passes, emitter and simulators all depend on
 * this package, never the other way round.
 */
package shears.rtl.ir;
