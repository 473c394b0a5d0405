package shears.reports.fir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import shears.reports.Flow;
import shears.reports.PointResult;
import shears.reports.PruningStrategy;
import shears.reports.measure.Measure;
import shears.reports.measure.Measurement;
import shears.rtl.estimate.Estimator;
import shears.rtl.examples.Fir;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.sim.power.PowerEstimator;

/**
 * The built-in flow: a FIR filter whose "weights" are its constant taps. Pruned taps become zero
 * constants, so their multipliers vanish from the hardware. Accuracy is the output SNR of the pruned
 * filter against the unpruned one on seeded random input (integer golden model); hardware figures come
 * from the estimator and from toggle activity of a simulation of the generated design.
 */
public final class FirFlow implements Flow<FirFlow.Model> {
    static final int SNR_SAMPLES = 4096;
    /** Cycles of seeded random input simulated for toggle activity. */
    static final long ACTIVITY_CYCLES = 2000;

    /** Taps and widths of a filter. */
    public record Model(long[] taps, int dataWidth, int coeffWidth) {
        int nonZero() {
            return (int) java.util.Arrays.stream(taps).filter(t -> t != 0).count();
        }
    }

    @Override
    public String name() {
        return "fir";
    }

    @Override
    public Model baseModel(long seed) {
        // Dense taps: a windowed low-pass with a little seeded variation, all non-zero.
        int n = 16;
        long[] taps = new long[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double x = i - (n - 1) / 2.0;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * 0.3 * x) / (Math.PI * 0.3 * x);
            double window = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1));
            long v = Math.round(100 * sinc * window + r.nextInt(-3, 4));
            taps[i] = v == 0 ? 1 : v;
        }
        return new Model(taps, 8, 8);
    }

    @Override
    public Map<String, Integer> defaultParams() {
        return Map.of("width", 8);
    }

    @Override
    public List<PruningStrategy<Model>> strategies() {
        return List.of(
                strategy(
                        "magnitude",
                        (m, k, seed) -> IntStream.range(0, m.taps().length)
                                .boxed()
                                .sorted(Comparator.<Integer>comparingLong(i -> Math.abs(m.taps()[i]))
                                        .thenComparing(i -> i))
                                .limit(k)
                                .toList()),
                strategy("random", (m, k, seed) -> {
                    List<Integer> idx = new ArrayList<>(
                            IntStream.range(0, m.taps().length).boxed().toList());
                    java.util.Collections.shuffle(idx, new java.util.Random(seed));
                    return idx.subList(0, k);
                }),
                strategy("structured", (m, k, seed) -> {
                    // Shorten the filter symmetrically from both ends (removes whole taps and their registers).
                    List<Integer> idx = new ArrayList<>();
                    for (int lo = 0, hi = m.taps().length - 1; idx.size() < k; lo++, hi--) {
                        idx.add(lo);
                        if (idx.size() < k && hi != lo) {
                            idx.add(hi);
                        }
                    }
                    return idx;
                }));
    }

    private interface Chooser {
        List<Integer> choose(Model m, int count, long seed);
    }

    private static PruningStrategy<Model> strategy(String name, Chooser chooser) {
        return new PruningStrategy<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Pruned<Model> prune(Model m, double sparsity, long seed) {
                int k = (int) Math.round(sparsity * m.taps().length);
                long[] t = m.taps().clone();
                for (int i : chooser.choose(m, k, seed)) {
                    t[i] = 0;
                }
                if (name.equals("structured")) {
                    // Removed end taps are gone entirely: drop the leading zero taps so no register holds them.
                    int first = 0;
                    while (first < t.length - 1 && t[first] == 0) {
                        first++;
                    }
                    int last = t.length - 1;
                    while (last > first && t[last] == 0) {
                        last--;
                    }
                    t = java.util.Arrays.copyOfRange(t, first, last + 1);
                }
                Model pruned = new Model(t, m.dataWidth(), m.coeffWidth());
                return new Pruned<>(pruned, (long) pruned.nonZero() * m.coeffWidth(), 0);
            }
        };
    }

    @Override
    public Netlist design(PruningStrategy.Pruned<Model> pruned, Map<String, Integer> params) {
        Model m = pruned.model();
        int width = params.getOrDefault("width", m.dataWidth());
        return PassPipeline.standard()
                .run(Fir.build(m.taps(), width, m.coeffWidth(), "fir_p").netlist())
                .flatten();
    }

    @Override
    public Evaluated evaluate(
            Model base, PruningStrategy.Pruned<Model> pruned, Map<String, Integer> params, long seed) {
        int width = params.getOrDefault("width", base.dataWidth());
        Model m = pruned.model();
        Measurement x = Measure.run(
                Measure.Request.standard(design(pruned, params), new Measure.Drive.Random(ACTIVITY_CYCLES, seed)));
        Estimator.Estimate e = x.estimate();
        PowerEstimator.Power p = x.power();
        Map<String, Double> acc = new LinkedHashMap<>();
        acc.put("snrDb", snrDb(base.taps(), m.taps(), width, seed));
        // One output per cycle; the input-to-output latency is two registers.
        long latencyCycles = 2;
        return new Evaluated(
                new PointResult(
                        latencyCycles,
                        e.timing().fmaxMhz(),
                        e.ice40Timing().fmaxMhz(),
                        e.asic().areaUm2(),
                        e.ice40().luts(),
                        e.xilinx().luts(),
                        e.xilinx().ffs(),
                        e.xilinx().dsp(),
                        p.totalUw(),
                        p.energyPerCyclePj(),
                        pruned.weightBits(),
                        pruned.indexBits(),
                        acc),
                e);
    }

    /** SNR in dB of the pruned filter's output against the reference filter's, on seeded full-range input. */
    static double snrDb(long[] reference, long[] pruned, int width, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5EEDL);
        long lim = 1L << (width - 1);
        long[] x = new long[SNR_SAMPLES];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextLong(-lim, lim);
        }
        int offset = pruned.length == reference.length ? 0 : leadingPruned(reference, pruned);
        double sig = 0;
        double err = 0;
        for (int t = reference.length; t < x.length; t++) {
            double y = 0;
            double yp = 0;
            for (int i = 0; i < reference.length; i++) {
                y += reference[i] * x[t - i];
            }
            for (int i = 0; i < pruned.length; i++) {
                yp += pruned[i] * x[t - i - offset];
            }
            sig += y * y;
            err += (y - yp) * (y - yp);
        }
        return err == 0 ? 200.0 : 10 * Math.log10(sig / err);
    }

    /** How many taps a structured pruning removed from the front (aligns the shortened filter). */
    private static int leadingPruned(long[] reference, long[] pruned) {
        for (int off = 0; off + pruned.length <= reference.length; off++) {
            boolean match = true;
            for (int i = 0; i < pruned.length && match; i++) {
                match = pruned[i] == 0 || pruned[i] == reference[i + off];
            }
            if (match) {
                return off;
            }
        }
        return 0;
    }
}
