/**
 * The Verilog-2005 emitter: one file per module, reading only the netlist, deterministic and
 * lint-clean under {@code verilator -Wall} by construction.
 * <p>Layer: may import {@code shears.rtl.ir}, {@code shears.rtl.util}.
 */
package shears.rtl.emit;
