package shears.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.models.data.DataCache;
import shears.models.hsi.Bands;
import shears.models.hsi.Envi;
import shears.models.hsi.HsiClass;
import shears.models.hsi.HsiImages;
import shears.models.hsi.IntCube;
import shears.models.hsi.Preprocess;
import shears.models.hsi.SensorModel;
import shears.models.hsi.SpectralLibrary;
import shears.models.hsi.SyntheticCapture;
import shears.models.io.Npy;
import shears.rtl.util.OutputDir;

/** {@code shears hsi ...}: hyperspectral driving scenes. */
@Command(
        name = "hsi",
        mixinStandardHelpOptions = true,
        description = "Hyperspectral-image segmentation: scenes, U-Net models, the streaming FPGA pipeline.",
        subcommands = {
            HsiCommand.SceneCmd.class,
            HsiTrainCommand.class,
            HsiCompressCommand.class,
            HsiEvalCommand.class,
            HsiPipelineCommand.GenCmd.class,
            HsiPipelineCommand.SimCmd.class
        })
final class HsiCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Suggestions.missingCommand(spec.commandLine());
    }

    @Command(
            name = "scene",
            mixinStandardHelpOptions = true,
            description =
                    "Generate a synthetic HSI driving scene as the 25-band snapshot camera records it: raw mosaic, dark and white "
                            + "references, the calibrated 12-bit reflectance cube (ENVI), the label map and pictures.")
    static final class SceneCmd implements Callable<Integer> {
        @Option(names = "--seed", defaultValue = "1", description = "Scene and noise seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--width",
                defaultValue = "409",
                description = "Super-pixels per row (default: ${DEFAULT-VALUE}, HSI-Drive's crop).")
        int width;

        @Option(names = "--height", defaultValue = "216", description = "Rows (default: ${DEFAULT-VALUE}).")
        int height;

        @Option(
                names = "--spectra",
                defaultValue = "analytic",
                description =
                        "analytic, or ecostress: measured concrete, lichen and leaf spectra from 'shears data fetch' (default: ${DEFAULT-VALUE}).")
        String spectra;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @CommandLine.Mixin
        ForceOption force = new ForceOption();

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (width < 8 || height < 8 || (long) width * height > 4_000_000) {
                throw new UserException(
                        "--width and --height must be at least 8 and give at most 4,000,000 pixels, got " + width + "x"
                                + height);
            }
            SpectralLibrary library = library(spectra);
            OutputDir.probe("--out", out, "hsi scene", force.force);
            SyntheticCapture c = SyntheticCapture.of(seed, width, height, library);
            Map<String, byte[]> files = new TreeMap<>();
            files.put("raw.npy", frame(c.raw()));
            files.put("dark.npy", frame(c.dark()));
            files.put("white.npy", frame(c.white()));
            files.putAll(Envi.write(
                    "reflectance",
                    c.reflectance(),
                    Bands.centresNm(),
                    "Shears synthetic scene, seed " + seed + ", calibrated reflectance, 12 bits (4095 = white panel)"));
            double[] labels = new double[c.labels().length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = c.labels()[i];
            }
            files.put("labels.npy", Npy.encode(new Npy.Array(new int[] {height, width}, labels), Npy.Type.UINT8));
            int scale = Math.max(1, 800 / Math.max(width, height));
            files.put("labels.png", HsiImages.labels(c.labels(), width, height, scale));
            files.put("false-colour.png", HsiImages.falseColour(c.reflectance(), HsiImages.FALSE_COLOUR_BANDS, scale));
            Map<String, Object> summary = summary(c, library);
            files.put("scene.json", (Json.of(summary) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (OutputDir dir = OutputDir.open("--out", out, "hsi scene", force.force)) {
                dir.writeAllBytes(files);
                dir.commit();
            }
            var w = spec.commandLine().getOut();
            if (json) {
                w.println(Json.of(summary));
            } else {
                w.printf(
                        "scene seed %d: %d x %d pixels x %d bands (%s spectra), raw mosaic %d x %d%n",
                        seed,
                        width,
                        height,
                        Bands.COUNT,
                        library.name(),
                        c.raw().width(),
                        c.raw().height());
                @SuppressWarnings("unchecked")
                Map<String, Double> fr = (Map<String, Double>) summary.get("classFractions");
                fr.forEach((k, v) -> w.printf("  %-13s %6.2f %%%n", k, 100 * v));
                w.printf("wrote %s (%d files)%n", out, files.size());
            }
            return 0;
        }

        private static SpectralLibrary library(String name) {
            return switch (name) {
                case "analytic" -> SpectralLibrary.analytic();
                case "ecostress" -> {
                    Path dir = DataCache.spectra();
                    if (!SpectralLibrary.ECOSTRESS.keySet().stream()
                            .allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
                        throw new UserException("--spectra ecostress needs the ECOSTRESS spectra in " + dir
                                + ": run 'shears data fetch'");
                    }
                    yield SpectralLibrary.withEcostress(dir);
                }
                default -> throw new UserException("--spectra must be analytic or ecostress, got '" + name + "'");
            };
        }

        private static byte[] frame(SensorModel.Frame f) {
            double[] v = new double[f.dn().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.dn()[i];
            }
            return Npy.encode(new Npy.Array(new int[] {f.height(), f.width()}, v), Npy.Type.UINT16);
        }

        private Map<String, Object> summary(SyntheticCapture c, SpectralLibrary library) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", seed);
            m.put("width", width);
            m.put("height", height);
            m.put("bands", Bands.COUNT);
            m.put("bandCentresNm", Bands.centresNm());
            m.put("spectra", library.name());
            m.put(
                    "classes",
                    List.of(HsiClass.values()).stream().map(HsiClass::label).toList());
            long[] count = new long[HsiClass.count()];
            for (byte l : c.labels()) {
                count[l]++;
            }
            Map<String, Double> fr = new LinkedHashMap<>();
            for (HsiClass k : HsiClass.values()) {
                fr.put(k.label(), count[k.ordinal()] / (double) c.labels().length);
            }
            m.put("classFractions", fr);
            Map<String, Object> cal = new LinkedHashMap<>();
            cal.put("bits", Preprocess.BITS);
            cal.put("gainShift", Preprocess.GAIN_SHIFT);
            cal.put("dark", c.calibration().dark());
            cal.put("gain", c.calibration().gain());
            m.put("calibration", cal);
            IntCube r = c.reflectance();
            m.put("reflectanceFile", "reflectance.hdr");
            m.put("cubeValues", r.values().length);
            return m;
        }
    }
}
