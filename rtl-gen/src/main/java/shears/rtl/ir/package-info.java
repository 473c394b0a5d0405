/**
 * The flat netlist IR every back end reads: {@link shears.rtl.ir.Netlist} of {@link shears.rtl.ir.NetlistModule}s,
 * each a list of {@link shears.rtl.ir.Cell}s where net i is the output of cell i, plus memories, kept
 * instances and the names of its clock and reset ports ({@link shears.rtl.ir.Clocking}); the op table ({@link shears.rtl.ir.Op}), structural verification, levelisation, flattening,
 * the text dump, reference BigInteger semantics and the known-bits analysis.
 * <p>Layer: imports no other Shears package.
 */
package shears.rtl.ir;
