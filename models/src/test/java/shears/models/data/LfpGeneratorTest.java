package shears.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.models.io.ModelFormatException;
import shears.models.io.Npy;

class LfpGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedSameSamplesOtherSeedOtherSamples() {
        LfpGenerator g = new LfpGenerator(LfpParams.defaults());
        assertArrayEquals(g.generate(4096, 5).samples()[3], g.generate(4096, 5).samples()[3]);
        assertFalse(java.util.Arrays.equals(
                g.generate(4096, 5).samples()[3], g.generate(4096, 6).samples()[3]));
    }

    @Test
    void aperiodicSlopeFollowsTheExponentAboveTheKnee() {
        for (double chi : new double[] {2.0, 3.0}) {
            LfpParams p = new LfpParams(1, 1000, chi, 2.0, 1.0, 8, 1, 0, new double[4], 0, 100);
            double[] x = new LfpGenerator(p).generate(1 << 16, 3).samples()[0];
            double[] psd = psd(x);
            // least-squares slope of log power vs log frequency over 20..200 Hz (averaged periodogram bins)
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            int n = 0;
            for (int k = 0; k < psd.length; k++) {
                double f = k * 1000.0 / (2 * psd.length);
                if (f >= 20 && f <= 200) {
                    double lx = Math.log10(f);
                    double ly = Math.log10(psd[k]);
                    sx += lx;
                    sy += ly;
                    sxx += lx * lx;
                    sxy += lx * ly;
                    n++;
                }
            }
            double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
            assertEquals(-chi, slope, 0.25, "spectral slope for chi " + chi);
        }
    }

    /** Welch-style average of 1024-sample periodograms (Hann window). */
    private static double[] psd(double[] x) {
        int seg = 1024;
        double[] acc = new double[seg / 2];
        FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
        for (int start = 0; start + seg <= x.length; start += seg / 2) {
            double[] w = new double[seg];
            for (int i = 0; i < seg; i++) {
                w[i] = x[start + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / seg));
            }
            Complex[] f = fft.transform(w, TransformType.FORWARD);
            for (int k = 0; k < seg / 2; k++) {
                acc[k] += f[k].abs() * f[k].abs();
            }
        }
        return acc;
    }

    @Test
    void neighbouringChannelsCorrelateMoreThanDistantOnes() {
        LfpParams p = LfpParams.defaults().withChannels(16);
        double[][] s = new LfpGenerator(p).generate(20_000, 4).samples();
        double near = corr(s[0], s[1]);
        double far = corr(s[0], s[15]);
        assertTrue(near > 0.9, "adjacent contacts share most of their signal: " + near);
        assertTrue(far < near, "correlation falls with distance: " + far + " vs " + near);
    }

    private static double corr(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    void recordingsLoadFromNpyAndCsvWithErrorsNamingTheLine() throws Exception {
        Path npy = dir.resolve("rec.npy");
        Files.write(
                npy, Npy.encode(new Npy.Array(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}), Npy.Type.FLOAT64));
        Recording r = RecordingLoader.load(npy, 1000);
        assertEquals(2, r.channels());
        assertEquals(6.0, r.samples()[1][2]);
        Path csv = dir.resolve("rec.csv");
        Files.writeString(csv, "ch0,ch1\n1,4\n2,5\n3,6\n");
        assertArrayEquals(r.samples()[1], RecordingLoader.load(csv, 1000).samples()[1]);
        Files.writeString(csv, "ch0,ch1\n1,4\n2,x\n");
        ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                ModelFormatException.class, () -> RecordingLoader.load(csv, 1000));
        assertTrue(e.getMessage().contains("rec.csv:3:"), e.getMessage());
        Files.writeString(csv, "1,4\n2\n");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(
                        ModelFormatException.class, () -> RecordingLoader.load(csv, 1000))
                .getMessage()
                .contains("rec.csv:2: 1 columns"));
    }
}
