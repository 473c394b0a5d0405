package shears.models.hsi;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Procedural driving scenes, deterministic for a seed: sky above a horizon, concrete buildings and
 * trees along it, verges of dry grass with bushes, a road converging to a vanishing point with edge
 * lines and dashed centre marks, cars of several paints (grey among them, the metamer of concrete)
 * with glass windows and cast shadows, pedestrians in denim with skin, and tree shadows across the
 * road. Each object gets its own illumination in 0.2-1.2, so brightness alone cannot separate classes.
 * Painted back to front; each pixel is sampled at 2x2 points (edges mix linearly).
 */
public final class SceneGenerator {
    private SceneGenerator() {}

    /** Something painted: a shape, its material and illumination, or (shadow) a factor on what lies below. */
    private record Layer(Shape shape, Material material, double illumination, boolean shadow) {}

    private sealed interface Shape permits Ellipse, Polygon, Band {
        boolean contains(double x, double y);
    }

    private record Ellipse(double cx, double cy, double rx, double ry) implements Shape {
        @Override
        public boolean contains(double x, double y) {
            double dx = (x - cx) / rx;
            double dy = (y - cy) / ry;
            return dx * dx + dy * dy <= 1;
        }
    }

    /** A convex polygon, vertices in order. */
    private record Polygon(double[] xs, double[] ys) implements Shape {
        @Override
        public boolean contains(double x, double y) {
            int n = xs.length;
            Boolean side = null;
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                double cross = (xs[j] - xs[i]) * (y - ys[i]) - (ys[j] - ys[i]) * (x - xs[i]);
                if (cross != 0) {
                    boolean s = cross > 0;
                    if (side != null && side != s) {
                        return false;
                    }
                    side = s;
                }
            }
            return true;
        }

