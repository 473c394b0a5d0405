package shears.reports.search;

import java.util.Locale;
import java.util.function.ToDoubleFunction;
import shears.reports.PointResult;

/** A figure the search optimises, read from a point's measured result; {@link #minimised} is what NSGA-II sees. */
public enum Objective {
    SNDR("sndr", "SNDR (dB)", true, r -> r.accuracy().getOrDefault("sndrDb", Double.NaN)),
    ACCURACY("accuracy", "test accuracy", true, r -> r.accuracy().getOrDefault("testAccuracy", Double.NaN)),
    AREA("area", "area (um2)", false, PointResult::areaUm2),
    POWER("power", "power (uW)", false, PointResult::powerUw),
    ENERGY("energy", "energy per inference (pJ)", false, PointResult::energyPerInferencePj),
    CYCLES("cycles", "cycles", false, r -> r.cycles()),
    LUTS("luts", "LUT6", false, r -> r.lut6());

    private final String cliName;
    private final String label;
    private final boolean maximise;
    private final ToDoubleFunction<PointResult> value;

    Objective(String cliName, String label, boolean maximise, ToDoubleFunction<PointResult> value) {
        this.cliName = cliName;
        this.label = label;
        this.maximise = maximise;
        this.value = value;
    }

    public String cliName() {
        return cliName;
    }

    public String label() {
        return label;
    }

    public boolean maximise() {
        return maximise;
    }

    public double value(PointResult r) {
        return value.applyAsDouble(r);
    }

    /** The value as a quantity to minimise. */
    public double minimised(PointResult r) {
        return maximise ? -value(r) : value(r);
    }

    public static Objective of(String name) {
        for (Objective o : values()) {
            if (o.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        throw new IllegalArgumentException(
                "unknown objective '" + name + "' (sndr, accuracy, area, power, energy, cycles, luts)");
    }
}
