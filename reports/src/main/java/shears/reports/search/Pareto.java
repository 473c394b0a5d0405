package shears.reports.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Dominance, fronts and hypervolume over objective vectors that are all minimised. */
public final class Pareto {
    private Pareto() {}

    /** a is no worse than b everywhere and better somewhere. */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            better |= a[i] < b[i];
        }
        return better;
    }

    /** Indices of the points no other point dominates (the first of equal points only). */
    public static List<Integer> front(List<double[]> points) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            boolean dominated = false;
            for (int j = 0; j < points.size() && !dominated; j++) {
                dominated = j != i
                        && (dominates(points.get(j), points.get(i))
                                || j < i && Arrays.equals(points.get(j), points.get(i)));
            }
            if (!dominated) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The hypervolume the points dominate inside the box from {@code lo} to a reference point 10 %
     * beyond {@code hi}, with each objective scaled to [0, 1] by lo..hi: 1.1^m is everything.
     * Exact for two and three objectives.
     */
    public static double hypervolume(List<double[]> points, double[] lo, double[] hi) {
        int m = lo.length;
        if (m < 2 || m > 3) {
            throw new IllegalArgumentException("hypervolume of " + m + " objectives: two or three are supported");
        }
        List<double[]> scaled = new ArrayList<>();
        for (double[] p : points) {
            double[] s = new double[m];
            boolean inside = true;
            for (int i = 0; i < m; i++) {
                s[i] = hi[i] > lo[i] ? (p[i] - lo[i]) / (hi[i] - lo[i]) : 0;
                inside &= s[i] < 1.1;
            }
            if (inside) {
                scaled.add(s);
            }
        }
        return m == 2 ? area(scaled, 1.1) : volume(scaled);
    }

    private static double area(List<double[]> pts, double ref) {
        List<double[]> f = new ArrayList<>();
        for (int i : front(pts)) {
            f.add(pts.get(i));
        }
        f.sort(Comparator.comparingDouble(p -> p[0]));
        double a = 0;
        double prevY = ref;
        for (double[] p : f) {
            if (p[1] < prevY) {
                a += (ref - p[0]) * (prevY - p[1]);
                prevY = p[1];
            }
        }
        return a;
    }

    /** Slices along the third objective: each slab's 2-D area times its thickness. */
    private static double volume(List<double[]> pts) {
        List<double[]> sorted = new ArrayList<>(pts);
        sorted.sort(Comparator.comparingDouble(p -> p[2]));
        double v = 0;
        for (int k = 0; k < sorted.size(); k++) {
            double z = sorted.get(k)[2];
            double next = k + 1 < sorted.size() ? sorted.get(k + 1)[2] : 1.1;
            if (next <= z) {
                continue;
            }
            List<double[]> below = new ArrayList<>();
            for (int j = 0; j <= k; j++) {
                below.add(new double[] {sorted.get(j)[0], sorted.get(j)[1]});
            }
            v += area(below, 1.1) * (next - z);
        }
        return v;
    }
}
