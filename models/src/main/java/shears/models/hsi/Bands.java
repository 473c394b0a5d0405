package shears.models.hsi;

import java.util.List;

/**
 * The 25 bands of the snapshot NIR camera HSI-Drive was recorded with: a 5x5 Fabry-Pérot filter mosaic
 * repeated over the sensor, band {@code b} under mosaic cell {@code (b / 5, b % 5)}. Centres in nm, in
 * mosaic order, as the camera's calibration lists them. The 564.36 nm cell is a second-order response:
 * its filter also passes light near twice that wavelength's first-order peak, which the sensor model
 * represents as a leak from the NIR (see {@link SensorModel}).
 */
public final class Bands {
    /** Mosaic period in pixels (5x5 cells per super-pixel). */
    public static final int MOSAIC = 5;

    public static final int COUNT = MOSAIC * MOSAIC;
    private static final double[] CENTRES_NM = {
        888.48, 897.66, 879.13, 869.11, 956.11,
        795.96, 807.63, 783.76, 770.58, 679.14,
        744.48, 757.92, 731.88, 718.30, 692.90,
        928.81, 936.25, 920.60, 912.17, 950.39,
        848.55, 858.95, 564.36, 826.77, 944.49
    };
    /** The mosaic cell whose filter peak is second order. */
    public static final int SECOND_ORDER_BAND = 22;

    private Bands() {}

    /** Centre wavelength of band {@code b} in nm. */
    public static double centreNm(int b) {
        return CENTRES_NM[b];
    }

    public static double[] centresNm() {
        return CENTRES_NM.clone();
    }

    /** Band indices sorted by wavelength (for plots and false colour). */
    public static List<Integer> byWavelength() {
        return java.util.stream.IntStream.range(0, COUNT)
                .boxed()
                .sorted(java.util.Comparator.comparingDouble(b -> CENTRES_NM[b]))
                .toList();
    }

    /** The band whose centre is nearest {@code nm}. */
    public static int nearest(double nm) {
        int best = 0;
        for (int b = 1; b < COUNT; b++) {
            if (Math.abs(CENTRES_NM[b] - nm) < Math.abs(CENTRES_NM[best] - nm)) {
                best = b;
            }
        }
        return best;
    }
}
