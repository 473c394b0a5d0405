/**
 * Combinational Boolean networks as and-inverter graphs: {@link shears.models.logic.Aig} (immutable,
 * structurally hashed), BLIF and AIGER (ASCII and binary) import/export, 64-way bit-parallel
 * simulation, SAT sweeping with Sat4j ({@link shears.models.logic.SatSweeper}: simulation classes,
 * incremental proofs under assumptions, counter-examples refining the classes) and combinational
 * equivalence checking ({@link shears.models.logic.Cec}).
 * <p>Layer: may import {@code shears.models.io}.
 */
package shears.models.logic;
