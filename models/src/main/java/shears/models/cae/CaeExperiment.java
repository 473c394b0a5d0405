package shears.models.cae;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.models.data.LfpGenerator;
import shears.models.data.LfpParams;
import shears.models.data.Recording;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.prune.BalancedStochastic;
import shears.models.prune.FineTuner;
import shears.models.prune.LotteryTicket;
import shears.models.prune.Magnitude;
import shears.models.prune.NOfM;
import shears.models.prune.PolarizationGating;
import shears.models.prune.PruneRequest;
import shears.models.prune.PruneResult;
import shears.models.prune.PruningStrategy;
import shears.models.prune.StorageCost;
import shears.models.prune.Structured;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Quantizer;
import shears.models.tensor.Tensor;
import shears.models.train.Regularizer;
import shears.models.train.TrainConfig;
import shears.models.train.Trainer;

/**
 * Trains a DS-CAE on synthetic LFP from a seed, quantises its encoder, and prunes it with each
 * requested strategy and sparsity (fine-tuning encoder and decoder under the mask), reporting
 * SNDR and R² of every version on held-out windows. The encoder is what runs on chip, so only it is
 * pruned and quantised; the decoder stays float.
 */
public final class CaeExperiment {
    private static final Logger LOG = LoggerFactory.getLogger(CaeExperiment.class);

    /** Every strategy name {@link #strategy} accepts. */
    public static final List<String> STRATEGIES =
            CaeStrategy.PRUNING.stream().map(CaeStrategy::id).toList();

    /**
     * Settings of one run. {@code pes} is the PE count balanced pruning targets; {@code fineTuneEpochs}
     * is used after pruning and per lottery round; {@code qat} fine-tunes pruned encoders with
     * fake-quantised weights; {@code recording} replaces the synthetic data when non-null.
     */
    public record Settings(
            CaeConfig cae,
            LfpParams lfp,
            int trainWindows,
            int testWindows,
            int epochs,
            int fineTuneEpochs,
            int batchSize,
            double learningRate,
            long seed,
            int pes,
            int weightBits,
            Recording recording,
            boolean qat) {
        public Settings {
            if (trainWindows < 1 || testWindows < 1) {
                throw new IllegalArgumentException("need at least one training and one test window");
            }
            if (recording != null && recording.channels() != cae.channels()) {
                throw new IllegalArgumentException(
                        "model has " + cae.channels() + " channels, the recording " + recording.channels());
            }
            if (recording == null && cae.channels() != lfp.channels()) {
                throw new IllegalArgumentException("model has " + cae.channels() + " channels, data " + lfp.channels());
            }
            if (weightBits != 8 && weightBits != 4) {
                throw new IllegalArgumentException("weight bits must be 8 or 4");
            }
        }

        public static Settings defaults(long seed) {
            CaeConfig c = CaeConfig.defaults();
            return new Settings(
                    c,
                    LfpParams.defaults().withChannels(c.channels()),
                    2000,
                    200,
                    30,
                    6,
                    8,
                    2e-3,
                    seed,
                    8,
                    8,
                    null,
                    false);
        }

        /** The same settings with balanced pruning targeting {@code p} PEs. */
        public Settings withPes(int p) {
            return copy(cae, lfp, seed, p, weightBits);
        }

        /** The same settings quantising the encoder's weights to {@code bits}. */
        public Settings withWeightBits(int bits) {
            return copy(cae, lfp, seed, pes, bits);
        }

        public Settings with(CaeConfig c) {
            return with(c, seed);
        }

        /** These settings for a model of configuration {@code c} made with seed {@code modelSeed}. */
        public Settings with(CaeConfig c, long modelSeed) {
            return copy(c, lfp.withChannels(c.channels()), modelSeed, pes, weightBits);
        }

        private Settings copy(CaeConfig c, LfpParams l, long modelSeed, int p, int bits) {
            return new Settings(
                    c,
                    l,
                    trainWindows,
                    testWindows,
                    epochs,
                    fineTuneEpochs,
                    batchSize,
                    learningRate,
                    modelSeed,
                    p,
                    bits,
                    recording,
                    qat);
        }
    }

    /** A trained model and its data, from which pruned versions are derived. */
    public record Trained(
            Settings settings,
            Network encoder,
            Network decoder,
            Network rewindEncoder,
            Network rewindDecoder,
            List<Tensor> train,
            List<Tensor> test,
            double fullScaleUv) {
        /**
         * This model with its weights quantised to {@code bits}: the float networks are the same, so
         * only quantisation and pruning change. A quantisation-aware model was trained for its own
         * bit width and is refused.
         */
        public Trained withWeightBits(int bits) {
            if (bits == settings.weightBits()) {
                return this;
            }
            if (settings.qat()) {
                throw new IllegalArgumentException("a quantisation-aware model was trained for " + settings.weightBits()
                        + "-bit weights; train one for " + bits + " bits");
            }
            return new Trained(
                    settings.withWeightBits(bits),
                    encoder,
                    decoder,
                    rewindEncoder,
                    rewindDecoder,
                    train,
                    test,
                    fullScaleUv);
        }
    }

