package shears.reports.logicnet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.accelerators.logic.LogicNetModule;
import shears.models.data.Monks;
import shears.models.data.Table;
import shears.models.logicnet.GatePruning;
import shears.models.logicnet.GreedyConstantPruning;
import shears.models.logicnet.HardNet;
import shears.models.logicnet.LogicExperiment;
import shears.models.logicnet.SatPruning;
import shears.models.logicnet.SimilarityPruning;
import shears.reports.Flow;
import shears.reports.PointResult;
import shears.reports.PruningStrategy;
import shears.reports.measure.Measure;
import shears.reports.measure.Measurement;
import shears.rtl.aig.Aig;
import shears.rtl.estimate.Estimator;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.sim.power.PowerEstimator;

/**
 * Logic networks through hardware. The base model is a network with learned interconnect trained
 * on MONK-3-like data (generated, so no download); a strategy at sparsity s prunes the gate netlist
 * to a budget of (1 - s) of its ANDs (SAT sweeping is exact and ignores the budget). Each point is
 * generated ({@code pipeline} = register every k levels, 0 = combinational), estimated at 65 nm,
 * simulated on the test set for toggle activity, and checked: the hardware's class on every test
 * sample must equal the software netlist's.
 */
public final class LogicNetFlow implements Flow<LogicNetFlow.Model> {
    /** A pruned gate netlist with the data it is judged on. */
    public record Model(Aig netlist, int classes, boolean[][] trainX, int[] trainY, boolean[][] testX, int[] testY) {}

    @Override
    public String name() {
        return "logicnet";
    }

    @Override
    public Model baseModel(long seed) {
        Table[] tt = Monks.problem(3, seed);
        LogicExperiment.Trained t =
                LogicExperiment.train(tt[0], tt[1], new LogicExperiment.Settings(3, 96, 8, 2, 1, 150, 32, 0.02, seed));
        return new Model(t.netlist(), t.classes(), t.trainX(), t.trainY(), t.testX(), t.testY());
    }

    @Override
    public List<PruningStrategy<Model>> strategies() {
        return List.of(
                strategy(new SatPruning()), strategy(new SimilarityPruning()), strategy(new GreedyConstantPruning()));
    }

    private static PruningStrategy<Model> strategy(GatePruning p) {
        return new PruningStrategy<>() {
            @Override
            public String name() {
                return p.name();
            }

            @Override
            public Pruned<Model> prune(Model m, double sparsity, long seed) {
                int budget = (int) Math.round((1 - sparsity) * m.netlist().andCount());
                long[][] patterns = HardNet.pack(m.trainX(), m.netlist().inputCount(), (m.trainX().length + 63) / 64);
                Aig pruned = p.prune(m.netlist(), patterns, m.trainX().length, budget);
                // a netlist is wired, not stored: no parameter memory
                return new Pruned<>(new Model(pruned, m.classes(), m.trainX(), m.trainY(), m.testX(), m.testY()), 0, 0);
            }
        };
    }

    /** The one "layer" a logic-network search decides the sparsity of: the whole gate netlist. */
    public static final List<String> SEARCH_LAYERS = List.of("netlist");

    /**
     * Measures a search candidate: {@code base} pruned by the candidate's strategy to its sparsity,
     * generated with {@code pipeline} = the candidate's knob, simulated and estimated as every point
     * of this flow is. SAT sweeping ignores the budget, so the search takes the budgeted strategies.
     */
    public shears.reports.search.HardwareSearch.Evaluator searchEvaluator(Model base, long seed) {
        return c -> {
            PruningStrategy<Model> strategy = strategies().stream()
                    .filter(s -> s.name().equals(c.strategy()))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalArgumentException("no logic-network strategy '" + c.strategy() + "'"));
            PruningStrategy.Pruned<Model> pruned = strategy.prune(base, c.layerSparsity()[0], seed);
            return evaluate(base, pruned, Map.of("pipeline", c.knob("pipeline")), seed)
                    .result();
        };
    }

    @Override
    public Map<String, Integer> defaultParams() {
        return Map.of("pipeline", 0);
    }

    @Override
    public Netlist design(PruningStrategy.Pruned<Model> pruned, Map<String, Integer> params) {
        Model m = pruned.model();
        LogicNetModule.Design d =
                LogicNetModule.build(m.netlist(), m.classes(), params.getOrDefault("pipeline", 0), "logicnet");
        return PassPipeline.standard().run(d.module().netlist()).flatten();
    }

    @Override
    public Evaluated evaluate(
            Model base, PruningStrategy.Pruned<Model> pruned, Map<String, Integer> params, long seed) {
        Model m = pruned.model();
        int pipeline = params.getOrDefault("pipeline", 0);
        LogicNetModule.Design d = LogicNetModule.build(m.netlist(), m.classes(), pipeline, "logicnet");
        Netlist nl = PassPipeline.standard().run(d.module().netlist()).flatten();
        LogicHardware.Samples samples = LogicHardware.encoded(d, nl, m.netlist(), m.classes(), m.testX());
        Measurement x = Measure.run(
                Measure.Request.standard(nl, new Measure.Drive.Fixed(samples.stimulus())),
                trace -> samples.check("logicnet flow (compiled engine)", trace));
        Estimator.Estimate e = x.estimate();
        PowerEstimator.Power p = x.power();
        Map<String, Double> acc = new LinkedHashMap<>();
        acc.put("testAccuracy", HardNet.accuracy(m.netlist(), m.classes(), m.testX(), m.testY()));
        acc.put("trainAccuracy", HardNet.accuracy(m.netlist(), m.classes(), m.trainX(), m.trainY()));
        acc.put("gates", (double) m.netlist().andCount());
        acc.put("depth", (double) m.netlist().depth());
        // one classification per cycle; latency in cycles (0 = combinational, counted as 1 cycle)
        long latency = Math.max(1, d.latencyCycles());
        return new Evaluated(
                new PointResult(
                        latency,
                        e.timing().fmaxMhz(),
                        e.ice40Timing().fmaxMhz(),
                        e.asic().areaUm2(),
                        e.ice40().luts(),
                        e.xilinx().luts(),
                        e.xilinx().ffs(),
                        e.xilinx().dsp(),
                        p.totalUw(),
                        p.energyPerCyclePj(),
                        0,
                        0,
                        acc),
                e);
    }
}
