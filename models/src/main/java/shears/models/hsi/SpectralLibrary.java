package shears.models.hsi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * The spectra a scene is rendered with: every {@link Material}'s analytic spectrum, some replaced by
 * measured ones. The measured spectra are three ECOSTRESS library samples Debian ships in
 * {@code python3-spectral} (construction concrete, lichen, Acer rubrum leaf), fetched by
 * {@code shears data fetch}; each is interpolated linearly in wavelength.
 */
public final class SpectralLibrary {
    /** ECOSTRESS sample files in python3-spectral's test data and the material each stands for. */
    public static final Map<String, Material> ECOSTRESS = Map.of(
            "a.spectrum.txt", Material.CONCRETE,
            "b.spectrum.txt", Material.DRY_GRASS,
            "c.spectrum.txt", Material.LEAF);

    private final Map<Material, DoubleUnaryOperator> measured;
    private final String name;

    private SpectralLibrary(String name, Map<Material, DoubleUnaryOperator> measured) {
        this.name = name;
        this.measured = measured;
    }

    /** Analytic spectra only: what the embedded demo and tests use (no download). */
    public static SpectralLibrary analytic() {
        return new SpectralLibrary("analytic", new EnumMap<>(Material.class));
    }

    /** The analytic spectra with the ECOSTRESS samples found in {@code dir} in place of theirs. */
    public static SpectralLibrary withEcostress(Path dir) {
        Map<Material, DoubleUnaryOperator> m = new EnumMap<>(Material.class);
        for (Map.Entry<String, Material> e : new java.util.TreeMap<>(ECOSTRESS).entrySet()) {
            m.put(e.getValue(), readEcostress(dir.resolve(e.getKey())));
        }
        return new SpectralLibrary("ecostress", m);
    }

    public String name() {
        return name;
    }

    /** Reflectance (0..1) of {@code material} at {@code nm}. */
    public double reflectance(Material material, double nm) {
        DoubleUnaryOperator f = measured.get(material);
        return f != null ? f.applyAsDouble(nm) : material.reflectance(nm);
    }

    /**
     * An ECOSTRESS spectrum file: header lines of "Key: value", then pairs of wavelength (µm) and
     * reflectance (percent). Malformed input names the file and line.
     */
    static DoubleUnaryOperator readEcostress(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": cannot read (" + e.getMessage() + "); run 'shears data fetch'");
        }
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || !Character.isDigit(l.charAt(0))) {
                continue;
            }
            String[] f = l.split("\\s+");
            try {
                points.add(new double[] {Double.parseDouble(f[0]) * 1000, Double.parseDouble(f[1]) / 100});
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(
                        file + ": line " + (i + 1) + ": expected wavelength and reflectance, got '" + l + "'");
            }
        }
        points.sort(java.util.Comparator.comparingDouble(p -> p[0]));
        if (points.size() < 2 || points.get(0)[0] > 560 || points.get(points.size() - 1)[0] < 960) {
            throw new IllegalArgumentException(file + ": the spectrum must cover 560-960 nm");
        }
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        return nm -> interpolate(x, y, nm);
    }

    private static double interpolate(double[] x, double[] y, double at) {
        int i = java.util.Arrays.binarySearch(x, at);
        if (i >= 0) {
            return y[i];
        }
        int hi = Math.min(x.length - 1, Math.max(1, -i - 1));
        int lo = hi - 1;
        double f = (at - x[lo]) / (x[hi] - x[lo]);
        return y[lo] + Math.max(0, Math.min(1, f)) * (y[hi] - y[lo]);
    }
}
