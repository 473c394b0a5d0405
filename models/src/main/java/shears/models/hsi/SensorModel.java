package shears.models.hsi;

import java.util.SplittableRandom;

/**
 * The snapshot camera's forward model: what a 5x5-mosaic NIR sensor records of a {@link Scene}.
 * Each scene pixel covers one mosaic super-pixel; sensor pixel (5y + b / 5, 5x + b % 5) sees band b:
 * <pre>
 *   signal = k · E(λ_b) · QE(λ_b) · T · R_b · v(r)     (R_b: the pixel's reflectance times illumination)
 *   raw    = clip10( crosstalk(signal) + dark_fp + shot + read )
 * </pre>
 * E is a 5778 K black-body sun, QE a silicon sensor's quantum efficiency (falling through the NIR),
 * T = 0.8 filter transmission, v(r) = 1 − 0.35 (r / r_max)² vignetting, k such that a white panel at
 * full sun reaches {@value #WHITE_PEAK_DN} DN in the brightest band. The second-order band 22 sees
 * 60 % of R at its centre and 40 % at twice that wavelength (its filter's first order, where silicon
 * still responds a little) — a modelling assumption standing for the leak. Crosstalk: every pixel
 * passes {@value #CROSSTALK} of its signal to each of its four neighbours. Dark current is a
 * fixed pattern per sensor pixel (the camera's, seeded by {@code cameraSeed}: equal in every frame)
 * plus temporal read noise; shot noise is Gaussian with the variance of the collected electrons.
 * Output: 10-bit DN.
 */
public record SensorModel(long cameraSeed, double readNoiseDn, double electronsPerDn) {
    public static final int MAX_DN = 1023;
    public static final double WHITE_PEAK_DN = 880;
    public static final double CROSSTALK = 0.02;
    public static final double DARK_MEAN_DN = 32;
    public static final double DARK_PATTERN_DN = 3;
    public static final double WHITE_PANEL = 0.95;
    static final double TRANSMISSION = 0.8;
    static final double SECOND_ORDER_SHARE = 0.4;

    public SensorModel {
        if (readNoiseDn < 0 || electronsPerDn <= 0) {
            throw new IllegalArgumentException("read noise must be >= 0 and electrons per DN > 0");
        }
    }

    /** The default camera: 1.5 DN read noise, 8 electrons per DN. */
    public static SensorModel standard(long cameraSeed) {
        return new SensorModel(cameraSeed, 1.5, 8);
    }

    /** A raw 10-bit mosaic frame, row-major, {@code 5 * width} x {@code 5 * height} sensor pixels. */
    public record Frame(int width, int height, short[] dn) {
        public Frame {
            if (dn.length != width * height) {
                throw new IllegalArgumentException(
                        "frame of " + width + "x" + height + " needs " + width * height + " pixels");
            }
        }

        public int at(int x, int y) {
            return dn[y * width + x];
        }
    }

    /** Sun spectral radiance, black body at 5778 K, relative to its value at 700 nm. */
    static double sun(double nm) {
        return planck(nm) / planck(700);
    }

    private static double planck(double nm) {
        double l = nm * 1e-9;
        return 1 / (Math.pow(l, 5) * (Math.exp(1.4387769e-2 / (l * 5778)) - 1));
    }

    /** Silicon quantum efficiency: about 0.6 at 600 nm, 0.2 at 960 nm, a few percent at 1100 nm. */
    static double qe(double nm) {
        double f = (nm - 500) / 650;
        return Math.max(0.005, 0.65 * (1 - f * f));
    }

    /** Relative response at {@code nm} (sun x QE x filter) to a flat unit reflector. */
    static double response(double nm) {
        return sun(nm) * qe(nm) * TRANSMISSION;
    }

    private static double peakResponse() {
        double best = 0;
        for (int b = 0; b < Bands.COUNT; b++) {
            best = Math.max(best, response(Bands.centreNm(b)));
        }
        return best;
    }

