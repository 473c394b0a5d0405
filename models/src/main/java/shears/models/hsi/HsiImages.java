package shears.models.hsi;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Pictures of cubes and label maps as PNG bytes (the JDK's ImageIO encoder): a false-colour image of
 * three bands, and label maps in the class colours with a legend of the classes present.
 */
public final class HsiImages {
    /** Colour-infrared false colour: 850 nm as red, 680 nm as green, 564 nm as blue (vegetation shows red). */
    public static final int[] FALSE_COLOUR_BANDS = {Bands.nearest(850), Bands.nearest(680), Bands.nearest(564)};

    private static final int LEGEND_WIDTH = 120;
    private static final int ROW = 14;

    private HsiImages() {}

    /** Three bands of {@code cube} as RGB, each stretched so its 99th percentile is full scale. */
    public static byte[] falseColour(IntCube cube, int[] rgbBands, int scale) {
        BufferedImage img = new BufferedImage(cube.width() * scale, cube.height() * scale, BufferedImage.TYPE_INT_RGB);
        double[] top = new double[3];
        for (int c = 0; c < 3; c++) {
            top[c] = Math.max(1, percentile(cube, rgbBands[c], 0.99));
        }
        for (int y = 0; y < cube.height(); y++) {
            for (int x = 0; x < cube.width(); x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    int v = (int) Math.min(255, Math.round(255 * cube.at(x, y, rgbBands[c]) / top[c]));
                    rgb = (rgb << 8) | Math.max(0, v);
                }
                fill(img, x, y, scale, rgb);
            }
        }
        return png(img);
    }

    private static double percentile(IntCube cube, int band, double q) {
        int n = cube.width() * cube.height();
        int[] v = new int[n];
        for (int p = 0; p < n; p++) {
            v[p] = cube.values()[p * cube.bands() + band];
        }
        Arrays.sort(v);
        return v[(int) Math.min(n - 1, Math.floor(q * n))];
    }

    /** {@link #labels(byte[], int, int, int)} of class indices held as ints. */
    public static byte[] labels(int[] labels, int width, int height, int scale) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            b[i] = (byte) labels[i];
        }
        return labels(b, width, height, scale);
    }

    /** A label map (class index per pixel, row-major) in the class colours, with a legend of the classes present. */
    public static byte[] labels(byte[] labels, int width, int height, int scale) {
        boolean[] present = new boolean[HsiClass.count()];
        for (byte l : labels) {
            present[l] = true;
        }
        int rows = 0;
        for (boolean p : present) {
            rows += p ? 1 : 0;
        }
        int h = Math.max(height * scale, rows * ROW + 8);
        BufferedImage img = new BufferedImage(width * scale + LEGEND_WIDTH, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                fill(img, x, y, scale, HsiClass.values()[labels[y * width + x]].rgb());
            }
        }
        legend(g, present, width * scale + 6);
        g.dispose();
        return png(img);
    }

    private static void legend(Graphics2D g, boolean[] present, int left) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int row = 0;
        for (HsiClass c : HsiClass.values()) {
            if (!present[c.ordinal()]) {
                continue;
            }
            int top = 4 + row++ * ROW;
            g.setColor(new Color(c.rgb()));
            g.fillRect(left, top, 10, 10);
            g.setColor(Color.BLACK);
            g.drawRect(left, top, 10, 10);
            try {
                g.drawString(c.label(), left + 15, top + 10);
            } catch (java.awt.AWTError | InternalError e) {
                // a headless JDK without fonts: the swatches alone still tell the classes apart by colour
            }
        }
    }

    private static void fill(BufferedImage img, int x, int y, int scale, int rgb) {
        for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
                img.setRGB(x * scale + dx, y * scale + dy, rgb);
            }
        }
    }

    private static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
