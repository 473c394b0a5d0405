package shears.models.hsi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import shears.models.nn.Conv;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Quantizer;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;
import shears.models.train.SegmentationTrainer;
import shears.models.train.TrainConfig;

/**
 * Training and evaluating segmentation models on synthetic scenes: scenes captured by the camera
 * model, preprocessed with the fixed-point reference (calibration, then the chosen normalisation),
 * fed to a U-Net as floats ({@code y / 4096}, times the band count after L1 normalisation so values
 * sit near 1). Also the per-pixel linear baseline: softmax regression on calibrated spectra.
 */
public final class HsiExperiment {
    private HsiExperiment() {}

    /**
     * What a run trains on and how.
     *
     * @param unet         the architecture
     * @param trainCrops   training samples: crops of {@value #CROPS_PER_SCENE} per full-size (409x216) scene
     * @param testCrops    test samples, from other scenes
     * @param height       crop rows
     * @param width        crop columns
     * @param norm         pixel normalisation before the network
     * @param epochs       training epochs
     * @param batchSize    images per Adam step
     * @param learningRate Adam's step size
     * @param seed         initialisation and shuffling seed
     */
    public record Settings(
            UNet unet,
            int trainCrops,
            int testCrops,
            int height,
            int width,
            Preprocess.Norm norm,
            int epochs,
            int batchSize,
            double learningRate,
            long seed) {
        public Settings {
            if (trainCrops < 1 || testCrops < 1 || epochs < 0 || batchSize < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException(
                        "scenes, epochs, batch size and learning rate must be positive: " + this);
            }
            unet.build(height, width); // size check, with the layer named
        }

        /** The default deployable model on 64x128 crops: 160 training crops (40 scenes), 40 test crops (10 scenes), 30 epochs. */
        public static Settings deployable(long seed) {
            return new Settings(UNet.deployable(), 160, 40, 64, 128, Preprocess.Norm.L1, 30, 8, 3e-3, seed);
        }

        /** The baseline (depth 4, 16 filters) on the same data. */
        public static Settings baseline(long seed) {
            return new Settings(UNet.baseline(), 160, 40, 64, 128, Preprocess.Norm.L1, 30, 8, 1e-3, seed);
        }
    }

    /** Images (network inputs) and label maps of a set of scenes. */
    public record Data(List<Tensor> images, List<Tensor> calibrated, List<int[]> labels) {}

    /** Crops taken from each full-size scene. */
    public static final int CROPS_PER_SCENE = 4;
    /** Full-size scenes are HSI-Drive's cube: 409 x 216 super-pixels. */
    public static final int FRAME_WIDTH = 409;

    public static final int FRAME_HEIGHT = 216;

    /**
     * {@code count} crops of the settings' size from full-size scenes {@code first}, {@code first + 1}, ...
     * ({@value #CROPS_PER_SCENE} per scene, at seeded positions), captured and preprocessed on the whole frame.
     */
    public static Data data(Settings s, long first, int count, SpectralLibrary library) {
        List<Tensor> images = new ArrayList<>();
        List<Tensor> calibrated = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        double scale = inputScale(s.norm());
        for (int i = 0; i < count; i += CROPS_PER_SCENE) {
            long seed = first + i / CROPS_PER_SCENE;
            SyntheticCapture c = SyntheticCapture.of(seed, FRAME_WIDTH, FRAME_HEIGHT, library);
            IntCube norm = Preprocess.normalise(c.reflectance(), s.norm());
            java.util.SplittableRandom at = new java.util.SplittableRandom(seed * 7919);
            for (int k = 0; k < CROPS_PER_SCENE && i + k < count; k++) {
                int x0 = at.nextInt(FRAME_WIDTH - s.width() + 1);
                int y0 = at.nextInt(FRAME_HEIGHT - s.height() + 1);
                calibrated.add(tensor(crop(c.reflectance(), x0, y0, s.width(), s.height()), 1.0 / 4096));
                images.add(tensor(crop(norm, x0, y0, s.width(), s.height()), scale));
                int[] l = new int[s.width() * s.height()];
                for (int y = 0; y < s.height(); y++) {
                    for (int x = 0; x < s.width(); x++) {
                        l[y * s.width() + x] = c.labels()[(y0 + y) * FRAME_WIDTH + x0 + x];
                    }
                }
                labels.add(l);
            }
        }
        return new Data(images, calibrated, labels);
    }

