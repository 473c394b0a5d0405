package shears.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.models.hsi.Confusion;
import shears.models.hsi.Envi;
import shears.models.hsi.HsiClass;
import shears.models.hsi.HsiExperiment;
import shears.models.hsi.HsiImages;
import shears.models.hsi.IntCube;
import shears.models.hsi.Preprocess;
import shears.models.hsi.SpectralLibrary;
import shears.models.hsi.SyntheticCapture;
import shears.models.io.ModelBundle;
import shears.models.io.ModelFiles;
import shears.models.io.ModelFormatException;
import shears.models.io.Npy;
import shears.models.nn.Network;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;
import shears.rtl.util.OutputDir;

/** {@code shears hsi eval}: a saved U-Net on a calibrated cube (a user's, or a synthetic scene) with its labels. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description =
                "Segment a calibrated 12-bit reflectance cube (ENVI .hdr, as 'hsi scene' writes it) with a model saved by 'hsi train', "
                        + "score it against a label map (.npy or 8-bit grey PNG of class indices) and write the predicted label map.")
final class HsiEvalCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "A model saved by 'shears hsi train --out DIR'.")
    Path model;

    @Option(
            names = "--cube",
            paramLabel = "F.hdr",
            description = "Calibrated reflectance cube (default: a synthetic scene of --seed).")
    Path cube;

    @Option(
            names = "--labels",
            paramLabel = "F",
            description = "Label map, .npy [rows, columns] or grey PNG (required with --cube).")
    Path labels;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Synthetic scene seed when no --cube is given (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Write predicted.png (and truth.png) here.")
    Path out;

    @CommandLine.Mixin
    ForceOption force = new ForceOption();

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((cube == null) != (labels == null)) {
            throw new UserException("--cube and --labels go together");
        }
        if (cube != null && spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            throw new UserException("--seed applies only without --cube (it draws the synthetic scene)");
        }
        if (out != null) {
            OutputDir.probe("--out", out, "hsi eval", force.force);
        }
        ModelBundle b = ModelFiles.load(model);
        if (!b.networks().containsKey("unet") || !"hsi-unet".equals(b.metadata().get("kind"))) {
            throw new UserException(model + ": not an HSI U-Net (save one with 'shears hsi train --out DIR')");
        }
        Network trained = b.network("unet");
        Preprocess.Norm norm =
                Preprocess.Norm.valueOf(b.metadata().getOrDefault("norm", "l1").toUpperCase(Locale.ROOT));
        IntCube c;
        int[] truth;
        if (cube == null) {
            SyntheticCapture s = SyntheticCapture.of(seed, 400, 216, SpectralLibrary.analytic());
            c = s.reflectance();
            truth = ints(s.labels());
        } else {
            c = Envi.read(cube).toIntCube();
            truth = readLabels(labels, c.width(), c.height());
        }
        if (c.bands() != trained.inputShape().channels()) {
            throw new UserException((cube == null ? "scene" : cube.toString()) + ": " + c.bands()
                    + " bands, the model reads " + trained.inputShape().channels());
        }
        int unit = 1 << Integer.parseInt(b.metadata().getOrDefault("depth", "2"));
        int h = c.height() / unit * unit;
        int w = c.width() / unit * unit;
        if (h == 0 || w == 0) {
            throw new UserException("the cube (" + c.width() + "x" + c.height() + ") is smaller than the model's "
                    + unit + "x" + unit + " unit");
        }
        IntCube cropped = HsiExperiment.crop(c, 0, 0, w, h);
        int[] t = crop(truth, c.width(), w, h);
        Tensor x = HsiExperiment.tensor(Preprocess.normalise(cropped, norm), HsiExperiment.inputScale(norm));
        Network net = trained.withInputShape(new Shape(c.bands(), h, w));
        int[] predicted = HsiExperiment.argmax(net.forward(x));
        Confusion conf = Confusion.empty(net.outputShape().channels());
        conf.add(t, predicted);
        if (out != null) {
            try (OutputDir dir = OutputDir.open("--out", out, "hsi eval", force.force)) {
                dir.write("predicted.png", HsiImages.labels(predicted, w, h, 2));
                dir.write("truth.png", HsiImages.labels(t, w, h, 2));
                dir.commit();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cube", cube == null ? "synthetic seed " + seed : cube.toString());
        m.put("evaluated", w + "x" + h);
        m.put("mIoU", conf.meanIou());
        m.put("pixelAccuracy", conf.pixelAccuracy());
        Map<String, Double> per = new LinkedHashMap<>();
        for (HsiClass k : HsiClass.values()) {
            per.put(k.label(), conf.iou()[k.ordinal()]);
        }
        m.put("perClassIoU", per);
        var wr = spec.commandLine().getOut();
        if (json) {
            wr.println(Json.of(m));
        } else {
            wr.printf(
                    "%s (%s): mIoU %.3f, pixel accuracy %.3f%n",
                    m.get("cube"), m.get("evaluated"), conf.meanIou(), conf.pixelAccuracy());
            per.forEach((k, v) ->
                    wr.printf("  %-13s %s%n", k, Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v)));
        }
        return 0;
    }

    private static int[] readLabels(Path f, int width, int height) {
        int[] l;
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            Npy.Array a = Npy.read(f);
            if (a.shape().length != 2 || a.shape()[0] != height || a.shape()[1] != width) {
                throw new ModelFormatException(f + ": shape " + java.util.Arrays.toString(a.shape())
                        + ", the cube needs [" + height + ", " + width + "]");
            }
            l = new int[a.values().length];
            for (int i = 0; i < l.length; i++) {
                l[i] = (int) a.values()[i];
            }
        } else if (name.endsWith(".png")) {
            BufferedImage img;
            try {
                img = javax.imageio.ImageIO.read(f.toFile());
            } catch (IOException e) {
                throw new ModelFormatException(f + ": cannot read (" + e.getMessage() + ")");
            }
            if (img == null || img.getWidth() != width || img.getHeight() != height) {
                throw new ModelFormatException(f + ": not a " + width + "x" + height + " PNG");
            }
            l = new int[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    l[y * width + x] = img.getRaster().getSample(x, y, 0);
                }
            }
        } else {
            throw new UserException(f + ": labels must be .npy or .png");
        }
        for (int i = 0; i < l.length; i++) {
            if (l[i] >= HsiClass.count() || l[i] < -1) {
                throw new ModelFormatException(f + ": label " + l[i] + " at pixel (" + i % width + ", " + i / width
                        + ") is not a class (0.." + (HsiClass.count() - 1) + ", or -1 unlabelled)");
            }
        }
        return l;
    }

    private static int[] crop(int[] l, int width, int w, int h) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(l, y * width, out, y * w, w);
        }
        return out;
    }

    private static int[] ints(byte[] b) {
        int[] v = new int[b.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = b[i];
        }
        return v;
    }
}
