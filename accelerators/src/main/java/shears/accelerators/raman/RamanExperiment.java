package shears.accelerators.raman;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.models.cae.CaeExperiment;
import shears.models.cae.CaeStrategy;
import shears.models.cae.Reconstruction;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.prune.BalancedStochastic;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Tensor;
import shears.rtl.hdl.HdlModule;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;

/**
 * The DS-CAE encoder on the RAMAN accelerator: prune (strategy, sparsity, P), compile, generate, and
 * the golden model's latents and reconstruction quality. Simulating and measuring a design point is
 * the measuring layer's (RamanMeasure in the reports module).
 */
public final class RamanExperiment {
    private static final Logger LOG = LoggerFactory.getLogger(RamanExperiment.class);

    /** The strategies the accelerator runs, by name; their sparse format follows from the name. */
    public static final List<CaeStrategy> SUPPORTED = List.of(
            CaeStrategy.DENSE, CaeStrategy.MAGNITUDE, CaeStrategy.BALANCED, CaeStrategy.N_OF_M, CaeStrategy.STRUCTURED);
    /** The names of {@link #SUPPORTED}. */
    public static final List<String> STRATEGIES =
            SUPPORTED.stream().map(CaeStrategy::id).toList();

    private RamanExperiment() {}

    /**
     * The trained DS-CAE for these settings: loaded from the model cache ({@code DataCache.models()})
     * when an earlier run saved it, else trained and saved there (models trained on a user's
     * recording are not cached). Training is deterministic, so the cache only saves time.
     */
    @SuppressWarnings("try") // the lock is held for the block, not read in it
    public static CaeExperiment.Trained trained(CaeExperiment.Settings s) {
        if (s.recording() != null) {
            return CaeExperiment.train(s);
        }
        java.nio.file.Path dir = shears.models.data.DataCache.models().resolve(cacheKey(s));
        CaeExperiment.Trained cached = cached(s, dir);
        if (cached != null) {
            return cached;
        }
        // Concurrent runs that need the same model: one trains it, the others wait and load it.
        try (shears.rtl.util.FileLocks.Held lock =
                shears.rtl.util.FileLocks.exclusive(dir.resolveSibling(dir.getFileName() + ".lock"))) {
            cached = cached(s, dir);
            return cached != null ? cached : trainAndCache(s, dir);
        } catch (java.io.IOException e) {
            LOG.warn("could not lock the model cache {}: {}", dir, e.getMessage());
            return trainAndCache(s, dir);
        }
    }

    private static CaeExperiment.Trained cached(CaeExperiment.Settings s, java.nio.file.Path dir) {
        if (java.nio.file.Files.isRegularFile(dir.resolve("model.json"))) {
            try {
                shears.models.io.ModelBundle b = shears.models.io.ModelFiles.load(dir);
                LOG.info("DS-CAE loaded from the model cache {}", dir);
                return CaeExperiment.restore(s, b.network("encoder"), b.network("decoder"));
            } catch (RuntimeException e) {
                LOG.warn("ignoring unreadable cached model {}: {}", dir, e.getMessage());
            }
        }
        return null;
    }

    private static CaeExperiment.Trained trainAndCache(CaeExperiment.Settings s, java.nio.file.Path dir) {
        LOG.info(
                "training the DS-CAE ({} epochs x {} windows; cached afterwards in {})",
                s.epochs(),
                s.trainWindows(),
                dir);
        CaeExperiment.Trained t = CaeExperiment.train(s);
        Map<String, String> meta = new java.util.LinkedHashMap<>();
        meta.put("kind", "ds-cae");
        meta.put("cae", s.cae().toJson());
        meta.put("seed", Long.toString(s.seed()));
        meta.put("fullScaleUv", Double.toString(t.fullScaleUv()));
        try {
            shears.models.io.ModelFiles.save(
                    dir,
                    new shears.models.io.ModelBundle(
                            Map.of("encoder", t.encoder(), "decoder", t.decoder()), Map.of(), Map.of(), meta));
        } catch (RuntimeException e) {
            LOG.warn("could not cache the trained model in {}: {}", dir, e.getMessage());
        }
        return t;
    }

