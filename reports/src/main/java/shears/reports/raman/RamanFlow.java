package shears.reports.raman;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import shears.accelerators.raman.RamanExperiment;
import shears.accelerators.raman.RamanModel;
import shears.accelerators.raman.RamanProgram;
import shears.accelerators.raman.RamanRtl;
import shears.accelerators.raman.RamanSpec;
import shears.models.cae.CaeExperiment;
import shears.models.cae.CaeStrategy;
import shears.models.cae.Reconstruction;
import shears.models.tensor.Tensor;
import shears.reports.Flow;
import shears.reports.PointResult;
import shears.reports.PruningStrategy;
import shears.reports.measure.Measure;
import shears.reports.measure.OperatingPoint;
import shears.rtl.ir.Netlist;

/**
 * The DS-CAE encoder on the RAMAN accelerator. Pruning depends on P (balanced pruning balances PEs),
 * so a strategy only names the point and {@link #evaluate} prunes, fine-tunes, compiles, generates
 * and simulates it. Hardware windows are simulated on the compiled engine and must equal the cycle
 * model's timing and the golden model's latents (else the point fails: that is a bug); SNDR and R²
 * are the golden model's on the whole test set (equal to the hardware's wherever it was simulated).
 * Power: at {@link OperatingPoint#DEFAULT}, from the simulated activity.
 */
public final class RamanFlow implements Flow<RamanFlow.Model> {
    /** Windows simulated on the RTL per point. */
    static final int SIMULATED_WINDOWS = 2;

    private final String name;
    private final LongFunction<CaeExperiment.Settings> settings;
    private final Map<String, Measured> memo = new ConcurrentHashMap<>();

    /** A point: the trained model and how to prune it (layers {@code layerSparsity} names to their own targets). */
    public record Model(
            CaeExperiment.Trained trained, CaeStrategy strategy, double sparsity, Map<String, Double> layerSparsity) {
        public Model {
            layerSparsity = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(layerSparsity));
        }

