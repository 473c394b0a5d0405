package shears.models.tensor;

import java.util.Arrays;

/** One sample of real values. The array is a compute buffer: layers write into it in place. */
public final class Tensor {
    private final Shape shape;
    private final double[] data;

    public Tensor(Shape shape) {
        this(shape, new double[shape.size()]);
    }

    public Tensor(Shape shape, double[] data) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("data length " + data.length + " does not match shape " + shape);
        }
        this.shape = shape;
        this.data = data;
    }

    public Shape shape() {
        return shape;
    }

    public double[] data() {
        return data;
    }

    public double get(int c, int y, int x) {
        return data[(c * shape.height() + y) * shape.width() + x];
    }

    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    public void fill(double value) {
        Arrays.fill(data, value);
    }
}