    /** A name for the settings that decide the trained weights. */
    static String cacheKey(CaeExperiment.Settings s) {
        String text = s.cae() + "|" + s.lfp().key() + "|" + s.trainWindows() + "|" + s.testWindows() + "|" + s.epochs()
                + "|" + s.batchSize() + "|" + s.learningRate() + "|" + s.seed();
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "ds-cae-" + java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Balanced pruning regenerates its pattern (LFSR), dense stores everything, the rest store indices. */
    public static SparseFormat formatOf(CaeStrategy strategy) {
        return switch (strategy) {
            case DENSE -> SparseFormat.DENSE;
            case BALANCED -> SparseFormat.LFSR;
            case MAGNITUDE, MAGNITUDE_GLOBAL, N_OF_M, STRUCTURED, LOTTERY, GATING -> SparseFormat.INDEX;
        };
    }

    /** A compiled design point. */
    public record Design(
            String strategy,
            double sparsity,
            double achievedSparsity,
            QuantizedNetwork quantized,
            Network decoder,
            RamanProgram program) {}

    /** Memory and accumulator sizes a user fixed; null fields are fitted to the model. */
    public record Sizes(Integer bankDepth, Integer weightDepth, Integer accBits) {
        public static final Sizes FIT = new Sizes(null, null, null);

        public Sizes {
            if ((bankDepth != null && bankDepth < 1) || (weightDepth != null && weightDepth < 1)) {
                throw new IllegalArgumentException("bank depth and weight depth must be positive");
            }
            if (accBits != null && (accBits < 16 || accBits > 32)) {
                throw new IllegalArgumentException("accumulator bits must be 16..32, got " + accBits);
            }
        }
    }

    /**
     * Prunes (with fine-tuning) unless dense, quantises, sizes the memories to the model except where
     * the spec fixes them (the compiler names the layer and the limit when the model does not fit) and
     * compiles.
     */
    public static Design prepare(CaeExperiment.Trained t, RamanSpec spec) {
        return prepare(t, spec.strategy(), spec.sparsity(), spec.pes(), spec.sizes(), Map.of());
    }

    /** As above, with per-layer sparsity targets (by encoder layer name) for the magnitude and balanced strategies. */
    public static Design prepare(CaeExperiment.Trained t, RamanSpec spec, Map<String, Double> layerSparsity) {
        return prepare(t, spec.strategy(), spec.sparsity(), spec.pes(), spec.sizes(), layerSparsity);
    }

    private static Design prepare(
            CaeExperiment.Trained t,
            CaeStrategy strategy,
            double sparsity,
            int pes,
            Sizes sizes,
            Map<String, Double> layerSparsity) {
        SparseFormat format = formatOf(strategy);
        QuantizedNetwork q;
        Network dec;
        Masks masks = null;
        Map<Integer, BalancedStochastic.Layout> layouts = Map.of();
        double achieved = 0;
        if (format == SparseFormat.DENSE) {
            q = CaeExperiment.quantize(t);
            dec = t.decoder();
        } else {
            CaeExperiment.Pruned p = CaeExperiment.prune(t, strategy, sparsity, pes, layerSparsity);
            q = p.quantized();
            dec = p.decoder();
            masks = p.result().masks();
            layouts = p.result().lfsrLayouts();
            achieved = p.result().achievedSparsity();
        }
        return new Design(
                strategy.id(),
                format == SparseFormat.DENSE ? 0 : sparsity,
                achieved,
                q,
                dec,
                compile(q, masks, layouts, pes, format, sizes));
    }

    /**
     * A dense design from an integer form given whole (an imported quantised model, whose file fixes
     * weights and scales); {@code decoder} may be null when only the encoder is known.
     */
    public static Design prepareQuantized(QuantizedNetwork q, Network decoder, RamanSpec spec) {
        if (spec.strategy() != CaeStrategy.DENSE) {
            throw new IllegalArgumentException(
                    "a model quantised by its file is mapped as it is: --strategy dense, not " + spec.strategy());
        }
        return new Design(
                "dense", 0, 0, q, decoder, compile(q, null, Map.of(), spec.pes(), SparseFormat.DENSE, spec.sizes()));
    }

    /** Compiles with the memories and accumulators fitted to the model except where {@code sizes} fixes them. */
    private static RamanProgram compile(
            QuantizedNetwork q,
            Masks masks,
            Map<Integer, BalancedStochastic.Layout> layouts,
            int pes,
            SparseFormat format,
            Sizes sizes) {
        RamanParams fitted =
                RamanCompiler.fit(q, masks, layouts, new RamanParams(pes, q.weightBits(), 32, 1, 1, format));
        RamanParams params = new RamanParams(
                pes,
                q.weightBits(),
                sizes.accBits() == null ? fitted.accBits() : sizes.accBits(),
                sizes.bankDepth() == null ? fitted.bankDepth() : sizes.bankDepth(),
                sizes.weightDepth() == null ? fitted.weightDepth() : sizes.weightDepth(),
                format);
        return RamanCompiler.compile(q, masks, layouts, params);
    }

    /**
     * A design point without training or fine-tuning: {@code encoder} as it is, pruned (balanced
     * with {@code pes} PEs, else magnitude; dense keeps everything) and quantised on
     * {@code calibration}. For benchmarks and tests that need the hardware, not a good model.
     */
    public static Design prepareUntrained(
            Network encoder, List<Tensor> calibration, CaeStrategy strategy, double sparsity, int pes, long seed) {
        SparseFormat format = formatOf(strategy);
        Network enc = encoder.copy();
        Masks masks = null;
        Map<Integer, BalancedStochastic.Layout> layouts = Map.of();
        if (format != SparseFormat.DENSE) {
            shears.models.prune.PruneRequest req = new shears.models.prune.PruneRequest(enc, sparsity, seed, 8);
            shears.models.prune.PruneResult r = format == SparseFormat.LFSR
                    ? new BalancedStochastic(pes, 4).prune(req)
                    : new shears.models.prune.Magnitude(false).prune(req);
            enc.applyMasks(r.masks());
            masks = r.masks();
            layouts = r.lfsrLayouts();
        }
        QuantizedNetwork q = shears.models.quant.Quantizer.quantize(enc, calibration, 8);
        return new Design(
                strategy.id(),
                format == SparseFormat.DENSE ? 0 : sparsity,
                0,
                q,
                null,
                compile(q, masks, layouts, pes, format, Sizes.FIT));
    }

    /** The generated design, optimised and flattened. */
    public static Netlist netlist(RamanProgram program, RamanRtl.Options options) {
        HdlModule m = RamanRtl.build(program, options);
        return PassPipeline.standard().run(m.netlist()).flatten();
    }

    /** The golden model's output (latents) for every window. */
    public static List<int[]> goldenLatents(QuantizedNetwork q, List<Tensor> windows) {
        List<int[]> out = new ArrayList<>();
        for (Tensor x : windows) {
            IntTensor[] g = IntegerModel.run(q, q.quantizeInput(x));
            out.add(g[g.length - 1].data());
        }
        return out;
    }

    /** SNDR and R² of the windows reconstructed from the golden model's latents through the design's decoder. */
    public static Reconstruction goldenQuality(Design d, List<Tensor> windows) {
        return quality(d.quantized(), d.decoder(), windows, goldenLatents(d.quantized(), windows));
    }

    /** SNDR and R² of the windows reconstructed from int8 latents through the float decoder. */
    public static Reconstruction quality(
            QuantizedNetwork q, Network decoder, List<Tensor> windows, List<int[]> latents) {
        int last = q.network().nodes().size() - 1;
        List<Tensor> rec = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            IntTensor z = new IntTensor(q.network().shape(last), latents.get(i).clone());
            rec.add(decoder.forward(q.dequantize(z, last)));
        }
        return Reconstruction.of(windows, rec);
    }
}