    /** The raw frame of {@code scene}; {@code frameSeed} draws the temporal noise. */
    public Frame capture(Scene scene, SpectralLibrary library, long frameSeed) {
        int n = scene.width() * scene.height();
        double[][] signal = new double[Bands.COUNT][n];
        double scale = WHITE_PEAK_DN / peakResponse();
        for (int b = 0; b < Bands.COUNT; b++) {
            double nm = Bands.centreNm(b);
            double k = scale * response(nm);
            double[] first = Scene.reflectances(library, nm);
            double[] second = Scene.reflectances(library, 2 * nm);
            for (int p = 0; p < n; p++) {
                double r = scene.radiance(first, p);
                if (b == Bands.SECOND_ORDER_BAND) {
                    double leak = scale * response(2 * nm) * scene.radiance(second, p);
                    signal[b][p] = (1 - SECOND_ORDER_SHARE) * k * r + SECOND_ORDER_SHARE * leak;
                } else {
                    signal[b][p] = k * r;
                }
            }
        }
        return expose(scene.width(), scene.height(), signal, frameSeed);
    }

    /** A frame of a uniform white panel (reflectance {@value #WHITE_PANEL}) at full sun: the white reference. */
    public Frame white(int width, int height, long frameSeed) {
        double[][] signal = new double[Bands.COUNT][width * height];
        double scale = WHITE_PEAK_DN / peakResponse();
        for (int b = 0; b < Bands.COUNT; b++) {
            double nm = Bands.centreNm(b);
            double v = b == Bands.SECOND_ORDER_BAND
                    ? (1 - SECOND_ORDER_SHARE) * scale * response(nm) + SECOND_ORDER_SHARE * scale * response(2 * nm)
                    : scale * response(nm);
            java.util.Arrays.fill(signal[b], v * WHITE_PANEL);
        }
        return expose(width, height, signal, frameSeed);
    }

    /** A frame with the lens capped: the dark reference. */
    public Frame dark(int width, int height, long frameSeed) {
        return expose(width, height, new double[Bands.COUNT][width * height], frameSeed);
    }

    /** Vignetting, crosstalk, dark pattern, shot and read noise, 10-bit clipping. */
    private Frame expose(int width, int height, double[][] signal, long frameSeed) {
        int mw = width * Bands.MOSAIC;
        int mh = height * Bands.MOSAIC;
        double[] light = new double[mw * mh];
        double cx = (mw - 1) / 2.0;
        double cy = (mh - 1) / 2.0;
        double rmax2 = cx * cx + cy * cy;
        for (int sy = 0; sy < mh; sy++) {
            for (int sx = 0; sx < mw; sx++) {
                int b = (sy % Bands.MOSAIC) * Bands.MOSAIC + sx % Bands.MOSAIC;
                int p = (sy / Bands.MOSAIC) * width + sx / Bands.MOSAIC;
                double r2 = ((sx - cx) * (sx - cx) + (sy - cy) * (sy - cy)) / rmax2;
                light[sy * mw + sx] = signal[b][p] * (1 - 0.35 * r2);
            }
        }
        SplittableRandom pattern = new SplittableRandom(cameraSeed);
        SplittableRandom noise = new SplittableRandom(frameSeed ^ 0x9E3779B97F4A7C15L);
        short[] dn = new short[mw * mh];
        for (int sy = 0; sy < mh; sy++) {
            for (int sx = 0; sx < mw; sx++) {
                double own = light[sy * mw + sx];
                double s = own * (1 - 4 * CROSSTALK)
                        + CROSSTALK
                                * (at(light, mw, mh, sx - 1, sy, own)
                                        + at(light, mw, mh, sx + 1, sy, own)
                                        + at(light, mw, mh, sx, sy - 1, own)
                                        + at(light, mw, mh, sx, sy + 1, own));
                double darkFp = DARK_MEAN_DN + DARK_PATTERN_DN * gaussian(pattern);
                double shot = Math.sqrt(Math.max(0, s) / electronsPerDn) * gaussian(noise);
                double v = s + darkFp + shot + readNoiseDn * gaussian(noise);
                dn[sy * mw + sx] = (short) Math.max(0, Math.min(MAX_DN, Math.round(v)));
            }
        }
        return new Frame(mw, mh, dn);
    }

    /** A neighbour's light; off the sensor, the pixel's own (the edge neither gains nor loses light). */
    private static double at(double[] light, int w, int h, int x, int y, double own) {
        return x < 0 || y < 0 || x >= w || y >= h ? own : light[y * w + x];
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller from the seeded stream (java.util.Random's nextGaussian is not on SplittableRandom in Java 17)
        double u1 = Math.max(Double.MIN_VALUE, r.nextDouble());
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
