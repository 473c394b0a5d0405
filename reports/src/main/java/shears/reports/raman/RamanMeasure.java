package shears.reports.raman;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.accelerators.raman.RamanExperiment;
import shears.accelerators.raman.RamanModel;
import shears.accelerators.raman.RamanProgram;
import shears.accelerators.raman.RamanRtl;
import shears.accelerators.raman.RamanRun;
import shears.models.cae.Reconstruction;
import shears.models.quant.QuantizedNetwork;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Tensor;
import shears.reports.measure.Measure;
import shears.reports.measure.Measurement;
import shears.reports.measure.OperatingPoint;
import shears.rtl.ir.Memory;
import shears.rtl.ir.Netlist;
import shears.sim.SimEngine;

/**
 * A RAMAN design point measured: test windows driven through the generated accelerator on an engine,
 * its timing checked against the cycle model and its latents against the golden model, and the
 * measuring layer's estimate and power, with each memory charged at the cycle model's access rate.
 */
public final class RamanMeasure {
    private static final Logger LOG = LoggerFactory.getLogger(RamanMeasure.class);

    private RamanMeasure() {}

    /**
     * What a run measured; a disagreement with the models is reported in {@code mismatch}, not thrown.
     * The two qualities are null when the design has no decoder (an imported encoder alone).
     */
    public record Measured(
            long[] cycles,
            boolean bitExact,
            String mismatch,
            List<int[]> hardware,
            Reconstruction hardwareQuality,
            Reconstruction goldenQuality,
            RamanModel.Result model,
            Measurement measurement) {
        public double meanCycles() {
            double s = 0;
            for (long c : cycles) {
                s += c;
            }
            return s / cycles.length;
        }
    }

    /**
     * A measured point as the RAMAN paper reports it: per channel, at the recording's sampling rate.
     * A window of {@code windowSamples} arrives every {@code windowMs}; the accelerator works
     * {@code activeMs} of it and is clock-gated for the rest, so its real-time average power is the
     * dynamic energy of one window spread over the window plus leakage all the time.
     *
     * @param realTime true when a window is processed before the next one is complete
     */
    public record RealTime(
            int channels,
            double windowMs,
            double activeMs,
            boolean realTime,
            double areaPerChannelMm2,
            double activePowerUw,
            double activePowerPerChannelUw,
            double energyPerWindowNj,
            double energyPerWindowPerChannelNj,
            double averagePowerUw,
            double averagePowerPerChannelUw) {
        /** The figures of {@code m}, with {@code channels} input channels sampled at {@code sampleRateHz}. */
        public static RealTime of(Measured m, int channels, int windowSamples, double sampleRateHz) {
            Measurement x = m.measurement();
            double activeMs = m.meanCycles() / (x.point().freqMhz() * 1e3);
            double windowMs = windowSamples / sampleRateHz * 1e3;
            double activeUw = x.power().totalUw();
            double energyNj = activeUw * activeMs; // uW x ms = nJ
            double dynamicNj = x.power().dynamicUw() * activeMs;
            double averageUw = dynamicNj / windowMs + x.power().leakageUw(); // nJ / ms = uW
            double areaMm2 = x.estimate().asic().areaUm2() / 1e6;
            return new RealTime(
                    channels,
                    windowMs,
                    activeMs,
                    activeMs <= windowMs,
                    areaMm2 / channels,
                    activeUw,
                    activeUw / channels,
                    energyNj,
                    energyNj / channels,
                    averageUw,
                    averageUw / channels);
        }
    }

    /** The engine, operating point and clock gating a run uses. */
    public record Run(SimEngine engine, OperatingPoint point, boolean clockGating) {}

    public static Measured measure(RamanExperiment.Design d, Netlist flat, List<Tensor> windows, Run run) {
        QuantizedNetwork q = d.quantized();
        List<IntTensor> inputs = new ArrayList<>();
        long[] predicted = new long[windows.size()];
        List<int[]> golden = RamanExperiment.goldenLatents(q, windows);
        RamanModel.Result first = null;
        for (int i = 0; i < windows.size(); i++) {
            IntTensor x = q.quantizeInput(windows.get(i));
            inputs.add(x);
            RamanModel.Result m = RamanModel.run(d.program(), q, x);
            first = first == null ? m : first;
            predicted[i] = m.cycles();
        }
        RamanRun driver = new RamanRun(d.program(), inputs, predicted);
        var stim = driver.stimulus(flat);
        double[] reads = accessesPerCycle(flat, first.accesses(), predicted, stim.cycles());
        String engine = run.engine().cliName();
        Checked checked = new Checked(predicted.clone());
        Measurement m = Measure.run(
                new Measure.Request(
                        flat,
                        new Measure.Drive.Fixed(stim),
                        run.engine(),
                        run.point(),
                        new Measure.PowerModel(reads, run.clockGating())),
                trace -> checked.check(driver, engine, flat, trace, golden, d.program()));
        LOG.info(
                "{}: {} windows, {} cycles simulated in {} s",
                engine,
                windows.size(),
                m.cycles(),
                String.format("%.2f", m.simSeconds()));
        // without a decoder (an imported encoder alone) there is nothing to reconstruct with
        Reconstruction gq = d.decoder() == null ? null : RamanExperiment.quality(q, d.decoder(), windows, golden);
        Reconstruction hq = checked.hardware == null || d.decoder() == null
                ? null
                : RamanExperiment.quality(q, d.decoder(), windows, checked.hardware);
        return new Measured(
                checked.cycles, checked.mismatch == null, checked.mismatch, checked.hardware, hq, gq, first, m);
    }

    /** The hardware's latents and cycles read off the trace, and the first disagreement with the models. */
    private static final class Checked {
        long[] cycles;
        List<int[]> hardware;
        String mismatch;

        Checked(long[] predicted) {
            cycles = predicted;
        }

        void check(
                RamanRun driver, String engine, Netlist flat, long[] trace, List<int[]> golden, RamanProgram program) {
            try {
                RamanRun.Outcome out = driver.check(engine, flat, trace);
                hardware = out.outputs();
                cycles = out.hardwareCycles();
                for (int i = 0; i < golden.size() && mismatch == null; i++) {
                    mismatch = firstDifference(engine, i, golden.get(i), hardware.get(i), program);
                }
            } catch (IllegalStateException e) {
                mismatch = e.getMessage();
            }
        }
    }

    private static String firstDifference(String engine, int window, int[] golden, int[] hw, RamanProgram program) {
        List<RamanProgram.Step> steps = RamanRtl.steps(program);
        int len = steps.get(steps.size() - 1).outLen();
        for (int i = 0; i < golden.length; i++) {
            if (golden[i] != hw[i]) {
                return engine + ": window " + window + ", latent channel " + i / len + " position " + i % len
                        + ": hardware " + hw[i] + ", golden model " + golden[i];
            }
        }
        return null;
    }

    /** Memory accesses per cycle over the stimulus: the cycle model's counts for the first window times the windows run. */
    static double[] accessesPerCycle(Netlist flat, Map<String, Long> accesses, long[] predicted, long stimulusCycles) {
        List<Memory> mems = flat.top().memories();
        double[] r = new double[mems.size()];
        for (int k = 0; k < r.length; k++) {
            long perWindow = accesses.getOrDefault(mems.get(k).name(), 0L);
            r[k] = (double) perWindow * predicted.length / Math.max(1, stimulusCycles);
        }
        return r;
    }
}
