package shears.models.hsi;

/**
 * A hyperspectral cube of integers in band-interleaved-by-pixel order: value of band b at pixel (x, y)
 * is {@code values[(y * width + x) * bands + b]}. The fixed-point preprocessing works on these.
 */
public record IntCube(int width, int height, int bands, int[] values) {
    public IntCube {
        if (width < 1 || height < 1 || bands < 1) {
            throw new IllegalArgumentException(
                    "cube dimensions must be positive, got " + width + "x" + height + "x" + bands);
        }
        if (values.length != width * height * bands) {
            throw new IllegalArgumentException("a " + width + "x" + height + "x" + bands + " cube needs "
                    + width * height * bands + " values, got " + values.length);
        }
    }

    public int at(int x, int y, int b) {
        return values[(y * width + x) * bands + b];
    }

    /** Mean of band {@code b} over every pixel, rounded to the nearest integer. */
    public int bandMean(int b) {
        long s = 0;
        for (int p = 0; p < width * height; p++) {
            s += values[p * bands + b];
        }
        return (int) Math.round(s / (double) (width * height));
    }
}
