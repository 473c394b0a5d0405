/**
 * The streaming hyperspectral segmentation pipeline: {@code StreamPlan} (a quantised U-Net and the
 * preprocessing front end as streaming stages, with folding and skip-FIFO depths, checked once),
 * the RTL generator ({@code HsiRtl} and its stage generators), the golden model of the whole
 * pipeline ({@code PipelineGolden}), the cycle model and the AXI4-Stream driver that runs a
 * generated design on any engine under random stalls ({@code HsiRun}), resources per group
 * ({@code PipelineEstimate}), the iCE40 Fmax stage by stage, estimated or placed with nextpnr
 * ({@code PipelineTiming}), and the auto-folder ({@code Folder}). Design: docs/hsi-pipeline.md.
 * <p>Layer: may import {@code shears.models.hsi}, {@code shears.models.nn}, {@code shears.models.quant},
 * {@code shears.models.tensor}, {@code shears.rtl.estimate}, {@code shears.rtl.hdl}, {@code shears.rtl.ir}, {@code shears.rtl.pass},
 * {@code shears.rtl.util}, {@code shears.sim}.
 */
package shears.accelerators.hsi;
