package shears.reports.hsi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import shears.accelerators.hsi.Folder;
import shears.accelerators.hsi.HsiPipeline;
import shears.accelerators.hsi.HsiRtl;
import shears.accelerators.hsi.HsiRun;
import shears.accelerators.hsi.PipelineGolden;
import shears.models.hsi.Compression;
import shears.models.hsi.HsiExperiment;
import shears.models.hsi.HsiImages;
import shears.models.hsi.SensorModel;
import shears.models.hsi.SpectralLibrary;
import shears.models.hsi.UNet;
import shears.models.nn.Network;
import shears.models.tensor.Tensor;
import shears.reports.Flow;
import shears.reports.PointResult;
import shears.reports.PruningStrategy;
import shears.reports.measure.Measure;
import shears.reports.measure.Measurement;
import shears.reports.measure.OperatingPoint;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;

/**
 * The deployable U-Net on the streaming HSI pipeline. Strategies shrink the model (part 1's
 * structured compression, fine-tuned) or its precision: {@code dense}, {@code filters} (a fraction
 * {@code sparsity} of every level's filters removed), {@code bands} (that fraction of the bands),
 * {@code depth} (one max-pool level fewer), {@code int4} (4-bit weights). Parameter {@code fps}: the
 * frame rate at 200 MHz the auto-folder targets on the full frame (208x400 unless the flow is made for
 * another size), whose frame interval and latency come from the cycle model; the RTL of the same folding on a {@value #WINDOW_HEIGHT} x
 * {@value #WINDOW_WIDTH} window is simulated on two test scenes (labels must equal the golden model's,
 * else the point fails), which gives mIoU of the hardware's labels, resources and power.
 */
public final class HsiFlow implements Flow<HsiFlow.Model> {
    static final int WINDOW_HEIGHT = 32;
    static final int WINDOW_WIDTH = 64;
    static final int WINDOWS = 2;
    static final double CLOCK_MHZ = 200;
    /** The flow's strategies: what each keeps of the baseline U-Net at a sparsity. */
    enum Strategy {
        DENSE("dense"),
        FILTERS("filters"),
        BANDS("bands"),
        DEPTH("depth"),
        INT4("int4");

        final String id;

        Strategy(String id) {
            this.id = id;
        }
    }

    private final String name;
    private final LongFunction<HsiExperiment.Settings> settings;
    private final int fineTuneEpochs;
    private final int frameHeight;
    private final int frameWidth;
    private final Map<String, Evaluated> memo = new ConcurrentHashMap<>();
    private final Map<String, Netlist> designs = new ConcurrentHashMap<>();
    private final Map<String, Map<String, byte[]>> pictures = new ConcurrentHashMap<>();

    /** A point's model: the network, its kept bands and weight precision. */
    public record Model(
            String strategy,
            double sparsity,
            Network network,
            int[] keep,
            int weightBits,
            HsiExperiment.Settings settings,
            HsiExperiment.Data train,
            HsiExperiment.Data test) {}

    /** The full flow: the deployable U-Net (trained once, then cached), ten fine-tune epochs per shrunk model, 208x400 frames. */
    public HsiFlow() {
        this("hsi", HsiExperiment.Settings::deployable, 10, UNet.FRAME_HEIGHT, UNet.FRAME_WIDTH);
    }