        public Model(CaeExperiment.Trained trained, CaeStrategy strategy, double sparsity) {
            this(trained, strategy, sparsity, Map.of());
        }
    }

    private record Measured(RamanExperiment.Design design, Evaluated evaluated) {}

    /** The full flow: the default DS-CAE (30 epochs, 2000 training windows; trained once, then cached). */
    public RamanFlow() {
        this("raman", CaeExperiment.Settings::defaults);
    }

    /** A flow over models trained with other settings (the demo uses a small, quick one). */
    public RamanFlow(String name, LongFunction<CaeExperiment.Settings> settings) {
        this.name = name;
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Model baseModel(long seed) {
        return new Model(RamanExperiment.trained(settings.apply(seed)), CaeStrategy.DENSE, 0);
    }

    @Override
    public List<PruningStrategy<Model>> strategies() {
        List<PruningStrategy<Model>> out = new ArrayList<>();
        for (CaeStrategy s : RamanExperiment.SUPPORTED) {
            out.add(new PruningStrategy<>() {
                @Override
                public String name() {
                    return s.id();
                }

                @Override
                public Pruned<Model> prune(Model base, double sparsity, long seed) {
                    return new Pruned<>(new Model(base.trained(), s, s == CaeStrategy.DENSE ? 0 : sparsity), 0, 0);
                }
            });
        }
        return out;
    }

    @Override
    public Map<String, Integer> defaultParams() {
        return Map.of("pes", RamanSpec.DEFAULT_PES);
    }

    private Measured measured(Model m, Map<String, Integer> params) {
        int pes = params.getOrDefault("pes", RamanSpec.DEFAULT_PES);
        new RamanSpec(m.strategy(), m.sparsity(), pes); // validated before the point is memoised
        String key = m.strategy() + "|" + m.sparsity() + "|" + pes + "|" + m.layerSparsity() + "|"
                + m.trained().settings().weightBits();
        return memo.computeIfAbsent(key, k -> measure(m, pes));
    }

    private static Measured measure(Model m, int pes) {
        CaeExperiment.Trained t = m.trained();
        RamanExperiment.Design d =
                RamanExperiment.prepare(t, new RamanSpec(m.strategy(), m.sparsity(), pes), m.layerSparsity());
        Netlist flat = RamanExperiment.netlist(d.program(), RamanRtl.Options.ROM);
        List<Tensor> windows =
                t.test().subList(0, Math.min(SIMULATED_WINDOWS, t.test().size()));
        RamanMeasure.Measured x = RamanMeasure.measure(
                d, flat, windows, new RamanMeasure.Run(Measure.DEFAULT_ENGINE, OperatingPoint.DEFAULT, false));
        if (!x.bitExact()) {
            throw new IllegalStateException(
                    "raman flow, " + m.strategy() + " sparsity " + m.sparsity() + " P=" + pes + ": " + x.mismatch());
        }
        Reconstruction q = RamanExperiment.goldenQuality(d, t.test());
        RamanProgram p = d.program();
        RamanModel.Result r = x.model();
        double cycles = x.meanCycles();
        var cae = t.settings().cae();
        RamanMeasure.RealTime rt = RamanMeasure.RealTime.of(
                x, cae.channels(), cae.window(), t.settings().lfp().sampleRateHz());
        double energyNj = rt.energyPerWindowNj();
        Map<String, Double> acc = new LinkedHashMap<>();
        acc.put("sndrDb", q.sndrDb());
        acc.put("r2", q.r2());
        acc.put("compressionRatio", t.settings().cae().compressionRatio());
        acc.put("peUtilisation", r.utilisation());
        acc.put("achievedSparsity", d.achievedSparsity());
        acc.put("latencyMs", rt.activeMs());
        acc.put("energyPerWindowNj", energyNj);
        acc.put("powerPerChannelUw", rt.activePowerPerChannelUw());
        acc.put("channels", (double) rt.channels());
        acc.put("areaPerChannelMm2", rt.areaPerChannelMm2());
        acc.put("energyPerWindowPerChannelNj", rt.energyPerWindowPerChannelNj());
        acc.put("averagePowerPerChannelUw", rt.averagePowerPerChannelUw());
        acc.put("macs", (double) r.macs());
        acc.put("skippedMacs", (double) r.skippedMacs());
        acc.put("bankWords", (double) p.peakBankWords());
        acc.put("separateBankWords", (double) p.separateBankWords());
        var e = x.measurement().estimate();
        acc.put("bram", (double) e.xilinx().bram());
        PointResult res = new PointResult(
                Math.round(cycles),
                e.timing().fmaxMhz(),
                e.ice40Timing().fmaxMhz(),
                e.asic().areaUm2(),
                e.ice40().luts(),
                e.xilinx().luts(),
                e.xilinx().ffs(),
                e.xilinx().dsp(),
                x.measurement().power().totalUw(),
                energyNj * 1000,
                p.storageBits(),
                p.indexBits(),
                acc);
        return new Measured(d, new Evaluated(res, e));
    }

    /** A point with per-layer targets, for the hardware-aware search: measured like every grid point. */
    public Evaluated evaluate(Model m, int pes) {
        return measured(m, Map.of("pes", pes)).evaluated();
    }

    /** The search's knobs on this flow: the PE count and the encoder's weight bits. */
    public static final String PES = "pes";

    public static final String WEIGHT_BITS = "wbits";

    /**
     * The hardware-aware search on this flow: per-layer sparsity of the encoder's layers, the
     * strategies that prune layers one by one (magnitude, balanced), the PE count ({@link #PES}) and
     * the weight bits ({@link #WEIGHT_BITS}: the same float model quantised to 8 or 4 bits), each
     * design measured as {@link #evaluate(Model, int)} measures it.
     */
    public shears.reports.search.HardwareSearch.Evaluator searchEvaluator(CaeExperiment.Trained t) {
        List<String> layers = prunableLayers(t);
        return c -> evaluate(
                        new Model(
                                t.withWeightBits(c.knob(WEIGHT_BITS)),
                                CaeStrategy.of(c.strategy()),
                                c.meanSparsity(),
                                c.byLayer(layers)),
                        c.knob(PES))
                .result();
    }

    /** The encoder layers pruning acts on, by name. */
    public static List<String> prunableLayers(CaeExperiment.Trained t) {
        return t.encoder().prunableNodes().stream()
                .map(i -> t.encoder().nodes().get(i).name())
                .toList();
    }

    @Override
    public Evaluated evaluate(
            Model base, PruningStrategy.Pruned<Model> pruned, Map<String, Integer> params, long seed) {
        return measured(pruned.model(), params).evaluated();
    }

    @Override
    public Netlist design(PruningStrategy.Pruned<Model> pruned, Map<String, Integer> params) {
        return RamanExperiment.netlist(measured(pruned.model(), params).design().program(), RamanRtl.Options.ROM);
    }
}
