/**
 * The built-in example designs (counter, fir, mac-array, wide-alu, random) written with the front end,
 * and the catalog the CLI and tests look them up in, with typed, range-checked parameters.
 * <p>Layer: may import {@code shears.rtl.hdl} and {@code shears.rtl.ir} (for {@code Clocking}, the port naming).
 */
package shears.rtl.examples;
