/**
 * Bit-vector arithmetic beyond 64 bits over {@code long[]} words, shared by both engines.
 * <p>Imports nothing from Shears.
 */
package shears.sim.bits;
