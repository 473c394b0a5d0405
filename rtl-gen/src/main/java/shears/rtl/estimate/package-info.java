/**
 * Fast area, resource and timing estimates over the netlist: the design is bit-blasted to an
 * and-inverter graph with constant propagation and structural hashing (a synthesis flow's generic
 * stage), then counted with cost tables that are data with cited sources, and cross-checked
 * against Yosys.
 * <p>Reads only {@code shears.rtl.ir} (and {@code shears.rtl.util} to run Yosys); must not import the
 * front end or the simulator.
 */
package shears.rtl.estimate;
