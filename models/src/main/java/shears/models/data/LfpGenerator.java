package shears.models.data;

import java.util.SplittableRandom;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import shears.models.tensor.Gaussian;

/**
 * Seeded synthetic local field potentials: spatially mixed aperiodic 1/(k + f^chi) sources plus
 * private per-channel aperiodic activity, band-limited oscillatory bursts with Gaussian envelopes
 * shared across neighbouring channels, and white noise. The same seed gives the same samples.
 */
public final class LfpGenerator {
    private final LfpParams params;

    public LfpGenerator(LfpParams params) {
        this.params = params;
    }

    public Recording generate(int samples, long seed) {
        if (samples < 16) {
            throw new IllegalArgumentException("need at least 16 samples, got " + samples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int c = params.channels();
        double[][] out = new double[c][samples];
        // shared aperiodic sources at random positions along the probe
        double[][] mix = mixing(random, params.sources());
        double sharedScale = Math.sqrt(params.sharedFraction());
        for (int s = 0; s < params.sources(); s++) {
            double[] src = aperiodic(samples, random);
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < samples; i++) {
                    out[ch][i] += sharedScale * mix[ch][s] * src[i];
                }
            }
        }
        double privateScale = Math.sqrt(1 - params.sharedFraction());
        for (int ch = 0; ch < c; ch++) {
            double[] own = aperiodic(samples, random);
            for (int i = 0; i < samples; i++) {
                out[ch][i] += privateScale * own[i];
            }
        }
        addBursts(out, random);
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < samples; i++) {
                out[ch][i] = params.amplitudeUv() * (out[ch][i] + params.noiseFraction() * Gaussian.next(random));
            }
        }
        return new Recording(out, params.sampleRateHz());
    }

    /** Rows normalised to unit power: channel ch's weight on source s decays as exp(-|ch - pos_s| / lambda). */
    private double[][] mixing(SplittableRandom random, int sources) {
        int c = params.channels();
        double[] pos = new double[sources];
        for (int s = 0; s < sources; s++) {
            pos[s] = random.nextDouble() * (c - 1);
        }
        double[][] mix = new double[c][sources];
        for (int ch = 0; ch < c; ch++) {
            double norm = 0;
            for (int s = 0; s < sources; s++) {
                mix[ch][s] = Math.exp(-Math.abs(ch - pos[s]) / params.spaceConstantCh());
                norm += mix[ch][s] * mix[ch][s];
            }
            for (int s = 0; s < sources; s++) {
                mix[ch][s] /= Math.sqrt(norm);
            }
        }
        return mix;
    }

    /** Gaussian noise shaped in frequency to power 1/(knee^chi + f^chi), normalised to unit variance. */
    private double[] aperiodic(int samples, SplittableRandom random) {
        int n = Integer.highestOneBit(samples - 1) << 1;
        Complex[] spectrum = new Complex[n];
        double kneeTerm = Math.pow(params.kneeHz(), params.exponent());
        spectrum[0] = Complex.ZERO; // no DC offset
        for (int k = 1; k <= n / 2; k++) {
            double f = k * params.sampleRateHz() / n;
            double amp = Math.sqrt(1.0 / (kneeTerm + Math.pow(f, params.exponent())));
            Complex z = new Complex(Gaussian.next(random) * amp, k == n / 2 ? 0 : Gaussian.next(random) * amp);
            spectrum[k] = z;
            if (k < n / 2) {
                spectrum[n - k] = z.conjugate();
            }
        }
        Complex[] time =
                new FastFourierTransformer(DftNormalization.STANDARD).transform(spectrum, TransformType.INVERSE);
        double[] x = new double[samples];
        double mean = 0;
        for (int i = 0; i < samples; i++) {
            x[i] = time[i].getReal();
            mean += x[i] / samples;
        }
        double var = 0;
        for (int i = 0; i < samples; i++) {
            x[i] -= mean;
            var += x[i] * x[i] / samples;
        }
        double sd = Math.sqrt(var);
        for (int i = 0; i < samples; i++) {
            x[i] /= sd;
        }
        return x;
    }

    /**
     * Poisson bursts per band: frequency uniform in the band, 3-8 cycles long (Gaussian envelope,
     * sigma = duration / 4), centred on a random channel and decaying across the probe with the
     * space constant, with a phase lag of 0.2 rad per channel.
     */
    private void addBursts(double[][] out, SplittableRandom random) {
        int samples = out[0].length;
        double fs = params.sampleRateHz();
        double seconds = samples / fs;
        for (int b = 0; b < LfpParams.BANDS_HZ.length; b++) {
            double lo = LfpParams.BANDS_HZ[b][0];
            double hi = LfpParams.BANDS_HZ[b][1];
            int bursts = poisson(params.burstRatePerS() * seconds, random);
            for (int k = 0; k < bursts; k++) {
                double f = lo + random.nextDouble() * (hi - lo);
                double cycles = 3 + random.nextDouble() * 5;
                double sigma = cycles / f * fs / 4;
                double centre = random.nextDouble() * samples;
                double centreCh = random.nextDouble() * (params.channels() - 1);
                double phase = random.nextDouble() * 2 * Math.PI;
                int from = Math.max(0, (int) (centre - 4 * sigma));
                int to = Math.min(samples, (int) (centre + 4 * sigma) + 1);
                for (int ch = 0; ch < params.channels(); ch++) {
                    double spatial =
                            params.burstAmplitude()[b] * Math.exp(-Math.abs(ch - centreCh) / params.spaceConstantCh());
                    for (int i = from; i < to; i++) {
                        double d = (i - centre) / sigma;
                        out[ch][i] += spatial
                                * Math.exp(-0.5 * d * d)
                                * Math.sin(2 * Math.PI * f * i / fs + phase + 0.2 * ch);
                    }
                }
            }
        }
    }

    private static int poisson(double mean, SplittableRandom random) {
        // sum of exponential gaps; mean is at most a few thousand here
        int n = 0;
        double t = -Math.log(1 - random.nextDouble());
        while (t < mean) {
            n++;
            t += -Math.log(1 - random.nextDouble());
        }
        return n;
    }
}
