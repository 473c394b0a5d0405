/**
 * Small utilities shared by every module: atomic file writing, output directories that never destroy
 * what Shears did not write ({@link shears.rtl.util.OutputDir}, with its manifest and lock), locks
 * shared by threads and processes ({@link shears.rtl.util.FileLocks}), I/O errors as one line naming
 * option, path and reason, running external EDA tools, the Shears version.
 * <p>Layer: imports no other Shears package.
 */
package shears.rtl.util;
