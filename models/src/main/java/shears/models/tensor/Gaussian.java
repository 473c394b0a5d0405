package shears.models.tensor;

import java.util.SplittableRandom;

/** Standard normal samples from a {@link SplittableRandom} (which has no nextGaussian in Java 17). */
public final class Gaussian {
    private Gaussian() {}

    /** One N(0, 1) sample by the Box-Muller transform. */
    public static double next(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
