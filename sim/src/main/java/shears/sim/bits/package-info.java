/**
 * Bit-vector arithmetic beyond 64 bits over {@code long[]} words, shared by both engines.
 * <p>Layer: imports no other Shears package.
 */
package shears.sim.bits;
