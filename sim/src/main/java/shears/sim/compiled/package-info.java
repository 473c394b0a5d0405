/**
 * The compiled engine: generates straight-line Java from the netlist, compiles it in memory with the
 * JDK compiler and runs it; generated classes live in {@code shears.sim.compiled.gen}.
 * <p>Layer: may import {@code shears.rtl.ir}, {@code shears.sim}, {@code shears.sim.bits}.
 */
package shears.sim.compiled;
