/**
 * The RAMAN-style sparse accelerator: parameters, the model compiler (quantised, pruned network to
 * per-PE weight and index images, banked activation-memory allocation), the transaction-level cycle
 * model that executes a compiled program in the accelerator's activation-driven order (cycles, MACs
 * performed and skipped, memory accesses), the RTL generator, the host driver ({@code RamanRun}) and
 * {@code RamanExperiment} (prune, compile, generate; the golden model's latents and quality). Outputs
 * must equal the integer golden model bit for bit and the RTL the cycle model's cycle counts; the
 * measuring of a design point lives in the reports module. Design: docs/raman.md.
 * <p>Layer: may import {@code shears.models.cae}, {@code shears.models.data}, {@code shears.models.io},
 * {@code shears.models.nn}, {@code shears.models.prune}, {@code shears.models.quant},
 * {@code shears.models.tensor}, {@code shears.rtl.hdl}, {@code shears.rtl.ir}, {@code shears.rtl.pass},
 * {@code shears.rtl.util}, {@code shears.sim}.
 */
package shears.accelerators.raman;