    /** The {@code w} x {@code h} window of {@code c} at ({@code x0}, {@code y0}). */
    public static IntCube crop(IntCube c, int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || x0 + w > c.width() || y0 + h > c.height()) {
            throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + x0 + ", " + y0 + ") exceeds the "
                    + c.width() + "x" + c.height() + " cube");
        }
        int[] v = new int[w * h * c.bands()];
        for (int y = 0; y < h; y++) {
            System.arraycopy(c.values(), ((y0 + y) * c.width() + x0) * c.bands(), v, y * w * c.bands(), w * c.bands());
        }
        return new IntCube(w, h, c.bands(), v);
    }

    /**
     * What a preprocessed 12-bit value is multiplied by to feed the network: 1/4096, times the band count
     * after L1 normalisation (whose values sum to 4096 over the bands) so inputs sit near 1.
     */
    public static double inputScale(Preprocess.Norm norm) {
        return norm == Preprocess.Norm.L1 ? Bands.COUNT / 4096.0 : 1.0 / 4096;
    }

    /** A BIP cube as a channel-major tensor, each value times {@code scale}. */
    public static Tensor tensor(IntCube c, double scale) {
        Tensor t = new Tensor(new Shape(c.bands(), c.height(), c.width()));
        int plane = c.width() * c.height();
        for (int p = 0; p < plane; p++) {
            for (int b = 0; b < c.bands(); b++) {
                t.data()[b * plane + p] = c.values()[p * c.bands() + b] * scale;
            }
        }
        return t;
    }

    /** A trained model and how it scores. */
    public record Result(Network network, Confusion test, List<Double> lossHistory, double trainSeconds) {}

    /** Trains {@code net} (initialised here from the seed) on {@code train}; scores it on {@code test}. */
    public static Result train(
            Network net, Data train, Data test, Settings s, boolean calibratedInput, Consumer<String> progress) {
        net.initialize(s.seed());
        SegmentationTrainer trainer = new SegmentationTrainer(
                net,
                SegmentationTrainer.balancedWeights(
                        train.labels(), net.outputShape().channels(), 10));
        long t0 = System.nanoTime();
        List<Tensor> in = calibratedInput ? train.calibrated() : train.images();
        List<Double> loss = trainer.fit(
                in,
                train.labels(),
                TrainConfig.of(s.epochs(), s.batchSize(), s.learningRate(), s.seed()),
                epoch -> progress.accept(String.format(java.util.Locale.ROOT, "epoch %d/%d", epoch, s.epochs())));
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(
                net, evaluate(net, calibratedInput ? test.calibrated() : test.images(), test.labels()), loss, seconds);
    }

    /**
     * The U-Net of {@code s} trained on {@code train}: loaded from the model cache when an earlier run
     * saved it (the key covers every setting that decides the weights), else trained and saved there.
     */
    public static Network trained(Settings s, Data train, Data test, Consumer<String> progress) {
        java.nio.file.Path dir = shears.models.data.DataCache.models().resolve(cacheKey(s));
        Network net = s.unet().build(s.height(), s.width());
        if (java.nio.file.Files.isRegularFile(dir.resolve("model.json"))) {
            try {
                net.copyParametersFrom(shears.models.io.ModelFiles.load(dir).network("unet"));
                progress.accept("loaded from the model cache " + dir);
                return net;
            } catch (RuntimeException e) {
                progress.accept("ignoring unreadable cached model " + dir + ": " + e.getMessage());
            }
        }
        train(net, train, test, s, false, progress);
        cache(s, net, progress);
        return net;
    }

    /** Keeps {@code net}, trained with {@code s}, in the model cache for {@link #trained}. */
    public static void cache(Settings s, Network net, Consumer<String> progress) {
        java.nio.file.Path dir = shears.models.data.DataCache.models().resolve(cacheKey(s));
        try {
            shears.models.io.ModelFiles.save(
                    dir,
                    new shears.models.io.ModelBundle(
                            java.util.Map.of("unet", net),
                            java.util.Map.of(),
                            java.util.Map.of(),
                            java.util.Map.of("kind", "hsi-unet", "settings", s.toString())));
        } catch (RuntimeException e) {
            progress.accept("could not cache the trained model in " + dir + ": " + e.getMessage());
        }
    }

    static String cacheKey(Settings s) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "hsi-unet-" + java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fine-tunes {@code net} (weights as given, not re-initialised) for {@code epochs} on {@code train}. */
    public static void fineTune(
            Network net, Data train, List<Tensor> images, Settings s, int epochs, Consumer<String> progress) {
        fineTune(net, null, train, images, s, epochs, 0, progress);
    }

    /**
     * As above, with the weights {@code masks} prunes (or null) held at zero throughout; with
     * {@code fakeQuantBits} > 0 every pass sees the weights rounded to that many bits (quantisation-aware).
     */
    public static void fineTune(
            Network net,
            Masks masks,
            Data train,
            List<Tensor> images,
            Settings s,
            int epochs,
            int fakeQuantBits,
            Consumer<String> progress) {
        SegmentationTrainer trainer = new SegmentationTrainer(
                net,
                SegmentationTrainer.balancedWeights(
                        train.labels(), net.outputShape().channels(), 10),
                masks);
        String what =
                fakeQuantBits > 0 ? "quantisation-aware (" + fakeQuantBits + "-bit weights) epoch" : "fine-tune epoch";
        trainer.fit(
                images,
                train.labels(),
                new TrainConfig(
                        epochs, s.batchSize(), s.learningRate() / 3, s.seed() + 1 + fakeQuantBits, fakeQuantBits),
                epoch -> progress.accept(String.format(java.util.Locale.ROOT, "%s %d/%d", what, epoch, epochs)));
    }

    /** The confusion matrix of {@code net}'s arg-max predictions. */
    public static Confusion evaluate(Network net, List<Tensor> images, List<int[]> labels) {
        Confusion c = Confusion.empty(net.outputShape().channels());
        for (int i = 0; i < images.size(); i++) {
            c.add(labels.get(i), argmax(net.forward(images.get(i))));
        }
        return c;
    }

    /** The confusion matrix of the integer golden model's arg-max predictions (int8 activations, the network's weight bits). */
    public static Confusion evaluate(QuantizedNetwork q, List<Tensor> images, List<int[]> labels) {
        Confusion c = Confusion.empty(q.network().outputShape().channels());
        for (int i = 0; i < images.size(); i++) {
            IntTensor[] acts = IntegerModel.run(q, q.quantizeInput(images.get(i)));
            c.add(labels.get(i), IntegerModel.argmax(acts[acts.length - 1]));
        }
        return c;
    }

    /** Post-training quantisation of {@code net}, calibrated on up to 16 of {@code calibration}. */
    public static QuantizedNetwork quantize(Network net, List<Tensor> calibration, int weightBits) {
        return Quantizer.quantize(net, calibration.subList(0, Math.min(16, calibration.size())), weightBits);
    }

    /** The class of highest logit at each pixel (ties to the lower class). */
    public static int[] argmax(Tensor logits) {
        int classes = logits.shape().channels();
        int spatial = logits.shape().spatial();
        int[] out = new int[spatial];
        double[] v = logits.data();
        for (int s = 0; s < spatial; s++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (v[c * spatial + s] > v[best * spatial + s]) {
                    best = c;
                }
            }
            out[s] = best;
        }
        return out;
    }

    /** The per-pixel linear classifier: one 1x1 convolution from the bands to the classes. */
    public static Network linear(Settings s) {
        Network.Builder b = Network.builder(new Shape(s.unet().bands(), s.height(), s.width()));
        b.add("linear", Conv.pointwise2d(s.unet().bands(), s.unet().classes()));
        return b.build();
    }
}
