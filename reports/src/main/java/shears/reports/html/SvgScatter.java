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
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"};
    private static final int W = 560;
    private static final int H = 380;
    private static final int L = 70;
    private static final int R = 150;
    private static final int T = 30;
    private static final int B = 50;

    public record Point(double x, double y, String label) {
    }

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
        sorted.sort((a, b) -> a.x() != b.x() ? Double.compare(a.x(), b.x())
                : Double.compare(higherYIsBetter ? b.y() : a.y(), higherYIsBetter ? a.y() : b.y()));
        List<Point> f = new ArrayList<>();
        for (Point p : sorted) {
            if (f.isEmpty() || (higherYIsBetter ? p.y() > f.get(f.size() - 1).y() : p.y() < f.get(f.size() - 1).y())) {
                f.add(p);
            }
        }
        return f;
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String tick(double v) {
        double a = Math.abs(v);
        return a != 0 && (a >= 1e5 || a < 1e-2) ? String.format(Locale.ROOT, "%.2g", v) : String.format(Locale.ROOT, "%.4g", v);
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
        double padX = (x1 - x0) * 0.08 + (x1 == x0 ? Math.abs(x0) * 0.1 + 1 : 0);
        double padY = (y1 - y0) * 0.08 + (y1 == y0 ? Math.abs(y0) * 0.1 + 1 : 0);
        final double ax = x0 - padX;
        final double bx = x1 + padX;
        final double ay = y0 - padY;
        final double by = y1 + padY;
        java.util.function.DoubleUnaryOperator sx = v -> L + (v - ax) / (bx - ax) * (W - L - R);
        java.util.function.DoubleUnaryOperator sy = v -> H - B - (v - ay) / (by - ay) * (H - T - B);
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append("<text x=\"").append(W / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">").append(esc(title)).append("</text>\n");
        sb.append("<rect x=\"").append(L).append("\" y=\"").append(T).append("\" width=\"").append(W - L - R).append("\" height=\"")
                .append(H - T - B).append("\" fill=\"none\" stroke=\"#444\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double vx = ax + (bx - ax) * i / 4;
            double vy = ay + (by - ay) * i / 4;
            sb.append("<text x=\"").append(n(sx.applyAsDouble(vx))).append("\" y=\"").append(H - B + 15)
                    .append("\" text-anchor=\"middle\">").append(tick(vx)).append("</text>\n");
            sb.append("<text x=\"").append(L - 5).append("\" y=\"").append(n(sy.applyAsDouble(vy) + 4))
                    .append("\" text-anchor=\"end\">").append(tick(vy)).append("</text>\n");
            sb.append("<line x1=\"").append(L).append("\" x2=\"").append(W - R).append("\" y1=\"").append(n(sy.applyAsDouble(vy)))
                    .append("\" y2=\"").append(n(sy.applyAsDouble(vy))).append("\" stroke=\"#eee\"/>\n");
        }
        sb.append("<text x=\"").append((L + W - R) / 2).append("\" y=\"").append(H - 12).append("\" text-anchor=\"middle\">")
                .append(esc(xLabel)).append("</text>\n");
        sb.append("<text transform=\"translate(16,").append((T + H - B) / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(esc(yLabel)).append("</text>\n");
        int s = 0;
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            String c = COLOURS[s % COLOURS.length];
            List<Point> f = front(e.getValue());
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < f.size(); i++) {
                path.append(i == 0 ? "M" : " L").append(n(sx.applyAsDouble(f.get(i).x()))).append(',').append(n(sy.applyAsDouble(f.get(i).y())));
            }
            if (f.size() > 1) {
                sb.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n");
            }
            for (Point p : e.getValue()) {
                sb.append("<circle cx=\"").append(n(sx.applyAsDouble(p.x()))).append("\" cy=\"").append(n(sy.applyAsDouble(p.y())))
                        .append("\" r=\"4\" fill=\"").append(c).append("\"><title>").append(esc(e.getKey() + " " + p.label()))
                        .append("</title></circle>\n");
            }
            int ly = T + 14 + 18 * s;
            sb.append("<circle cx=\"").append(W - R + 15).append("\" cy=\"").append(ly - 4).append("\" r=\"4\" fill=\"").append(c).append("\"/>\n");
            sb.append("<text x=\"").append(W - R + 25).append("\" y=\"").append(ly).append("\">").append(esc(e.getKey())).append("</text>\n");
            s++;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
