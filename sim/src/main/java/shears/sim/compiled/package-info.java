/**
 * The compiled engine: generates straight-line Java from the netlist, compiles it in memory with the
 * JDK compiler and runs it; generated classes live in {@code shears.sim.compiled.gen}.
 * <p>May import {@code shears.sim}, {@code shears.sim.bits} and the netlist IR only.
 */
package shears.sim.compiled;
