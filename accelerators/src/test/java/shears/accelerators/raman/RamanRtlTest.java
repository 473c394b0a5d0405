package shears.accelerators.raman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.models.nn.Conv;
import shears.models.nn.Dense;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.nn.Relu;
import shears.models.prune.BalancedStochastic;
import shears.models.prune.Magnitude;
import shears.models.prune.PruneRequest;
import shears.models.prune.PruneResult;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Quantizer;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.sim.Engine;
import shears.sim.OutputTrace;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;

/**
 * The generated RTL against the transaction-level model (cycles) and the golden model (values),
 * over random layer stacks, P in {1, 2, 4, 8, 16}, all three formats, both Java engines.
 */
class RamanRtlTest {
    private static final AtomicInteger CASES = new AtomicInteger();

    /** A small random chain the RTL runs: strided/dilated conv + ReLU, depthwise, pointwise + ReLU, then dense or a narrow pointwise. */
    static Network stack(long seed, boolean dense, int latent) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = 1 + r.nextInt(3);
        int len = 12 + 4 * r.nextInt(3);
        int w = r.nextBoolean() ? 16 : 12; // 12 channels: P = 8 gives PEs 2 or 1 rows
        Network.Builder b = Network.builder(Shape.of1d(in, len));
        int k = 2 + r.nextInt(3);
        b.add("c0", Conv.conv1d(in, w, k, 1 << r.nextInt(3), r.nextInt(k), 1 + r.nextInt(2)));
        b.add("r0", new Relu());
        b.add("dw", Conv.depthwise1d(w, 3, 1 << r.nextInt(2), 1, 1));
        b.add("pw", Conv.pointwise1d(w, 16));
        b.add("r1", new Relu());
        if (dense) {
            Network probe = b.build();
            b.add("fc", new Dense(probe.outputShape().size(), 8));
        } else {
            b.add("lat", Conv.pointwise1d(16, latent));
        }
        return b.build();
    }

    /** A stack with every pass the PEs run: pooling, a residual add, an unfused ReLU, upsampling. */
    static Network passStack(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = 2 + r.nextInt(2);
        Network.Builder b = Network.builder(Shape.of1d(in, 16 + 8 * r.nextInt(2)));
        b.add("c0", Conv.conv1d(in, 16, 3, 1, 1, 1));
        b.add("r0", new Relu());
        b.add(
                "pool",
                shears.models.nn.Pool.pool1d(
                        r.nextBoolean() ? shears.models.nn.Pool.Mode.MAX : shears.models.nn.Pool.Mode.AVG,
                        2 + r.nextInt(2),
                        2));
        b.add("pa", Conv.pointwise1d(16, 16));
        b.add("ra", new Relu());
        b.add("pb", Conv.pointwise1d(16, 16), "pool");
        b.add("sum", new shears.models.nn.Add(), "ra", "pb");
        b.add("rs", new Relu());
        b.add("up", shears.models.nn.Upsample.upsample1d(1 + r.nextInt(3)));
        b.add("lat", Conv.pointwise1d(16, 4));
        return b.build();
    }

    static Stream<Arguments> passCases() {
        List<Arguments> out = new ArrayList<>();
        for (int pes : new int[] {1, 4, 8}) {
            for (SparseFormat f : SparseFormat.values()) {
                out.add(Arguments.of(pes, f, 700L + pes * 5 + f.ordinal()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "passes: P={0} {1}")
    @MethodSource("passCases")
    void passesMatchTheCycleModelAndTheGoldenModel(int pes, SparseFormat format, long seed) {
        Setup s = setup(passStack(seed), pes, format, seed, 0.5, 2);
        assertTrue(
                s.program().steps().stream()
                                .filter(st -> st instanceof RamanProgram.Pass)
                                .count()
                        >= 4,
                "pool, add, relu, upsample");
        check(s, RamanRtl.Options.ROM, List.of(Engine.INTERP, Engine.COMPILED));
        // the post-processing datapath is narrowed to what the program needs, and holds it exactly
        long passBound = 128;
        for (RamanProgram.Step st : s.program().steps()) {
            if (st instanceof RamanProgram.Pass ps && ps.kind() != RamanProgram.PassKind.MAXPOOL) {
                long sum = 0;
                for (int j = 0; j < ps.reads(); j++) {
                    sum += 128L * Math.abs(j == 1 ? ps.weightB() : ps.weightA());
                }
                passBound = Math.max(passBound, sum);
            }
        }
        int bits = RamanPe.ppuBits(s.program());
        assertTrue(bits >= s.program().params().accBits() && passBound < 1L << (bits - 1), "PPU bits " + bits);
        assertTrue(bits < 34, "narrower than the widest program's 34 bits: " + bits);
        PASS_CASES.incrementAndGet();
    }

    private static final AtomicInteger PASS_CASES = new AtomicInteger();

    record Setup(QuantizedNetwork q, RamanProgram program, List<IntTensor> inputs) {}

    static Setup setup(Network net, int pes, SparseFormat format, long seed, double sparsity, int windows) {
        return setup(net, pes, format, seed, sparsity, windows, 8);
    }

    static Setup setup(
            Network net, int pes, SparseFormat format, long seed, double sparsity, int windows, int weightBits) {
        net.initialize(seed);
        Map<Integer, BalancedStochastic.Layout> layouts = Map.of();
        Masks masks = null;
        if (format != SparseFormat.DENSE) {
            PruneResult pr = format == SparseFormat.LFSR
                    ? new BalancedStochastic(pes, 4).prune(new PruneRequest(net, sparsity, seed, 8))
                    : new Magnitude(false).prune(new PruneRequest(net, sparsity, seed, 8));
            net.applyMasks(pr.masks());
            masks = pr.masks();
            layouts = pr.lfsrLayouts();
        }
        List<Tensor> xs = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < windows; i++) {
            Tensor x = new Tensor(net.inputShape());
            for (int j = 0; j < x.data().length; j++) {
                x.data()[j] = r.nextDouble() < 0.3 ? 0 : r.nextDouble() * 2 - 1;
            }
            xs.add(x);
        }
        QuantizedNetwork q = Quantizer.quantize(net, xs, weightBits);
        RamanParams p = RamanCompiler.fit(q, masks, layouts, new RamanParams(pes, weightBits, 32, 1, 1, format));
        RamanProgram prog = RamanCompiler.compile(q, masks, layouts, p);
        List<IntTensor> ins = new ArrayList<>();
        for (Tensor x : xs) {
            ins.add(q.quantizeInput(x));
        }
        return new Setup(q, prog, ins);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int pes : new int[] {1, 2, 4, 8, 16}) {
            for (SparseFormat f : SparseFormat.values()) {
                out.add(Arguments.of(pes, f, 500L + pes * 11 + f.ordinal(), pes % 2 == 0, false, 8));
                out.add(Arguments.of(
                        pes, f, 900L + pes * 13 + f.ordinal(), pes % 2 == 1, pes == 4, pes == 2 || pes == 8 ? 4 : 8));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "P={0} {1} seed {2} dense layer {3} load port {4} {5}-bit weights")
    @MethodSource("cases")
    void rtlMatchesCycleModelAndGoldenModelOnBothEngines(
            int pes, SparseFormat format, long seed, boolean dense, boolean loadPort, int weightBits) {
        Setup s = setup(stack(seed, dense, 3), pes, format, seed, 0.6, 2, weightBits);
        check(s, new RamanRtl.Options(loadPort), List.of(Engine.INTERP, Engine.COMPILED));
        CASES.incrementAndGet();
    }

    /** Runs every engine on one stimulus; traces must agree cycle by cycle, outputs equal the golden model. */
    static long[] check(Setup s, RamanRtl.Options options, List<Engine> engines) {
        long[] predicted = new long[s.inputs().size()];
        List<int[]> golden = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            RamanModel.Result m = RamanModel.run(s.program(), s.q(), s.inputs().get(i));
            predicted[i] = m.cycles();
            IntTensor[] g = IntegerModel.run(s.q(), s.inputs().get(i));
            golden.add(g[g.length - 1].data());
            assertArrayEquals(golden.get(i), m.output().data(), "cycle model vs golden");
        }
        Netlist flat = PassPipeline.standard()
                .run(RamanRtl.build(s.program(), options).netlist())
                .flatten();
        RamanRun run = new RamanRun(s.program(), s.inputs(), predicted);
        Stimulus stim = run.stimulus(flat);
        long[] first = null;
        for (Engine e : engines) {
            try (Simulator sim = e.create(flat, SimOptions.DEFAULT)) {
                long[] trace = OutputTrace.capture(sim, stim);
                RamanRun.Outcome out = run.check(e.cliName(), flat, trace);
                for (int i = 0; i < golden.size(); i++) {
                    assertArrayEquals(golden.get(i), out.outputs().get(i), e.cliName() + " window " + i);
                }
                if (first != null) {
                    OutputTrace.Difference d = OutputTrace.firstDifference(stim.layout(), first, trace);
                    assertEquals(null, d == null ? null : d.toString());
                }
                first = trace;
            }
        }
        return predicted;
    }

    @AfterAll
    static void ranEveryCase() {
        assertTrue(CASES.get() == 0 || CASES.get() == 30, "ran " + CASES.get() + " of 30 cases");
        assertTrue(PASS_CASES.get() == 0 || PASS_CASES.get() == 9, "ran " + PASS_CASES.get() + " of 9 pass cases");
    }
}
