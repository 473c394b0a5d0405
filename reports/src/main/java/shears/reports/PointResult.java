package shears.reports;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything measured at one grid point. Hardware figures have fixed names ({@code fmaxMhz} the ASIC
 * estimate at the run's node, {@code fmaxIce40Mhz} the iCE40 one); {@code accuracy} holds the
 * flow's task metrics (for example snrDb), in the flow's order; {@code yosysErrorsPct} the
 * estimator-versus-Yosys errors when the run asked for them (empty otherwise).
 */
public record PointResult(
        long cycles,
        double fmaxMhz,
        double fmaxIce40Mhz,
        double areaUm2,
        int lut4,
        int lut6,
        int ff,
        int dsp,
        double powerUw,
        double energyPerInferencePj,
        long storageBits,
        long indexBits,
        Map<String, Double> accuracy,
        Map<String, Double> yosysErrorsPct) {
    public PointResult {
        accuracy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accuracy));
        yosysErrorsPct = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(yosysErrorsPct));
    }

    public PointResult(
            long cycles,
            double fmaxMhz,
            double fmaxIce40Mhz,
            double areaUm2,
            int lut4,
            int lut6,
            int ff,
            int dsp,
            double powerUw,
            double energyPerInferencePj,
            long storageBits,
            long indexBits,
            Map<String, Double> accuracy) {
        this(
                cycles,
                fmaxMhz,
                fmaxIce40Mhz,
                areaUm2,
                lut4,
                lut6,
                ff,
                dsp,
                powerUw,
                energyPerInferencePj,
                storageBits,
                indexBits,
                accuracy,
                Map.of());
    }

    /** The same figures with Yosys cross-check errors attached. */
    public PointResult withYosysErrors(Map<String, Double> errors) {
        return new PointResult(
                cycles,
                fmaxMhz,
                fmaxIce40Mhz,
                areaUm2,
                lut4,
                lut6,
                ff,
                dsp,
                powerUw,
                energyPerInferencePj,
                storageBits,
                indexBits,
                accuracy,
                errors);
    }
}
