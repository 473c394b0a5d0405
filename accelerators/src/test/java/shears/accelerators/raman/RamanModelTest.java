package shears.accelerators.raman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.models.nn.Conv;
import shears.models.nn.Dense;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.nn.Pool;
import shears.models.nn.Relu;
import shears.models.prune.BalancedStochastic;
import shears.models.prune.PruneRequest;
import shears.models.prune.PruneResult;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Quantizer;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Shape;
import shears.models.tensor.Tensor;

/** The transaction-level model against the integer golden model, over random layer stacks, P and formats. */
class RamanModelTest {
    private static final AtomicInteger CASES = new AtomicInteger();

    /** A random stack: strided/dilated conv, depthwise, pointwise, pooling, dense; channels multiples of 16. */
    static Network stack(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = 2 + r.nextInt(3);
        int len = 24 + 8 * r.nextInt(3);
        int w = 16 * (1 + r.nextInt(2));
        Network.Builder b = Network.builder(Shape.of1d(in, len));
        int k = 3 + 2 * r.nextInt(2);
        b.add("c0", Conv.conv1d(in, w, k, 1 + r.nextInt(2), k / 2, 1 + r.nextInt(2)));
        b.add("r0", new Relu());
        b.add("dw", Conv.depthwise1d(w, 3, 1 + r.nextInt(2), 1, 1));
        b.add("pw", Conv.pointwise1d(w, 16));
        b.add("r1", new Relu());
        if (r.nextBoolean()) {
            b.add("mp", Pool.pool1d(r.nextBoolean() ? Pool.Mode.MAX : Pool.Mode.AVG, 2, 2));
        }
        Network probe = b.build();
        b.add("fc", new Dense(probe.outputShape().size(), 16));
        return b.build();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int pes : new int[] {1, 2, 4, 8, 16}) {
            for (SparseFormat f : SparseFormat.values()) {
                out.add(Arguments.of(pes, f, 100L + pes * 7 + f.ordinal()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "P={0} {1}")
    @MethodSource("cases")
    void transactionModelEqualsTheGoldenModel(int pes, SparseFormat format, long seed) {
        Network net = stack(seed);
        net.initialize(seed);
        Map<Integer, BalancedStochastic.Layout> layouts = Map.of();
        Masks masks = null;
        if (format != SparseFormat.DENSE) {
            PruneResult pr = format == SparseFormat.LFSR
                    ? new BalancedStochastic(pes, 4).prune(new PruneRequest(net, 0.6, seed, 8))
                    : new shears.models.prune.Magnitude(false).prune(new PruneRequest(net, 0.6, seed, 8));
            net.applyMasks(pr.masks());
            masks = pr.masks();
            layouts = pr.lfsrLayouts();
        }
        List<Tensor> inputs = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 6; i++) {
            Tensor x = new Tensor(net.inputShape());
            for (int j = 0; j < x.data().length; j++) {
                x.data()[j] = r.nextDouble() < 0.3 ? 0 : r.nextDouble() * 2 - 1; // zeros to skip
            }
            inputs.add(x);
        }
        QuantizedNetwork q = Quantizer.quantize(net, inputs, 8);
        RamanProgram prog =
                RamanCompiler.compile(q, masks, layouts, new RamanParams(pes, 8, 32, 4096, 1 << 16, format));
        long firstCycles = -1;
        for (Tensor x : inputs) {
            IntTensor in = q.quantizeInput(x);
            IntTensor[] golden = IntegerModel.run(q, in);
            RamanModel.Result res = RamanModel.run(prog, q, in);
            assertArrayEquals(golden[golden.length - 1].data(), res.output().data(), "P=" + pes + " " + format);
            assertTrue(res.cycles() > 0 && res.macs() > 0);
            if (firstCycles < 0) {
                firstCycles = res.cycles();
                assertEquals(firstCycles, RamanModel.run(prog, q, in).cycles(), "deterministic");
            }
        }
        if (format == SparseFormat.LFSR) {
            assertEquals(0, prog.indexBits());
            assertTrue(prog.seedBits() > 0);
        }
        if (format == SparseFormat.INDEX) {
            assertTrue(prog.indexBits() > 0);
        }
        CASES.incrementAndGet();
    }

    @Test
    void zeroActivationsCostOneFetchCycleAndBalancedPesNeverIdle() {
        Network.Builder b = Network.builder(Shape.of1d(16, 8));
        b.add("pw", Conv.pointwise1d(16, 32));
        Network net = b.build();
        net.initialize(3);
        PruneResult pr = new BalancedStochastic(8, 4).prune(new PruneRequest(net, 0.5, 1, 8));
        net.applyMasks(pr.masks());
        Tensor x = new Tensor(net.inputShape());
        for (int j = 0; j < x.data().length; j++) {
            x.data()[j] = (j % 2 == 0) ? 0 : 0.5; // half the activations are zero
        }
        QuantizedNetwork q = Quantizer.quantize(net, List.of(x), 8);
        RamanProgram prog =
                RamanCompiler.compile(q, pr.masks(), pr.lfsrLayouts(), RamanParams.defaults(8, SparseFormat.LFSR));
        RamanModel.Result res = RamanModel.run(prog, q, q.quantizeInput(x));
        RamanModel.StepStats s = res.steps().get(0);
        assertEquals(128, s.activations());
        assertEquals(64, s.zeroActivations());
        // 32 channels / 8 PEs = 4 rows, K = 1: a block is one input channel; 50 % of 4 = 2 entries per PE per column
        assertEquals(0, s.idlePeCycles(), "balanced: no PE waits");
        assertEquals(
                2 + 16 * 2 + s.drawCycles() + 64 * 1 + 64 * 2 + 2 + 4 * 8,
                s.cycles(),
                "descriptor + block set-up + draws + one cycle per zero + two MAC cycles per non-zero + drain + post");
        assertEquals(64L * 8 * 2, s.macs());
    }

    @Test
    void impossibleConfigurationsNameTheLayerAndTheLimit() {
        Network.Builder b = Network.builder(Shape.of1d(4, 8));
        b.add("big", Conv.conv1d(4, 16, 3, 1, 1, 1));
        Network net = b.build();
        net.initialize(1);
        QuantizedNetwork q = Quantizer.quantize(net, List.of(new Tensor(net.inputShape())), 8);
        IllegalArgumentException mem = assertThrows(
                IllegalArgumentException.class,
                () -> RamanCompiler.compile(
                        q, null, Map.of(), new RamanParams(4, 8, 32, 4096, 10, SparseFormat.DENSE)));
        assertTrue(
                mem.getMessage().contains("layer 'big'") && mem.getMessage().contains("weight memory holds 10"),
                mem.getMessage());
        IllegalArgumentException act = assertThrows(
                IllegalArgumentException.class,
                () -> RamanCompiler.compile(q, null, Map.of(), new RamanParams(4, 8, 32, 8, 4096, SparseFormat.DENSE)));
        assertTrue(act.getMessage().contains("banks hold 8"), act.getMessage());
        IllegalArgumentException lfsr = assertThrows(
                IllegalArgumentException.class,
                () -> RamanCompiler.compile(q, null, Map.of(), RamanParams.defaults(4, SparseFormat.LFSR)));
        assertTrue(lfsr.getMessage().contains("layer 'big'"), lfsr.getMessage());
        IllegalArgumentException acc = assertThrows(
                IllegalArgumentException.class,
                () -> RamanCompiler.compile(
                        q, null, Map.of(), new RamanParams(4, 8, 16, 4096, 4096, SparseFormat.DENSE)));
        assertTrue(acc.getMessage().contains("16-bit accumulator"), acc.getMessage());
    }

    @AfterAll
    static void allRan() {
        assertEquals(15, CASES.get());
    }
}
