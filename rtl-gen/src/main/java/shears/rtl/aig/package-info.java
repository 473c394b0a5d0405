/**
 * The one logic-synthesis core: and-inverter graphs. {@link shears.rtl.aig.AigBuilder} builds and
 * rewrites a graph (structural hashing, constant propagation, simulation-based equivalence merging;
 * origins and hard-cell marks for the estimator's mappers) and freezes it into the immutable
 * {@link shears.rtl.aig.Aig}; BLIF and AIGER (ASCII and binary) import/export, 64-way bit-parallel
 * simulation, SAT sweeping with Sat4j ({@link shears.rtl.aig.SatSweeper}: simulation classes,
 * incremental proofs under assumptions, counter-examples refining the classes) and combinational
 * equivalence checking ({@link shears.rtl.aig.Cec}). The estimator's bit-blaster and the
 * logic-network flow both build on it.
 * <p>Layer: may import {@code shears.rtl.util}.
 */
package shears.rtl.aig;
