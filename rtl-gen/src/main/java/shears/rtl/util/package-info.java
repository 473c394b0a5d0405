/**
 * Small utilities shared by every module: atomic file writing and running external EDA tools.
 * <p>Imports nothing from Shears.
 */
package shears.rtl.util;
