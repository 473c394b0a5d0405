package shears.models.onnx;

/**
 * An ONNX file Shears cannot read or map. The message is one line that starts with the file, or
 * with the node and operator ({@code node 'conv1' (Conv): ...}), and says what is wrong.
 */
public final class OnnxException extends RuntimeException {
    public OnnxException(String message) {
        super(message);
    }

    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
