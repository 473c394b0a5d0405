package shears.models.hsi;

/**
 * A rendered driving scene before the camera sees it: every pixel is {@value #SUBSAMPLES} sub-samples
 * (2x2), each one material under its own illumination (sun, shadow, vignetting-free). A pixel's
 * spectrum is the mean of its sub-samples' (linear mixing at edges); its label is the class most of
 * its sub-samples belong to (ties to the lowest class index).
 *
 * @param width        pixels per row
 * @param height       rows
 * @param material     sub-sample materials, pixel-major ({@code (y * width + x) * 4 + k})
 * @param illumination each sub-sample's illumination factor (1 = full sun)
 */
public record Scene(int width, int height, Material[] material, float[] illumination) {
    public static final int SUBSAMPLES = 4;

    public Scene {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("scene size must be positive, got " + width + "x" + height);
        }
        if (material.length != width * height * SUBSAMPLES || illumination.length != material.length) {
            throw new IllegalArgumentException("scene arrays do not match " + width + "x" + height);
        }
    }

    /** The label map, one class index per pixel, row-major. */
    public byte[] labels() {
        byte[] out = new byte[width * height];
        int[] votes = new int[HsiClass.count()];
        for (int p = 0; p < out.length; p++) {
            java.util.Arrays.fill(votes, 0);
            for (int k = 0; k < SUBSAMPLES; k++) {
                votes[material[p * SUBSAMPLES + k].label().ordinal()]++;
            }
            int best = 0;
            for (int c = 1; c < votes.length; c++) {
                if (votes[c] > votes[best]) {
                    best = c;
                }
            }
            out[p] = (byte) best;
        }
        return out;
    }

    /** Reflectance (or sky radiance ratio) of pixel {@code p} at {@code nm}, illumination included, under {@code library}. */
    public double radiance(SpectralLibrary library, int p, double nm) {
        return radiance(reflectances(library, nm), p);
    }

    /** Every material's reflectance at {@code nm}, by ordinal: evaluated once per wavelength, not per pixel. */
    public static double[] reflectances(SpectralLibrary library, double nm) {
        double[] r = new double[Material.values().length];
        for (Material m : Material.values()) {
            r[m.ordinal()] = library.reflectance(m, nm);
        }
        return r;
    }

    /** As {@link #radiance(SpectralLibrary, int, double)} with the materials' reflectances looked up in {@code byMaterial}. */
    public double radiance(double[] byMaterial, int p) {
        double s = 0;
        for (int k = 0; k < SUBSAMPLES; k++) {
            s += illumination[p * SUBSAMPLES + k] * byMaterial[material[p * SUBSAMPLES + k].ordinal()];
        }
        return s / SUBSAMPLES;
    }
}
