package shears.models.tensor;

/** One sample of integer values (quantised activations or accumulators). */
public record IntTensor(Shape shape, int[] data) {
    public IntTensor {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("data length " + data.length + " does not match shape " + shape);
        }
    }

    public IntTensor(Shape shape) {
        this(shape, new int[shape.size()]);
    }
}
