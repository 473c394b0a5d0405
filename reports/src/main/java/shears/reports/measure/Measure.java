package shears.reports.measure;

import java.util.function.Consumer;
import shears.rtl.estimate.Estimator;
import shears.rtl.ir.Netlist;
import shears.sim.Engine;
import shears.sim.OutputTrace;
import shears.sim.SimEngine;
import shears.sim.SimOptions;
import shears.sim.SimRunner;
import shears.sim.Simulator;
import shears.sim.Stimulus;
import shears.sim.ToggleCounts;
import shears.sim.power.PowerEstimator;

/**
 * Measures a design, the one recipe every flow and command uses: estimate the flat netlist, simulate
 * it with toggle counting on the chosen engine, and turn the toggles into power at an operating point.
 */
public final class Measure {
    /** The engine flows measure on unless told otherwise: the compiled engine, the fastest in-process one. */
    public static final SimEngine DEFAULT_ENGINE = Engine.COMPILED;

    /**
     * The engine that counts every net's toggles for {@code chosen}: itself when it runs in process,
     * else the default engine (a native engine's counting build is far slower).
     */
    public static SimEngine togglingEngine(SimEngine chosen) {
        return chosen.inProcess() ? chosen : DEFAULT_ENGINE;
    }

    private Measure() {}

    /** The activity a measurement simulates. */
    public sealed interface Drive {
        /** Seeded random stimulus on every input for {@code cycles} cycles. */
        record Random(long cycles, long seed) implements Drive {
            public Random {
                if (cycles <= 0) {
                    throw new IllegalArgumentException("cycles must be positive, got " + cycles);
                }
            }
        }

        /** A given stimulus (an accelerator's driver, a classifier's samples); the output trace is kept. */
        record Fixed(Stimulus stimulus) implements Drive {}

        /**
         * A closed-loop testbench (a stream driver that reacts to ready and valid): it resets and runs
         * the simulator, checks what it needs, and returns the cycles it stepped. It must give the same
         * run every time it is called (a second run counts toggles when the engine cannot).
         */
        record Interactive(java.util.function.ToLongFunction<Simulator> testbench) implements Drive {}
    }

    /**
     * How memories and clocks are charged beyond the toggles: the access rate (reads plus writes) of each memory of the flat
     * netlist (null: from toggles alone) and whether registers are clocked only when they change.
     */
    public record PowerModel(double[] accessesPerCycle, boolean clockGating) {
        public static final PowerModel TOGGLES = new PowerModel(null, false);
    }

    /** Everything a measurement takes. */
    public record Request(Netlist flat, Drive drive, SimEngine engine, OperatingPoint point, PowerModel power) {
        public Request(Netlist flat, Drive drive, SimEngine engine, OperatingPoint point) {
            this(flat, drive, engine, point, PowerModel.TOGGLES);
        }

        /** The default engine (compiled) and operating point. */
        public static Request standard(Netlist flat, Drive drive) {
            return new Request(flat, drive, DEFAULT_ENGINE, OperatingPoint.DEFAULT);
        }
    }

    /** The estimate alone (area, resources, timing) at {@code point}'s node, for commands that report no power. */
    public static Estimator.Estimate estimate(Netlist flat, OperatingPoint point) {
        return Estimator.estimate(flat, point.nodeNm());
    }

    public static Measurement run(Request r) {
        return run(r, trace -> {});
    }

    /**
     * Measures; {@code check} sees the output trace of a fixed drive while the simulation's engine
     * is still known (it throws to report a mismatch).
     */
    public static Measurement run(Request r, Consumer<long[]> check) {
        Estimator.Estimate e = estimate(r.flat(), r.point());
        Activity a = simulate(r, check);
        PowerEstimator.Power p = PowerEstimator.estimate(
                r.flat(),
                e,
                a.toggles(),
                r.point().vdd(),
                r.point().freqMhz(),
                r.power().accessesPerCycle(),
                r.power().clockGating());
        return new Measurement(
                e, r.engine().cliName(), a.cycles(), a.seconds(), a.digest(), a.trace(), a.toggles(), p, r.point());
    }

    private record Activity(long cycles, double seconds, String digest, long[] trace, ToggleCounts toggles) {}

    private static Activity simulate(Request r, Consumer<long[]> check) {
        long t0 = System.nanoTime();
        try (Simulator sim = r.engine().create(r.flat(), SimOptions.WITH_TOGGLES)) {
            if (r.drive() instanceof Drive.Random random) {
                SimRunner.Report rep = SimRunner.run(sim, random.cycles(), random.seed());
                return new Activity(rep.cycles(), rep.seconds(), rep.outputsDigest(), new long[0], rep.toggles());
            }
            if (r.drive() instanceof Drive.Interactive tb) {
                long cycles = tb.testbench().applyAsLong(sim);
                double seconds = (System.nanoTime() - t0) / 1e9;
                ToggleCounts toggles = toggles(sim);
                if (toggles == null || toggles.samples() == 0) {
                    try (Simulator counting = DEFAULT_ENGINE.create(r.flat(), SimOptions.WITH_TOGGLES)) {
                        tb.testbench().applyAsLong(counting);
                        toggles = counting.toggles();
                    }
                }
                return new Activity(cycles, seconds, "", new long[0], toggles);
            }
            Stimulus stim = ((Drive.Fixed) r.drive()).stimulus();
            long[] trace = OutputTrace.capture(sim, stim);
            double seconds = (System.nanoTime() - t0) / 1e9;
            check.accept(trace);
            ToggleCounts toggles = toggles(sim);
            if (toggles == null || toggles.samples() == 0) {
                // an engine built without toggle counting: the compiled engine counts the same toggles
                try (Simulator counting = DEFAULT_ENGINE.create(r.flat(), SimOptions.WITH_TOGGLES)) {
                    OutputTrace.capture(counting, stim);
                    toggles = counting.toggles();
                }
            }
            return new Activity(stim.cycles(), seconds, "", trace, toggles);
        }
    }

    private static ToggleCounts toggles(Simulator sim) {
        try {
            return sim.toggles();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
