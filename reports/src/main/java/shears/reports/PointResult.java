package shears.reports;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything measured at one grid point. Hardware figures have fixed names; {@code accuracy} holds the
 * flow's task metrics (for example snrDb), in the flow's order.
 */
public record PointResult(long cycles, double fmaxMhz, double areaUm2, int lut4, int lut6, int ff, int dsp,
                          double powerUw, double energyPerInferencePj, long storageBits, long indexBits,
                          Map<String, Double> accuracy) {
    public PointResult {
        accuracy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accuracy));
    }
}
