/**
 * Model files: NumPy {@code .npy} arrays ({@link shears.models.io.Npy}, written here because the
 * format is a 10-line header plus raw little-endian data, and the only Java readers on Maven Central
 * pull in a Kotlin runtime) and the JSON + .npy model bundle ({@link shears.models.io.ModelFiles},
 * layout in docs/models.md). Malformed input raises {@link shears.models.io.ModelFormatException}
 * naming the file and, where known, the line or layer.
 * <p>Layer: may import {@code shears.models.nn}, {@code shears.models.quant},
 * {@code shears.models.tensor}, {@code shears.rtl.util}.
 */
package shears.models.io;
