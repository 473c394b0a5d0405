/**
 * RAMAN-style sparse accelerator (issue 6, in progress): parameters, the model compiler (quantised,
 * pruned network to per-PE weight and index images, banked activation-memory allocation) and the
 * transaction-level model that executes a compiled program in the accelerator's activation-driven
 * order, counting cycles, MACs performed and skipped, and memory accesses. Its outputs must equal
 * the integer golden model bit for bit; the RTL (to come) must equal its cycle counts. Design:
 * docs/raman.md.
 */
package shears.accelerators.raman;