    private CaeExperiment() {}

    /** The run's training and test windows and the full scale they were normalised by. */
    private record Data(List<Tensor> train, List<Tensor> test, double fullScale) {}

    private static Data data(Settings s) {
        int w = s.cae().window();
        Recording trainRec;
        Recording testRec;
        if (s.recording() != null) { // user data: the first 90 % of windows train, the rest test
            Recording r = s.recording();
            int windows = r.length() / w;
            if (windows < 2) {
                throw new IllegalArgumentException(
                        "the recording holds " + r.length() + " samples, fewer than two windows of " + w);
            }
            int split = Math.max(1, Math.min(windows - 1, (int) Math.round(windows * 0.9))) * w;
            trainRec = slice(r, 0, split);
            testRec = slice(r, split, windows * w);
        } else {
            LfpGenerator gen = new LfpGenerator(s.lfp());
            trainRec = gen.generate(w * s.trainWindows(), s.seed());
            testRec = gen.generate(w * s.testWindows(), s.seed() + 7_919);
        }
        double fullScale = trainRec.maxAbs();
        return new Data(trainRec.windows(w, fullScale), testRec.windows(w, fullScale), fullScale);
    }

    /**
     * A trained model restored from files: the data is regenerated from the settings (same seed,
     * same windows); there is no lottery-ticket rewind point.
     */
    public static Trained restore(Settings s, Network encoder, Network decoder) {
        Data d = data(s);
        return new Trained(s, encoder, decoder, null, null, d.train(), d.test(), d.fullScale());
    }

    /** Generates data and trains the float model (progress at INFO every epoch). */
    public static Trained train(Settings s) {
        Data d = data(s);
        List<Tensor> train = d.train();
        List<Tensor> test = d.test();
        double fullScale = d.fullScale();
        Network enc = DsCae.encoder(s.cae());
        Network dec = DsCae.decoder(s.cae());
        enc.initialize(s.seed() * 31 + 1);
        dec.initialize(s.seed() * 31 + 2);
        Trainer trainer = Trainer.of(enc, dec);
        Network rewindEnc = null;
        Network rewindDec = null;
        for (int e = 0; e < s.epochs(); e++) {
            trainer.fit(train, train, config(s, e, s.epochs()));
            if (e == 0) { // lottery-ticket rewind point: after the first epoch
                rewindEnc = enc.copy();
                rewindDec = dec.copy();
            }
            LOG.info(
                    "train epoch {}/{}: test SNDR {} dB",
                    e + 1,
                    s.epochs(),
                    String.format("%.2f", evaluate(enc, dec, test).sndrDb()));
        }
        return new Trained(s, enc, dec, rewindEnc, rewindDec, train, test, fullScale);
    }

    private static Recording slice(Recording r, int from, int to) {
        double[][] s = new double[r.channels()][];
        for (int c = 0; c < s.length; c++) {
            s[c] = java.util.Arrays.copyOfRange(r.samples()[c], from, to);
        }
        return new Recording(s, r.sampleRateHz());
    }

