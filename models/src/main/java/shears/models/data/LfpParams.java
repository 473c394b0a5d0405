package shears.models.data;

/**
 * Parameters of the synthetic LFP model (see docs/models.md for the equations).
 *
 * @param channels          recording channels on a linear probe
 * @param sampleRateHz      sampling rate
 * @param exponent          aperiodic exponent chi of the 1/(knee + f^chi) spectrum
 * @param kneeHz            knee frequency: the spectrum flattens below it
 * @param sharedFraction    fraction of aperiodic power from spatially shared sources (cross-channel correlation)
 * @param spaceConstantCh   spatial decay length of a shared source, in channel pitches
 * @param sources           number of shared sources along the probe
 * @param burstRatePerS     oscillatory bursts per second per band
 * @param burstAmplitude    burst peak amplitude relative to the aperiodic standard deviation, per band
 * @param noiseFraction     white noise standard deviation relative to the aperiodic standard deviation
 * @param amplitudeUv       aperiodic standard deviation in microvolts
 */
public record LfpParams(
        int channels,
        double sampleRateHz,
        double exponent,
        double kneeHz,
        double sharedFraction,
        double spaceConstantCh,
        int sources,
        double burstRatePerS,
        double[] burstAmplitude,
        double noiseFraction,
        double amplitudeUv) {
    /**
     * Every field in the record's own text form, the amplitude array by value (a record's
     * {@code toString} shows an array's identity): what a cache keys the generated data by.
     */
    public String key() {
        return "LfpParams[channels=" + channels + ", sampleRateHz=" + sampleRateHz + ", exponent=" + exponent
                + ", kneeHz=" + kneeHz
                + ", sharedFraction=" + sharedFraction + ", spaceConstantCh=" + spaceConstantCh + ", sources=" + sources
                + ", burstRatePerS=" + burstRatePerS + ", burstAmplitude=" + java.util.Arrays.toString(burstAmplitude)
                + ", noiseFraction="
                + noiseFraction + ", amplitudeUv=" + amplitudeUv + "]";
    }

    /** Theta, alpha, beta and low-gamma band edges in Hz. */
    public static final double[][] BANDS_HZ = {{4, 8}, {8, 12}, {13, 30}, {30, 80}};

    public LfpParams {
        if (channels < 1 || sources < 1) {
            throw new IllegalArgumentException("channels and sources must be positive");
        }
        if (!(sampleRateHz > 2 * BANDS_HZ[3][1])) {
            throw new IllegalArgumentException(
                    "sample rate must exceed twice the highest band edge (" + 2 * BANDS_HZ[3][1] + " Hz)");
        }
        if (!(exponent > 0)
                || !(kneeHz >= 0)
                || !(sharedFraction >= 0 && sharedFraction <= 1)
                || !(spaceConstantCh > 0)
                || !(burstRatePerS >= 0)
                || !(noiseFraction >= 0)
                || !(amplitudeUv > 0)) {
            throw new IllegalArgumentException("LFP parameters out of range");
        }
        if (burstAmplitude.length != BANDS_HZ.length) {
            throw new IllegalArgumentException("one burst amplitude per band expected (" + BANDS_HZ.length + ")");
        }
        burstAmplitude = burstAmplitude.clone();
    }

    /**
     * Defaults (docs/models.md gives the reasoning): 16 contacts at 1 kHz, chi 3 with a 2 Hz knee,
     * 99.5 % of aperiodic power from 3 volume-conducted sources with an 8-contact space constant,
     * one burst per second per band (peak 0.5, 0.375, 0.25, 0.125 of the aperiodic SD for theta,
     * alpha, beta, gamma), 1 % white noise, 100 uV aperiodic SD.
     */
    public static LfpParams defaults() {
        return new LfpParams(
                16, 1000, 3.0, 2.0, 0.995, 8.0, 3, 1.0, new double[] {0.5, 0.375, 0.25, 0.125}, 0.01, 100.0);
    }

    public LfpParams withChannels(int n) {
        return new LfpParams(
                n,
                sampleRateHz,
                exponent,
                kneeHz,
                sharedFraction,
                spaceConstantCh,
                sources,
                burstRatePerS,
                burstAmplitude,
                noiseFraction,
                amplitudeUv);
    }
}
