package shears.models.hsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PreprocessTest {
    private static final SyntheticCapture CAPTURE = SyntheticCapture.of(11, 64, 32, SpectralLibrary.analytic());

    @Test
    void mosaicCellsBecomeBandsInMosaicOrder() {
        short[] dn = new short[15 * 12]; // 3 x 2 super-pixels, one spare row on top
        for (int i = 0; i < dn.length; i++) {
            dn[i] = (short) i;
        }
        SensorModel.Frame f = new SensorModel.Frame(15, 12, dn);
        IntCube c = Preprocess.cube(f, new Preprocess.Crop(1, 0, 3, 2));
        assertEquals(3, c.width());
        for (int b = 0; b < Bands.COUNT; b++) {
            assertEquals((1 + 5 + b / 5) * 15 + 10 + b % 5, c.at(2, 1, b), "band " + b);
        }
        assertThrows(IllegalArgumentException.class, () -> Preprocess.cube(f, new Preprocess.Crop(3, 0, 3, 2)));
    }

    @Test
    void calibrationIsTheSpecifiedIntegerFormula() {
        Preprocess.Calibration cal = CAPTURE.calibration();
        IntCube raw = Preprocess.cube(CAPTURE.raw(), Preprocess.Crop.all(CAPTURE.raw()));
        IntCube r = Preprocess.calibrate(raw, cal);
        int checked = 0;
        for (int i = 0; i < raw.values().length; i += 7) {
            int b = i % Bands.COUNT;
            long expect = Math.floorDiv(
                    (long) (raw.values()[i] - cal.dark()[b]) * cal.gain()[b], 1L << Preprocess.GAIN_SHIFT);
            assertEquals(Math.max(0, Math.min(Preprocess.FULL, expect)), r.values()[i]);
            checked++;
        }
        assertTrue(checked > 5000);
        for (int b = 0; b < Bands.COUNT; b++) {
            assertTrue(cal.dark()[b] > 20 && cal.dark()[b] < 45, "dark level band " + b + ": " + cal.dark()[b]);
        }
    }

    /**
     * The integers against float calibration, wherever neither clips: the arithmetic alone (float with
     * the same rounded band levels) costs at most 1 LSB of 12 bits; rounding the dark level to a whole DN
     * adds up to half a DN times the gain, here at most 0.5 · 4095 / (W − D) + 1 LSB in total.
     */
    @Test
    void fixedPointCalibrationTracksFloat() {
        Preprocess.Crop all = Preprocess.Crop.all(CAPTURE.raw());
        IntCube raw = Preprocess.cube(CAPTURE.raw(), all);
        IntCube dark = Preprocess.cube(CAPTURE.dark(), all);
        IntCube white = Preprocess.cube(CAPTURE.white(), all);
        double[] d = Preprocess.bandMeans(dark);
        double[] w = Preprocess.bandMeans(white);
        double[] dRounded = new double[Bands.COUNT];
        double[] wRounded = new double[Bands.COUNT];
        double minSpan = Double.MAX_VALUE;
        for (int b = 0; b < Bands.COUNT; b++) {
            dRounded[b] = dark.bandMean(b);
            wRounded[b] = white.bandMean(b);
            minSpan = Math.min(minSpan, w[b] - d[b]);
        }
        int[] q = CAPTURE.reflectance().values();
        assertTrue(worst(q, Preprocess.calibrateFloat(raw, dRounded, wRounded)) <= 1, "arithmetic");
        double bound = 0.5 * Preprocess.FULL / minSpan + 1;
        double total = worst(q, Preprocess.calibrateFloat(raw, d, w));
        assertTrue(total <= bound, "total " + total + " LSB, bound " + bound);
    }

    private static double worst(int[] q, double[] f) {
        double worst = 0;
        int compared = 0;
        for (int i = 0; i < q.length; i++) {
            double x = f[i] * Preprocess.FULL;
            if (x > 0 && x < Preprocess.FULL - 1) {
                worst = Math.max(worst, Math.abs(q[i] - x));
                compared++;
            }
        }
        assertTrue(compared > q.length / 2, compared + " of " + q.length);
        return worst;
    }

    @Test
    void fixedPointNormalisationTracksFloat() {
        for (Preprocess.Norm n : Preprocess.Norm.values()) {
            int[] q = Preprocess.normalise(CAPTURE.reflectance(), n).values();
            double[] f = Preprocess.normaliseFloat(CAPTURE.reflectance(), n);
            double worst = 0;
            for (int i = 0; i < q.length; i++) {
                worst = Math.max(worst, Math.abs(q[i] - Math.min(Preprocess.FULL, f[i])));
            }
            assertTrue(worst <= (n == Preprocess.Norm.L2 ? 3 : 2), n + ": worst error " + worst + " LSB");
        }
    }

    @Test
    void reciprocalIsWithinTwoToTheMinus13() {
        SplittableRandom r = new SplittableRandom(5);
        int checked = 0;
        for (int i = 0; i < 200_000; i++) {
            long n = i < 5000 ? i + 1 : r.nextLong(1, 1L << 40);
            int lead = 63 - Long.numberOfLeadingZeros(n);
            double mu = n / Math.scalb(1.0, lead + 1);
            double exact = 65536 / mu;
            double rel = Math.abs(Preprocess.reciprocal(n) - exact) / exact;
            assertTrue(rel < Math.scalb(1.0, -13), "n " + n + ": " + Preprocess.reciprocal(n) + " vs " + exact);
            checked++;
        }
        assertEquals(200_000, checked);
        assertEquals(64, Preprocess.seedTable().length);
    }

    @Test
    void isqrtIsTheFloorOfTheSquareRoot() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long n = i < 1000 ? i : r.nextLong(0, 1L << 62);
            long s = Preprocess.isqrt(n);
            assertTrue(s * s <= n && (s + 1) * (s + 1) > n, "isqrt(" + n + ") = " + s);
        }
    }

    @Test
    void bandSelectionKeepsTheListedBandsInOrder() {
        IntCube c = CAPTURE.reflectance();
        IntCube s = Preprocess.selectBands(c, new int[] {4, 0, 22});
        assertEquals(3, s.bands());
        assertArrayEquals(
                new int[] {c.at(5, 3, 4), c.at(5, 3, 0), c.at(5, 3, 22)},
                new int[] {s.at(5, 3, 0), s.at(5, 3, 1), s.at(5, 3, 2)});
        assertThrows(IllegalArgumentException.class, () -> Preprocess.selectBands(c, new int[] {25}));
    }

    /** Normalisation removes the illumination: the same material in sun and in shadow come out alike. */
    @Test
    void normalisationRemovesIllumination() {
        Scene s = CAPTURE.scene();
        double sun = 0;
        double shade = 0;
        int[] l1 =
                Preprocess.normalise(CAPTURE.reflectance(), Preprocess.Norm.L1).values();
        int[] raw = CAPTURE.reflectance().values();
        double rawRatio = Double.NaN;
        double l1Ratio = Double.NaN;
        int a = -1;
        int b = -1;
        for (int p = 0; p < s.width() * s.height(); p++) {
            boolean pure = true;
            for (int k = 0; k < Scene.SUBSAMPLES; k++) {
                pure &= s.material()[p * 4 + k] == Material.ASPHALT
                        && s.illumination()[p * 4 + k] == s.illumination()[p * 4];
            }
            if (pure && (a < 0 || s.illumination()[p * 4] > sun)) {
                sun = s.illumination()[p * 4];
                a = p;
            }
            if (pure && (b < 0 || s.illumination()[p * 4] < shade)) {
                shade = s.illumination()[p * 4];
                b = p;
            }
        }
        int band = Bands.nearest(850);
        rawRatio = raw[a * 25 + band] / (double) raw[b * 25 + band];
        l1Ratio = l1[a * 25 + band] / (double) l1[b * 25 + band];
        assertTrue(sun / shade > 1.5, "the scene has asphalt in sun and shade: " + sun + " / " + shade);
        assertTrue(Math.abs(l1Ratio - 1) < 0.25 && Math.abs(rawRatio - 1) > 0.4, "raw " + rawRatio + ", L1 " + l1Ratio);
    }
}
