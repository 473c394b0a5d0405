/**
 * The Verilog-2005 emitter: one file per module, reading only the netlist, deterministic and
 * lint-clean under {@code verilator -Wall} by construction.
 * <p>May import {@code shears.rtl.ir} and {@code shears.rtl.util}; must not import the front end.
 */
package shears.rtl.emit;
