/**
 * Fast area, resource and timing estimates over the netlist: the design is bit-blasted to an
 * and-inverter graph ({@code shears.rtl.aig}) and optimised the way a synthesis flow's generic stage does (constant
 * propagation, structural hashing, constant and duplicate registers, equivalent-node merging), then
 * mapped: onto NAND/NOR/NOT gates for transistors (AND trees regrouped by {@code SupergateRewrite},
 * then {@code CmosMapper}), onto LUTs with carry
 * primitives and DSP tiles for FPGAs ({@code LutMapper}, which also times the iCE40 cover); node and
 * FPGA delay figures come from data files with cited sources, and everything is cross-checked against
 * Yosys ({@code YosysCrossCheck}) and iCE40 Fmax against nextpnr-ice40 ({@code Ice40PlaceRoute}).
 * <p>Layer: may import {@code shears.rtl.aig}, {@code shears.rtl.emit}, {@code shears.rtl.ir}, {@code shears.rtl.util}.
 */
package shears.rtl.estimate;