        static Polygon rect(double x0, double y0, double x1, double y1) {
            return new Polygon(new double[] {x0, x1, x1, x0}, new double[] {y0, y0, y1, y1});
        }
    }

    /** Everything at or below row {@code y0} (the ground) or above it (the sky). */
    private record Band(double y0, boolean below) implements Shape {
        @Override
        public boolean contains(double x, double y) {
            return below ? y >= y0 : y < y0;
        }
    }

    /** A scene of {@code width} x {@code height} pixels. */
    public static Scene generate(long seed, int width, int height) {
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("scene must be at least 8x8 pixels, got " + width + "x" + height);
        }
        SplittableRandom r = new SplittableRandom(seed);
        List<Layer> layers = compose(r, width, height);
        Material[] mat = new Material[width * height * Scene.SUBSAMPLES];
        float[] ill = new float[mat.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int k = 0; k < Scene.SUBSAMPLES; k++) {
                    double sx = x + 0.25 + 0.5 * (k & 1);
                    double sy = y + 0.25 + 0.5 * (k >> 1);
                    int i = (y * width + x) * Scene.SUBSAMPLES + k;
                    double shade = 1;
                    for (int l = layers.size() - 1; l >= 0; l--) {
                        Layer layer = layers.get(l);
                        if (!layer.shape().contains(sx, sy)) {
                            continue;
                        }
                        if (layer.shadow()) {
                            shade *= layer.illumination();
                            continue;
                        }
                        mat[i] = layer.material();
                        ill[i] = (float)
                                (layer.material() == Material.SKY
                                        ? layer.illumination()
                                        : layer.illumination() * shade);
                        break;
                    }
                }
            }
        }
        return new Scene(width, height, mat, ill);
    }

    private static double between(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static List<Layer> compose(SplittableRandom r, int w, int h) {
        List<Layer> layers = new ArrayList<>();
        double horizon = h * between(r, 0.35, 0.45);
        layers.add(new Layer(new Band(horizon, false), Material.SKY, between(r, 0.8, 1.1), false));
        layers.add(new Layer(new Band(horizon, true), Material.DRY_GRASS, between(r, 0.6, 1.2), false));
        buildings(r, layers, w, h, horizon);
        trees(r, layers, w, horizon);
        double vx = w * between(r, 0.4, 0.6);
        double bottomHalf = w * between(r, 0.35, 0.5);
        double bottomCentre = w * between(r, 0.45, 0.55);
        Road road = new Road(vx, horizon, bottomCentre, bottomHalf, h);
        layers.add(new Layer(road.strip(-1, 1), Material.ASPHALT, between(r, 0.7, 1.2), false));
        double lane = between(r, 0.8, 1.2);
        layers.add(new Layer(road.strip(-0.97, -0.92), Material.LANE_PAINT, lane, false));
        layers.add(new Layer(road.strip(0.92, 0.97), Material.LANE_PAINT, lane, false));
        for (double d = 0.02; d < 1; d += 0.12) { // centre dashes, evenly spaced in depth
            layers.add(new Layer(road.patch(-0.025, 0.025, d, d + 0.06), Material.LANE_PAINT, lane, false));
        }
        for (int i = 0, n = r.nextInt(0, 4); i < n; i++) { // tree shadows across the road
            double d = between(r, 0.2, 0.95);
            double y = road.y(d);
            double cx = road.x(between(r, -1.2, 1.2), d);
            double ry = (h - horizon) * between(r, 0.03, 0.08) * d;
            layers.add(new Layer(new Ellipse(cx, y, ry * between(r, 3, 6), ry), null, between(r, 0.2, 0.45), true));
        }
        List<double[]> cars = new ArrayList<>();
        for (int i = 0, n = r.nextInt(1, 5); i < n; i++) {
            cars.add(new double[] {between(r, 0.15, 0.95), between(r, -0.7, 0.7)});
        }
        cars.sort((a, b) -> Double.compare(a[0], b[0])); // far first: near cars are painted over far ones
        for (double[] c : cars) {
            car(r, layers, road, c[0], c[1]);
        }
        for (int i = 0, n = r.nextInt(0, 4); i < n; i++) {
            pedestrian(r, layers, road, between(r, 0.3, 0.95), (r.nextBoolean() ? 1 : -1) * between(r, 1.05, 1.5));
        }
        return layers;
    }

    /** The road in perspective: lateral position u in [-1, 1] across it, depth d in (0, 1] from horizon to the bottom row. */
    private record Road(double vx, double horizon, double bottomCentre, double bottomHalf, double bottom) {
        double y(double d) {
            return horizon + d * (bottom - horizon);
        }

        double x(double u, double d) {
            return vx + d * (bottomCentre - vx) + u * d * bottomHalf;
        }

        Polygon strip(double u0, double u1) {
            return patch(u0, u1, 0, 1.05);
        }

        Polygon patch(double u0, double u1, double d0, double d1) {
            return new Polygon(
                    new double[] {x(u0, d0), x(u1, d0), x(u1, d1), x(u0, d1)},
                    new double[] {y(d0), y(d0), y(d1), y(d1)});
        }
    }

    private static void buildings(SplittableRandom r, List<Layer> layers, int w, int h, double horizon) {
        for (int i = 0, n = r.nextInt(1, 5); i < n; i++) {
            double x0 = w * between(r, -0.1, 0.9);
            double bw = w * between(r, 0.08, 0.25);
            double top = horizon - h * between(r, 0.05, 0.22);
            layers.add(new Layer(
                    Polygon.rect(x0, top, x0 + bw, horizon + 1), Material.CONCRETE, between(r, 0.3, 1.1), false));
        }
    }

    private static void trees(SplittableRandom r, List<Layer> layers, int w, double horizon) {
        for (int i = 0, n = r.nextInt(2, 7); i < n; i++) {
            boolean left = r.nextBoolean();
            double cx = w * (left ? between(r, -0.05, 0.3) : between(r, 0.7, 1.05));
            double rad = w * between(r, 0.04, 0.11);
            layers.add(new Layer(
                    new Ellipse(cx, horizon - rad * between(r, 0.2, 0.9), rad, rad * between(r, 0.8, 1.3)),
                    Material.LEAF,
                    between(r, 0.3, 1.0),
                    false));
        }
        for (int i = 0, n = r.nextInt(1, 5); i < n; i++) { // bushes on the verges
            double cx = w * (r.nextBoolean() ? between(r, 0.0, 0.2) : between(r, 0.8, 1.0));
            double rad = w * between(r, 0.02, 0.06);
            layers.add(new Layer(
                    new Ellipse(cx, horizon + rad * between(r, 0.5, 2.5), rad * 1.4, rad),
                    Material.LEAF,
                    between(r, 0.4, 1.1),
                    false));
        }
    }

    private static final Material[] PAINTS = {
        Material.GREY_PAINT,
        Material.RED_PAINT,
        Material.BLUE_PAINT,
        Material.WHITE_PAINT,
        Material.BLACK_PAINT,
        Material.GREY_PAINT
    };

    private static void car(SplittableRandom r, List<Layer> layers, Road road, double d, double u) {
        double y = road.y(d);
        double cx = road.x(u, d);
        double halfWidth = road.bottomHalf() * d * between(r, 0.28, 0.36);
        double height = halfWidth * between(r, 1.0, 1.3);
        layers.add(new Layer(new Ellipse(cx, y, halfWidth * 1.25, height * 0.18), null, between(r, 0.2, 0.35), true));
        Material paint = PAINTS[r.nextInt(PAINTS.length)];
        double light = between(r, 0.5, 1.2);
        layers.add(new Layer(Polygon.rect(cx - halfWidth, y - height * 0.55, cx + halfWidth, y), paint, light, false));
        layers.add(new Layer(
                new Polygon(
                        new double[] {
                            cx - halfWidth * 0.8, cx + halfWidth * 0.8, cx + halfWidth * 0.65, cx - halfWidth * 0.65
                        },
                        new double[] {y - height * 0.55, y - height * 0.55, y - height, y - height}),
                paint,
                light,
                false));
        layers.add(new Layer(
                new Polygon(
                        new double[] {
                            cx - halfWidth * 0.7, cx + halfWidth * 0.7, cx + halfWidth * 0.6, cx - halfWidth * 0.6
                        },
                        new double[] {y - height * 0.58, y - height * 0.58, y - height * 0.92, y - height * 0.92}),
                Material.GLASS,
                light,
                false));
    }

    private static void pedestrian(SplittableRandom r, List<Layer> layers, Road road, double d, double u) {
        double feet = road.y(d);
        double cx = road.x(u, d);
        double tall = road.bottomHalf() * d * between(r, 0.5, 0.7);
        double light = between(r, 0.3, 1.2);
        layers.add(
                new Layer(new Ellipse(cx, feet - tall * 0.42, tall * 0.13, tall * 0.42), Material.DENIM, light, false));
        layers.add(new Layer(new Ellipse(cx, feet - tall * 0.9, tall * 0.08, tall * 0.1), Material.SKIN, light, false));
    }
}
