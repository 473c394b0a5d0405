package shears.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small, dependency-free SVG scatter plot with one colour per series and each series' Pareto front
 * drawn as a dashed line. Written by hand: the Java chart libraries on Maven Central (JFreeChart,
 * XChart) render to raster or need an extra SVG backend, and the report must be one self-contained
 * deterministic HTML file.
 */
public final class SvgScatter {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"
    };
    private static final int W = 560;
    private static final int H = 380;
    private static final int L = 70;
    private static final int R = 150;
    private static final int T = 30;
    private static final int B = 50;

    public record Point(double x, double y, String label) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean higherYIsBetter;
    private final Map<String, List<Point>> series = new LinkedHashMap<>();

    public SvgScatter(String title, String xLabel, String yLabel, boolean higherYIsBetter) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.higherYIsBetter = higherYIsBetter;
    }

    public SvgScatter add(String seriesName, Point p) {
        series.computeIfAbsent(seriesName, k -> new ArrayList<>()).add(p);
        return this;
    }

    /** Points not dominated (lower x is better; y better as configured), in x order. */
    public List<Point> front(List<Point> pts) {
        List<Point> sorted = new ArrayList<>(pts);
        sorted.sort((a, b) -> a.x() != b.x()
                ? Double.compare(a.x(), b.x())
                : Double.compare(higherYIsBetter ? b.y() : a.y(), higherYIsBetter ? a.y() : b.y()));
        List<Point> f = new ArrayList<>();
        for (Point p : sorted) {
            if (f.isEmpty()
                    || (higherYIsBetter
                            ? p.y() > f.get(f.size() - 1).y()
                            : p.y() < f.get(f.size() - 1).y())) {
                f.add(p);
            }
        }
        return f;
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** An axis on round numbers: the data range padded by 5 % each side, widened to whole steps. */
    record Axis(double min, double max, double step) {
        Axis {
            if (!(step > 0) || !(max > min)) {
                throw new IllegalArgumentException("axis " + min + ".." + max + " step " + step);
            }
        }

        /** Steps of 1, 2 or 5 x 10^k giving four to nine intervals (Heckbert, "Nice numbers for graph labels", 1990). */
        static Axis of(double lo, double hi) {
            if (!(hi > lo)) {
                double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= d;
                hi += d;
            }
            double pad = (hi - lo) * 0.05;
            double raw = (hi - lo + 2 * pad) / 5;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / mag;
            double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
            return new Axis(Math.floor((lo - pad) / step) * step, Math.ceil((hi + pad) / step) * step, step);
        }

        int intervals() {
            return (int) Math.round((max - min) / step);
        }

        double tick(int i) {
            return min + i * step;
        }

        /** As few decimals as the step needs; thousands as k and millions as M past 10^4. */
        String label(double v) {
            if (Math.abs(v) < step * 1e-6) {
                return "0";
            }
            if (step >= 1e6 || Math.abs(max) >= 1e7 && step >= 1e5) {
                return trim(v / 1e6, step / 1e6) + "M";
            }
            if (Math.abs(max) >= 1e4 && step >= 100) {
                return trim(v / 1e3, step / 1e3) + "k";
            }
            return trim(v, step);
        }

        private static String trim(double v, double step) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }

    public String render() {
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (List<Point> ps : series.values()) {
            for (Point p : ps) {
                x0 = Math.min(x0, p.x());
                x1 = Math.max(x1, p.x());
                y0 = Math.min(y0, p.y());
                y1 = Math.max(y1, p.y());
            }
        }
        if (x0 > x1) {
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        Axis xa = Axis.of(x0, x1);
        Axis ya = Axis.of(y0, y1);
        final double ax = xa.min();
        final double bx = xa.max();
        final double ay = ya.min();
        final double by = ya.max();
        java.util.function.DoubleUnaryOperator sx = v -> L + (v - ax) / (bx - ax) * (W - L - R);
        java.util.function.DoubleUnaryOperator sy = v -> H - B - (v - ay) / (by - ay) * (H - T - B);
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(W)
                .append("\" height=\"")
                .append(H)
                .append("\" viewBox=\"0 0 ")
                .append(W)
                .append(' ')
                .append(H)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append("<text x=\"")
                .append(W / 2)
                .append("\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">")
                .append(esc(title))
                .append("</text>\n");
        sb.append("<rect x=\"")
                .append(L)
                .append("\" y=\"")
                .append(T)
                .append("\" width=\"")
                .append(W - L - R)
                .append("\" height=\"")
                .append(H - T - B)
                .append("\" fill=\"none\" stroke=\"#444\"/>\n");
        for (int i = 0; i <= xa.intervals(); i++) {
            double vx = xa.tick(i);
            sb.append("<text x=\"")
                    .append(n(sx.applyAsDouble(vx)))
                    .append("\" y=\"")
                    .append(H - B + 15)
                    .append("\" text-anchor=\"middle\">")
                    .append(xa.label(vx))
                    .append("</text>\n");
        }
        for (int i = 0; i <= ya.intervals(); i++) {
            double vy = ya.tick(i);
            sb.append("<text x=\"")
                    .append(L - 5)
                    .append("\" y=\"")
                    .append(n(sy.applyAsDouble(vy) + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(ya.label(vy))
                    .append("</text>\n");
            sb.append("<line x1=\"")
                    .append(L)
                    .append("\" x2=\"")
                    .append(W - R)
                    .append("\" y1=\"")
                    .append(n(sy.applyAsDouble(vy)))
                    .append("\" y2=\"")
                    .append(n(sy.applyAsDouble(vy)))
                    .append("\" stroke=\"#eee\"/>\n");
        }
        sb.append("<text x=\"")
                .append((L + W - R) / 2)
                .append("\" y=\"")
                .append(H - 12)
                .append("\" text-anchor=\"middle\">")
                .append(esc(xLabel))
                .append("</text>\n");
        sb.append("<text transform=\"translate(16,")
                .append((T + H - B) / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(esc(yLabel))
                .append("</text>\n");
        int s = 0;
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            String c = COLOURS[s % COLOURS.length];
            List<Point> f = front(e.getValue());
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < f.size(); i++) {
                path.append(i == 0 ? "M" : " L")
                        .append(n(sx.applyAsDouble(f.get(i).x())))
                        .append(',')
                        .append(n(sy.applyAsDouble(f.get(i).y())));
            }
            if (f.size() > 1) {
                sb.append("<path d=\"")
                        .append(path)
                        .append("\" fill=\"none\" stroke=\"")
                        .append(c)
                        .append("\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n");
            }
            for (Point p : e.getValue()) {
                sb.append("<circle cx=\"")
                        .append(n(sx.applyAsDouble(p.x())))
                        .append("\" cy=\"")
                        .append(n(sy.applyAsDouble(p.y())))
                        .append("\" r=\"4\" fill=\"")
                        .append(c)
                        .append("\"><title>")
                        .append(esc(e.getKey() + " " + p.label()))
                        .append("</title></circle>\n");
            }
            int ly = T + 14 + 18 * s;
            sb.append("<circle cx=\"")
                    .append(W - R + 15)
                    .append("\" cy=\"")
                    .append(ly - 4)
                    .append("\" r=\"4\" fill=\"")
                    .append(c)
                    .append("\"/>\n");
            sb.append("<text x=\"")
                    .append(W - R + 25)
                    .append("\" y=\"")
                    .append(ly)
                    .append("\">")
                    .append(esc(e.getKey()))
                    .append("</text>\n");
            s++;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
