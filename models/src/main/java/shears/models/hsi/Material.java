package shears.models.hsi;

import java.util.function.DoubleUnaryOperator;

/**
 * The surfaces a synthetic driving scene is made of, each with the class it is labelled as and an
 * analytic reflectance spectrum (fraction, 0..1, of wavelength in nm). The shapes follow the physics
 * the camera's 680-960 nm range sees: chlorophyll's red edge near 715 nm and the water band near
 * 960 nm for vegetation, flat low asphalt, slowly rising concrete, pigments that turn transparent in
 * the NIR for paints. Grey paint and concrete are a metameric pair: about the same mean reflectance
 * over the bands, opposite slopes, so only the spectral shape tells them apart. The sky is a radiance
 * ratio to the sun illuminant (Rayleigh, falling as λ⁻⁴), not a reflectance.
 */
public enum Material {
    SKY(HsiClass.SKY, nm -> Math.min(1.0, 0.9 * Math.pow(550.0 / nm, 4))),
    ASPHALT(HsiClass.ROAD, nm -> 0.07 + 0.04 * t(nm)),
    LANE_PAINT(HsiClass.LANE_MARKING, nm -> 0.72 - 0.05 * t(nm)),
    LEAF(HsiClass.VEGETATION, nm -> 0.05 + 0.43 * sigmoid(nm, 715, 11) - 0.06 * gauss(nm, 965, 22)),
    DRY_GRASS(HsiClass.VERGE, nm -> 0.16 + 0.16 * sigmoid(nm, 725, 28) + 0.10 * t(nm) - 0.03 * gauss(nm, 965, 25)),
    CONCRETE(HsiClass.CONCRETE, nm -> 0.26 + 0.08 * t(nm) - 0.015 * gauss(nm, 950, 30)),
    GREY_PAINT(HsiClass.VEHICLE, nm -> 0.335 - 0.05 * t(nm) - 0.045 * gauss(nm, 880, 35)),
    RED_PAINT(HsiClass.VEHICLE, nm -> 0.06 + 0.55 * sigmoid(nm, 605, 12) - 0.06 * t(nm)),
    BLUE_PAINT(HsiClass.VEHICLE, nm -> 0.07 + 0.32 * sigmoid(nm, 760, 35)),
    WHITE_PAINT(HsiClass.VEHICLE, nm -> 0.78 - 0.03 * t(nm)),
    BLACK_PAINT(HsiClass.VEHICLE, nm -> 0.045 + 0.015 * t(nm)),
    GLASS(HsiClass.GLASS, nm -> 0.085 + 0.02 * t(nm) + 0.05 * Math.min(1.0, 0.9 * Math.pow(550.0 / nm, 4))),
    DENIM(HsiClass.PEDESTRIAN, nm -> 0.06 + 0.50 * sigmoid(nm, 735, 20)),
    SKIN(HsiClass.PEDESTRIAN, nm -> 0.38 + 0.18 * sigmoid(nm, 700, 25) - 0.08 * gauss(nm, 975, 25));

    private final HsiClass label;
    private final DoubleUnaryOperator reflectance;

    Material(HsiClass label, DoubleUnaryOperator reflectance) {
        this.label = label;
        this.reflectance = reflectance;
    }

    public HsiClass label() {
        return label;
    }

    /** The analytic spectrum: reflectance (0..1) at {@code nm}. */
    public double reflectance(double nm) {
        return reflectance.applyAsDouble(nm);
    }

    /** 0 at 550 nm, 1 at 1000 nm: the linear trend term of the spectra. */
    private static double t(double nm) {
        return (nm - 550) / 450;
    }

    private static double sigmoid(double nm, double centre, double width) {
        return 1 / (1 + Math.exp(-(nm - centre) / width));
    }

    private static double gauss(double nm, double centre, double sigma) {
        double z = (nm - centre) / sigma;
        return Math.exp(-0.5 * z * z);
    }
}