    /** A flow over a model trained with other settings and folded for another frame size (tests use small ones). */
    public HsiFlow(
            String name,
            LongFunction<HsiExperiment.Settings> settings,
            int fineTuneEpochs,
            int frameHeight,
            int frameWidth) {
        this.name = name;
        this.settings = settings;
        this.fineTuneEpochs = fineTuneEpochs;
        this.frameHeight = frameHeight;
        this.frameWidth = frameWidth;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Model baseModel(long seed) {
        HsiExperiment.Settings s = settings.apply(seed);
        SpectralLibrary lib = SpectralLibrary.analytic();
        HsiExperiment.Data train = HsiExperiment.data(s, 1, s.trainCrops(), lib);
        HsiExperiment.Data test = HsiExperiment.data(s, 1_000_001, s.testCrops(), lib);
        Network net = HsiExperiment.trained(s, train, test, m -> {});
        return new Model("dense", 0, net, IntStream.range(0, s.unet().bands()).toArray(), 8, s, train, test);
    }

    @Override
    public List<PruningStrategy<Model>> strategies() {
        List<PruningStrategy<Model>> out = new ArrayList<>();
        for (Strategy st : Strategy.values()) {
            out.add(new PruningStrategy<>() {
                @Override
                public String name() {
                    return st.id;
                }

                @Override
                public Pruned<Model> prune(Model base, double sparsity, long seed) {
                    Model m = shrink(base, st, sparsity);
                    return new Pruned<>(m, m.network().parameterCount() * m.weightBits(), 0);
                }
            });
        }
        return out;
    }

    private Model shrink(Model base, Strategy strategy, double sparsity) {
        HsiExperiment.Settings s = base.settings();
        UNet u = s.unet();
        Compression.Target t = switch (strategy) {
            case DENSE, INT4 -> null;
            case FILTERS ->
                new Compression.Target(
                        u.depth(), Math.max(1, (int) Math.round(u.filters() * (1 - sparsity))), u.bands());
            case BANDS ->
                new Compression.Target(
                        u.depth(), u.filters(), Math.max(1, (int) Math.round(u.bands() * (1 - sparsity))));
            case DEPTH -> new Compression.Target(Math.max(1, u.depth() - 1), u.filters(), u.bands());
        };
        if (t == null) {
            return new Model(
                    strategy.id,
                    0,
                    base.network(),
                    base.keep(),
                    strategy == Strategy.INT4 ? 4 : 8,
                    s,
                    base.train(),
                    base.test());
        }
        Compression.Result r = Compression.shrink(u, base.network(), t, s.height(), s.width());
        List<Tensor> images = Compression.selectBands(base.train().images(), r.bands());
        HsiExperiment.fineTune(r.network(), base.train(), images, s, fineTuneEpochs, m -> {});
        return new Model(
                strategy.id,
                strategy == Strategy.DEPTH ? 0 : sparsity,
                r.network(),
                r.bands(),
                8,
                s,
                base.train(),
                base.test());
    }

    @Override
    public Map<String, Integer> defaultParams() {
        return Map.of("fps", 30);
    }

    @Override
    public int[] paramRange(String param) {
        return new int[] {1, 1000};
    }

    @Override
    public Evaluated evaluate(
            Model base, PruningStrategy.Pruned<Model> pruned, Map<String, Integer> params, long seed) {
        Model m = pruned.model();
        int fps = params.getOrDefault("fps", 30);
        return memo.computeIfAbsent(key(m.strategy(), m.sparsity(), fps), k -> measure(m, fps, pruned.weightBits()));
    }

    private Evaluated measure(Model m, int fps, long weightStorageBits) {
        SpectralLibrary lib = SpectralLibrary.analytic();
        Folder.Target target = new Folder.Target(fps, CLOCK_MHZ, Folder.Device.K26);
        HsiPipeline.Built full = HsiPipeline.build(
                new HsiPipeline.Config(
                        m.network(),
                        m.settings().norm(),
                        m.keep(),
                        frameHeight,
                        frameWidth,
                        m.weightBits(),
                        Map.of(),
                        target),
                lib,
                x -> {});
        HsiPipeline.Built window = HsiPipeline.build(
                new HsiPipeline.Config(
                        m.network(),
                        m.settings().norm(),
                        m.keep(),
                        WINDOW_HEIGHT,
                        WINDOW_WIDTH,
                        m.weightBits(),
                        full.choice().folds(),
                        null),
                lib,
                x -> {});
        List<HsiPipeline.TestFrame> frames = HsiPipeline.frames(WINDOWS, 1_000_001, WINDOW_HEIGHT, WINDOW_WIDTH, lib);
        List<SensorModel.Frame> raws =
                frames.stream().map(HsiPipeline.TestFrame::raw).toList();
        Netlist flat = PassPipeline.standard()
                .run(HsiRtl.build(window.plan()).netlist())
                .flatten();
        designs.put(key(m.strategy(), m.sparsity(), fps), flat);
        HsiRun run = new HsiRun(window.plan(), window.calibration(), raws, 0.2, 1);
        HsiRun.Result[] result = new HsiRun.Result[1];
        OperatingPoint point =
                new OperatingPoint(OperatingPoint.DEFAULT_NODE_NM, OperatingPoint.DEFAULT_VDD, CLOCK_MHZ);
        Measurement x = Measure.run(new Measure.Request(
                flat,
                new Measure.Drive.Interactive(sim -> {
                    result[0] = run.run(sim, null);
                    return result[0].cycles();
                }),
                Measure.DEFAULT_ENGINE,
                point));
        for (int i = 0; i < WINDOWS; i++) {
            int[] golden =
                    PipelineGolden.labels(window.plan().front(), window.calibration(), window.quantized(), raws.get(i));
            String mismatch = HsiRun.firstMismatch(List.of(result[0].labels().get(i)), List.of(golden), WINDOW_WIDTH);
            if (mismatch != null) {
                throw new IllegalStateException("hsi flow, " + m.strategy() + " " + m.sparsity() + ": " + mismatch);
            }
        }
        HsiExperiment.Data test = m.test();
        List<Tensor> testIn = Compression.selectBands(test.images(), m.keep());
        int scale = 4;
        pictures.put(
                key(m.strategy(), m.sparsity(), fps),
                Map.of(
                        "window 0, hardware labels",
                                HsiImages.labels(result[0].labels().get(0), WINDOW_WIDTH, WINDOW_HEIGHT, scale),
                        "window 0, ground truth",
                                HsiImages.labels(frames.get(0).truth(), WINDOW_WIDTH, WINDOW_HEIGHT, scale)));
        double golden = HsiExperiment.evaluate(
                        HsiExperiment.quantize(
                                m.network(), Compression.selectBands(m.train().images(), m.keep()), m.weightBits()),
                        testIn,
                        test.labels())
                .meanIou();
        long interval = full.modelIntervalCycles();
        double frameUs = interval / CLOCK_MHZ;
        Map<String, Double> acc = new LinkedHashMap<>();
        acc.put("mIoU", golden);
        acc.put("mIoUHardware", HsiPipeline.score(result[0].labels(), frames).meanIou());
        acc.put("fps", CLOCK_MHZ * 1e6 / interval);
        acc.put("latencyMs", full.modelLatencyCycles() / CLOCK_MHZ / 1e3);
        acc.put("macsPerFrame", (double) UNet.macs(full.quantized().network()));
        acc.put("multipliers", (double) full.choice().multipliers());
        acc.put("bands", (double) m.keep().length);
        var e = x.estimate();
        PointResult res = new PointResult(
                interval,
                e.timing().fmaxMhz(),
                e.ice40Timing().fmaxMhz(),
                e.asic().areaUm2(),
                e.ice40().luts(),
                e.xilinx().luts(),
                e.xilinx().ffs(),
                e.xilinx().dsp(),
                x.power().totalUw(),
                x.power().totalUw() * frameUs,
                weightStorageBits,
                0,
                acc);
        return new Evaluated(res, e);
    }

    @Override
    public Map<String, byte[]> pictures(shears.reports.ComparisonRun.Point point) {
        boolean fixed = !point.strategy().equals("filters") && !point.strategy().equals("bands");
        return pictures.getOrDefault(
                key(
                        point.strategy(),
                        fixed ? 0 : point.sparsity(),
                        point.params().getOrDefault("fps", 30)),
                Map.of());
    }

    private static String key(String strategy, double sparsity, int fps) {
        return strategy + "|" + sparsity + "|" + fps;
    }

    @Override
    public Netlist design(PruningStrategy.Pruned<Model> pruned, Map<String, Integer> params) {
        Model m = pruned.model();
        String key = key(m.strategy(), m.sparsity(), params.getOrDefault("fps", 30));
        Netlist d = designs.get(key);
        if (d == null) {
            throw new IllegalStateException("point " + key + " was not evaluated");
        }
        return d;
    }
}
