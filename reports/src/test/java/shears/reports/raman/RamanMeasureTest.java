package shears.reports.raman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shears.accelerators.raman.RamanExperiment;
import shears.accelerators.raman.RamanRtl;
import shears.accelerators.raman.RamanRun;
import shears.models.cae.CaeConfig;
import shears.models.cae.CaeExperiment;
import shears.models.tensor.Tensor;
import shears.reports.measure.OperatingPoint;
import shears.rtl.ir.Netlist;
import shears.rtl.testing.Lint;
import shears.rtl.testing.ToolCheck;
import shears.sim.Engine;
import shears.sim.OutputTrace;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.testbench.verilator.VerilatorSimulator;

/**
 * The default DS-CAE encoder architecture (16 ch x 256 samples -> 5 x 16 latents), briefly trained,
 * on the generated accelerator: interpreter, compiled engine and Verilator agree cycle by cycle,
 * equal the cycle model's timing and the golden model's latents, and the reconstruction from the
 * hardware's latents equals the golden model's. The design is lint-clean.
 */
class RamanMeasureTest {
    private static final AtomicInteger CASES = new AtomicInteger();
    private static CaeExperiment.Trained trained;

    @BeforeAll
    static void train() {
        CaeExperiment.Settings d = CaeExperiment.Settings.defaults(5);
        CaeExperiment.Settings s =
                new CaeExperiment.Settings(CaeConfig.defaults(), d.lfp(), 48, 3, 1, 1, 8, 2e-3, 5, 8, 8, null, false);
        trained = CaeExperiment.train(s);
    }

    @ParameterizedTest(name = "{0} {1} P={2}")
    @CsvSource({"balanced, 0.75, 8", "magnitude, 0.75, 8", "dense, 0, 4"})
    void everyEngineEqualsTheGoldenModel(String strategy, double sparsity, int pes) throws Exception {
        RamanExperiment.Design d = RamanExperiment.prepare(
                trained,
                new shears.accelerators.raman.RamanSpec(shears.models.cae.CaeStrategy.of(strategy), sparsity, pes));
        Netlist flat = RamanExperiment.netlist(d.program(), RamanRtl.Options.ROM);
        List<Tensor> windows = trained.test().subList(0, 2);
        RamanMeasure.Measured ref = RamanMeasure.measure(
                d, flat, windows, new RamanMeasure.Run(Engine.COMPILED, OperatingPoint.DEFAULT, false));
        assertNull(ref.mismatch());
        assertTrue(ref.bitExact());
        assertEquals(ref.goldenQuality().sndrDb(), ref.hardwareQuality().sndrDb(), 0.0, "SNDR from hardware latents");
        assertEquals(ref.goldenQuality().r2(), ref.hardwareQuality().r2(), 0.0, "R^2 from hardware latents");
        assertTrue(ref.measurement().power().totalUw() > 0
                && ref.measurement().estimate().asic().areaUm2() > 0);

        // every engine on one stimulus, compared trace against trace
        RamanRun run = new RamanRun(
                d.program(),
                windows.stream().map(x -> d.quantized().quantizeInput(x)).toList(),
                ref.cycles());
        var stim = run.stimulus(flat);
        long[] compiled;
        try (Simulator sim = Engine.COMPILED.create(flat, SimOptions.DEFAULT)) {
            compiled = OutputTrace.capture(sim, stim);
        }
        try (Simulator sim = Engine.INTERP.create(flat, SimOptions.DEFAULT)) {
            long[] t = OutputTrace.capture(sim, stim);
            assertNull(OutputTrace.firstDifference(stim.layout(), compiled, t), "interp vs compiled");
        }
        ToolCheck.require("verilator");
        try (Simulator sim = new VerilatorSimulator(flat)) {
            long[] t = OutputTrace.capture(sim, stim);
            assertNull(OutputTrace.firstDifference(stim.layout(), compiled, t), "verilator vs compiled");
            RamanRun.Outcome out = run.check("verilator", flat, t);
            for (int i = 0; i < windows.size(); i++) {
                assertArrayEquals(ref.hardware().get(i), out.outputs().get(i));
            }
        }
        Lint.verilator(flat);
        Lint.iverilog(flat);
        Lint.yosys(flat, false);
        CASES.incrementAndGet();
    }

    @AfterAll
    static void ranEveryCase() {
        assertTrue(CASES.get() == 0 || CASES.get() == 3, "ran " + CASES.get() + " of 3 cases");
    }
}
