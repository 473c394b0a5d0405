package shears.models.onnx;

/** One node attribute, by kind; the fields that do not belong to {@code kind} are empty. */
public record OnnxAttribute(
        String name, Kind kind, double f, long i, String s, OnnxTensor t, double[] floats, long[] ints) {
    public enum Kind {
        FLOAT,
        INT,
        STRING,
        TENSOR,
        FLOATS,
        INTS,
        OTHER
    }

    public OnnxAttribute {
        floats = floats.clone();
        ints = ints.clone();
    }
}
