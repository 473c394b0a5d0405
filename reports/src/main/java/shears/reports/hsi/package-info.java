/**
 * The {@code hsi} comparison flow: the deployable U-Net shrunk by part 1's structured compression
 * (filters, bands, depth) or its precision (int4), folded by the auto-folder for a frame rate on the
 * full frame (fps and latency from the cycle model), and a window of its RTL simulated against the
 * golden model (mIoU of the hardware's labels, resources, power).
 * <p>Layer: may import {@code shears.accelerators.hsi}, {@code shears.models.hsi}, {@code shears.models.nn},
 * {@code shears.models.tensor}, {@code shears.reports}, {@code shears.reports.measure}, {@code shears.rtl.ir},
 * {@code shears.rtl.pass}.
 */
package shears.reports.hsi;
