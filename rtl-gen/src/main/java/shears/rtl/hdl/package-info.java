/**
 * The embedded Java HDL front end: {@link shears.rtl.hdl.ModuleBuilder} (passed explicitly, no global
 * state), typed {@link shears.rtl.hdl.Signal}s with the width table, registers, memories, instances,
 * when/elseWhen/otherwise, and lowering to a {@link shears.rtl.ir.NetlistModule}. User mistakes are
 * {@link shears.rtl.hdl.DesignException}s carrying the generator source line.
 * <p>Layer: may import {@code shears.rtl.ir}.
 */
package shears.rtl.hdl;
