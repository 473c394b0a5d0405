/**
 * ONNX and QONNX import: {@link shears.models.onnx.OnnxModel} decodes a file with protobuf classes
 * generated at build time from ONNX's own {@code onnx.proto} (package shears.models.onnx.proto, under
 * target/generated-sources; nothing outside this package reads them);
 * {@link shears.models.onnx.OnnxImporter} maps the graph onto Shears layers and the quantisers it
 * states (QONNX {@code Quant}, QDQ, QLinearConv) onto the integer model
 * ({@link shears.models.onnx.ImportedModel}). Refusals are {@link shears.models.onnx.OnnxException}s
 * naming the node and operator.
 * <p>Layer: may import {@code shears.models.nn}, {@code shears.models.quant},
 * {@code shears.models.tensor}.
 */
package shears.models.onnx;