    /** Cosine decay from the base learning rate to 5 % of it over the run. */
    private static TrainConfig config(Settings s, int epoch, int epochs) {
        double lr = s.learningRate() * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * epoch / Math.max(1, epochs - 1))));
        return TrainConfig.of(1, s.batchSize(), lr, s.seed() * 1_000 + epoch);
    }

    /** Float model, int8 (or int4) encoder, then each strategy x sparsity pruned and quantised. */
    public static List<CaeResult> run(
            Trained t, List<String> strategies, List<Double> sparsities, Consumer<CaeResult> onResult) {
        Settings s = t.settings();
        List<CaeResult> results = new ArrayList<>();
        Reconstruction f = evaluate(t.encoder(), t.decoder(), t.test());
        StorageCost dense = denseCost(t.encoder(), s.weightBits());
        add(
                results,
                onResult,
                new CaeResult(
                        "float",
                        "none",
                        0,
                        0,
                        f.sndrDb(),
                        f.r2(),
                        denseCost(t.encoder(), 32).weightBits(),
                        0,
                        0));
        QuantizedNetwork q = Quantizer.quantize(t.encoder(), calibration(t), s.weightBits());
        Reconstruction qr = evaluateQuantized(q, t.decoder(), t.test());
        add(
                results,
                onResult,
                new CaeResult(precision(s), "none", 0, 0, qr.sndrDb(), qr.r2(), dense.weightBits(), 0, 0));
        for (String name : strategies) {
            for (double sparsity : sparsities) {
                Pruned p = prune(t, CaeStrategy.of(name), sparsity, s.pes());
                PruneResult pr = p.result();
                Reconstruction r = evaluateQuantized(p.quantized(), p.decoder(), t.test());
                StorageCost c = pr.storage();
                add(
                        results,
                        onResult,
                        new CaeResult(
                                precision(s),
                                name,
                                sparsity,
                                pr.achievedSparsity(),
                                r.sndrDb(),
                                r.r2(),
                                c.weightBits(),
                                c.indexBits(),
                                c.metadataBits()));
            }
        }
        return results;
    }

    /** A pruned, fine-tuned and quantised encoder with its fine-tuned decoder. */
    public record Pruned(Network encoder, Network decoder, PruneResult result, QuantizedNetwork quantized) {}

    /** Prunes copies of the trained model with a named strategy ({@code pes}: balanced pruning's PE count), fine-tunes, quantises. */
    public static Pruned prune(Trained t, CaeStrategy strategy, double sparsity, int pes) {
        return prune(t, strategy, sparsity, pes, Map.of());
    }

    /** As above, with the layers {@code layerSparsity} names pruned to their own targets (magnitude and balanced). */
    public static Pruned prune(
            Trained t, CaeStrategy strategy, double sparsity, int pes, Map<String, Double> layerSparsity) {
        Settings s = t.settings().withPes(pes);
        Network enc = t.encoder().copy();
        Network dec = t.decoder().copy();
        PruneResult pr = strategy(strategy, s, t, dec)
                .prune(new PruneRequest(enc, sparsity, s.seed(), s.weightBits(), layerSparsity));
        Network pruned = pr.maskedNetwork(enc);
        fineTune(s, t, pruned, dec, pr.masks(), Regularizer.NONE, s.fineTuneEpochs());
        return new Pruned(pruned, dec, pr, Quantizer.quantize(pruned, calibration(t), s.weightBits()));
    }

    /** The trained encoder quantised with the run's calibration windows. */
    public static QuantizedNetwork quantize(Trained t) {
        return Quantizer.quantize(t.encoder(), calibration(t), t.settings().weightBits());
    }

    private static void add(List<CaeResult> results, Consumer<CaeResult> onResult, CaeResult r) {
        results.add(r);
        onResult.accept(r);
    }

    private static String precision(Settings s) {
        return "int" + s.weightBits();
    }

    /** The strategy configured for this run (training strategies fine-tune with the run's decoder). */
    public static PruningStrategy strategy(CaeStrategy name, Settings s, Trained t, Network decoder) {
        FineTuner tuner = (net, masks, reg, epochs) -> fineTune(s, t, net, decoder, masks, reg, epochs);
        return switch (name) {
            case DENSE ->
                throw new IllegalArgumentException("strategy 'dense' keeps every weight: there is nothing to prune");
            case MAGNITUDE -> new Magnitude(false);
            case MAGNITUDE_GLOBAL -> new Magnitude(true);
            case BALANCED -> new BalancedStochastic(s.pes(), 16);
            case N_OF_M -> new NOfM(8);
            case STRUCTURED -> new Structured();
            case LOTTERY ->
                new LotteryTicket(
                        (net, masks, reg, epochs) -> {
                            decoder.copyParametersFrom(t.rewindDecoder());
                            fineTune(s, t, net, decoder, masks, reg, epochs);
                        },
                        t.rewindEncoder(),
                        3,
                        s.fineTuneEpochs());
            case GATING -> new PolarizationGating(tuner, s.fineTuneEpochs(), 1e-4, 1.0);
        };
    }

    private static void fineTune(
            Settings s, Trained t, Network enc, Network dec, Masks masks, Regularizer reg, int epochs) {
        List<Masks> m = new ArrayList<>();
        m.add(masks);
        m.add(null);
        Trainer trainer = new Trainer(List.of(enc, dec), m, reg);
        for (int e = 0; e < epochs; e++) {
            trainer.fit(
                    t.train(),
                    t.train(),
                    new TrainConfig(
                            1, s.batchSize(), s.learningRate() * 0.2, s.seed() * 7 + e, s.qat() ? s.weightBits() : 0));
        }
    }

    private static List<Tensor> calibration(Trained t) {
        return t.train().subList(0, Math.min(256, t.train().size()));
    }

    private static StorageCost denseCost(Network enc, int bits) {
        long w = 0;
        long b = 0;
        for (int n : enc.prunableNodes()) {
            w += enc.weights(n).length;
            b += enc.bias(n).length;
        }
        return new StorageCost(w * bits + 32 * b, 0, 0);
    }

    public static Reconstruction evaluate(Network enc, Network dec, List<Tensor> test) {
        List<Tensor> rec = new ArrayList<>();
        for (Tensor x : test) {
            rec.add(dec.forward(enc.forward(x)));
        }
        return Reconstruction.of(test, rec);
    }

    /** Latents from the integer golden model, dequantised, through the float decoder. */
    public static Reconstruction evaluateQuantized(QuantizedNetwork enc, Network dec, List<Tensor> test) {
        List<Tensor> rec = new ArrayList<>();
        for (Tensor x : test) {
            rec.add(dec.forward(enc.forward(x)));
        }
        return Reconstruction.of(test, rec);
    }
}
