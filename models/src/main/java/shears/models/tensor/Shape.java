package shears.models.tensor;

/**
 * Shape of one sample in channel-major layout; one-dimensional signals have {@code height == 1}.
 * Flat index of (c, y, x) is {@code (c * height + y) * width + x}.
 */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "shape dimensions must be positive: [" + channels + ", " + height + ", " + width + "]");
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape too large: [" + channels + ", " + height + ", " + width + "]");
        }
    }

    /** A one-dimensional signal of {@code channels} x {@code length}. */
    public static Shape of1d(int channels, int length) {
        return new Shape(channels, 1, length);
    }

    /** A vector of {@code n} values (the shape Dense layers read and write). */
    public static Shape vector(int n) {
        return new Shape(n, 1, 1);
    }

    public int size() {
        return channels * height * width;
    }

    public int spatial() {
        return height * width;
    }

    public boolean is1d() {
        return height == 1;
    }

    @Override
    public String toString() {
        return height == 1 ? "[" + channels + ", " + width + "]" : "[" + channels + ", " + height + ", " + width + "]";
    }
}
