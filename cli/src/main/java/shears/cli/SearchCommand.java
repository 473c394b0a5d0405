package shears.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.accelerators.raman.RamanExperiment;
import shears.models.cae.CaeExperiment;
import shears.reports.ComparisonJournal;
import shears.reports.logicnet.LogicNetFlow;
import shears.reports.raman.RamanFlow;
import shears.reports.search.HardwareSearch;
import shears.reports.search.Objective;
import shears.reports.search.SearchReport;
import shears.reports.search.SearchSpace;
import shears.rtl.util.OutputDir;

/** {@code shears search}: NSGA-II over per-layer sparsity, strategy and a structural knob, on the flow's own measurements. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description =
                "Hardware-aware pruning search (NSGA-II): per-layer sparsity, strategy and PE count of the RAMAN DS-CAE encoder "
                        + "(--flow raman), or sparsity, strategy and pipelining of a logic network (--flow logicnet); "
                        + "objectives measured in RTL simulation and estimation; writes search.csv, grid.csv, front.csv and report.html "
                        + "(the front beside the uniform-sparsity grid).")
final class SearchCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SearchCommand.class);

    @Option(
            names = "--flow",
            defaultValue = "raman",
            description = "Flow: raman or logicnet (default: ${DEFAULT-VALUE}).")
    String flow;

    @Option(
            names = "--budget",
            defaultValue = "60",
            description = "Designs to measure besides the grid (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(
            names = "--population",
            defaultValue = "12",
            description = "NSGA-II population (default: ${DEFAULT-VALUE}).")
    int population;

    @Option(
            names = "--objectives",
            split = ",",
            description =
                    "The flow's accuracy first (raman: sndr; logicnet: accuracy), then one or two of area, power, "
                            + "energy, cycles, luts (default: sndr,area or accuracy,area).")
    List<String> objectives;

    @Option(
            names = "--steps",
            split = ",",
            defaultValue = "0,0.25,0.5,0.625,0.75,0.875,0.9",
            description = "Sparsities a layer may take (default: ${DEFAULT-VALUE}).")
    List<Double> steps;

    @Option(
            names = "--grid",
            split = ",",
            defaultValue = "0.5,0.75,0.9",
            description = "Sparsities of the uniform grid the front is compared with (default: ${DEFAULT-VALUE}).")
    List<Double> grid;

    @Option(
            names = "--strategies",
            split = ",",
            description = "Strategies to choose from: raman magnitude, balanced (per-layer sparsity); logicnet "
                    + "similarity, greedy (to a gate budget) (default: the flow's two).")
    List<String> strategies;

    @Option(names = "--pes", split = ",", description = "RAMAN PE counts to choose from (default: 4,8).")
    List<Integer> pes;

    @Option(
            names = "--weight-bits",
            split = ",",
            description = "RAMAN encoder weight bits to choose from, 8 and 4: the same trained model quantised to "
                    + "each (default: 8).")
    List<Integer> weightBits;

    @Option(
            names = "--pipeline",
            split = ",",
            description = "Logic-network pipelining to choose from: a register every k gate levels, 0 for none "
                    + "(default: 0,2,4).")
    List<Integer> pipeline;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the model and the search (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Designs measured at once (default: the cores).")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (reused to resume).")
    Path out;

    @CommandLine.Mixin
    ForceOption force = new ForceOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What differs between the flows a search runs on. */
    private record FlowSearch(List<String> layers, HardwareSearch.Evaluator evaluator) {}

    @Override
    public Integer call() throws IOException {
        boolean raman = flow.equals("raman");
        if (!raman && !flow.equals("logicnet")) {
            throw new UserException(
                    "--flow must be raman or logicnet (the flows whose sparsity is decided per layer or "
                            + "per netlist), got '" + flow + "'");
        }
        if (raman && pipeline != null) {
            throw new UserException("--pipeline applies to --flow logicnet; RAMAN's knobs are --pes and --weight-bits");
        }
        if (!raman && (pes != null || weightBits != null)) {
            throw new UserException((pes != null ? "--pes" : "--weight-bits")
                    + " applies to --flow raman; a logic network's knob is --pipeline");
        }
        Objective accuracy = raman ? Objective.SNDR : Objective.ACCURACY;
        HardwareSearch.Settings settings = settings(accuracy);
        List<String> chosen = strategies != null
                ? strategies
                : raman ? List.of("magnitude", "balanced") : List.of("similarity", "greedy");
        for (String s : chosen) {
            boolean known = raman
                    ? s.equals("magnitude") || s.equals("balanced")
                    : s.equals("similarity") || s.equals("greedy");
            if (!known) {
                throw new UserException("--strategies: '" + s + "' "
                        + (raman
                                ? "prunes every layer alike; the search takes magnitude and balanced"
                                : "is not a budgeted logic-network strategy; the search takes similarity and greedy"));
            }
        }
        List<SearchSpace.Knob> knobs = knobs(raman);
        OutputDir.probe("--out", out, "search", force.force);
        FlowSearch f = raman ? raman() : logicnet();
        SearchSpace space = space(f, chosen, knobs);
        String command = "shears search --flow " + flow + " --budget " + budget + " --population " + population
                + " --objectives "
                + String.join(
                        ",",
                        settings.objectives().stream().map(Objective::cliName).toList()) + " --seed "
                + seed;
        try (OutputDir dir = OutputDir.open("--out", out, "search", force.force)) {
            dir.claim("search.journal");
            HardwareSearch.Result r;
            try {
                r = HardwareSearch.run(
                        space,
                        f.evaluator(),
                        settings,
                        out.resolve("search.journal"),
                        Map.of("flow", flow, "seed", Long.toString(seed), "shears", shears.rtl.util.Version.SHEARS),
                        force.force,
                        LOG::info);
            } catch (ComparisonJournal.InputsDiffer e) {
                throw new UserException("--out " + e.getMessage());
            }
            dir.writeAll(SearchReport.files(flow, command, space, settings, r));
            dir.commit();
            var w = spec.commandLine().getOut();
            w.println(SearchReport.summary(settings, r));
            if (r.chosen() != null) {
                w.printf(
                        "chosen design: %s, %s, per-layer sparsity %s%n",
                        r.chosen().candidate().strategy(),
                        SearchReport.knobText(r.chosen().candidate()),
                        r.chosen().candidate().byLayer(space.layers()));
            }
            w.printf("wrote %s (search.csv, grid.csv, front.csv, report.html)%n", out);
        }
        return 0;
    }

    /** The flow's knobs, checked before any model is loaded. */
    private List<SearchSpace.Knob> knobs(boolean raman) {
        for (int p : raman && pes != null ? pes : List.<Integer>of()) {
            if (p < 1 || p > 64 || Integer.bitCount(p) != 1) {
                throw new UserException("--pes must be powers of two in 1..64, got " + p);
            }
        }
        for (int b : raman && weightBits != null ? weightBits : List.<Integer>of()) {
            if (b != 8 && b != 4) {
                throw new UserException("--weight-bits must be 8 or 4, got " + b);
            }
        }
        for (int k : !raman && pipeline != null ? pipeline : List.<Integer>of()) {
            if (k < 0 || k > 64) {
                throw new UserException("--pipeline must be between 0 (no registers) and 64 gate levels, got " + k);
            }
        }
        return raman
                ? List.of(
                        knob(RamanFlow.PES, "--pes", pes != null ? pes : List.of(4, 8)),
                        knob(RamanFlow.WEIGHT_BITS, "--weight-bits", weightBits != null ? weightBits : List.of(8)))
                : List.of(knob("pipeline", "--pipeline", pipeline != null ? pipeline : List.of(0, 2, 4)));
    }

    private FlowSearch raman() {
        CaeExperiment.Trained trained = RamanExperiment.trained(CaeExperiment.Settings.defaults(seed));
        return new FlowSearch(RamanFlow.prunableLayers(trained), new RamanFlow().searchEvaluator(trained));
    }

    private FlowSearch logicnet() {
        LogicNetFlow f = new LogicNetFlow();
        LogicNetFlow.Model base = f.baseModel(seed);
        return new FlowSearch(LogicNetFlow.SEARCH_LAYERS, f.searchEvaluator(base, seed));
    }

    private static SearchSpace.Knob knob(String name, String option, List<Integer> values) {
        try {
            return new SearchSpace.Knob(
                    name, values.stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }

    private HardwareSearch.Settings settings(Objective accuracy) {
        List<Objective> obj = new ArrayList<>();
        try {
            for (String o : objectives != null ? objectives : List.of(accuracy.cliName(), "area")) {
                obj.add(Objective.of(o));
            }
            if (obj.get(0) != accuracy) {
                throw new UserException("--objectives must start with " + accuracy.cliName() + " (the " + flow
                        + " flow's accuracy, which the grid is compared at)");
            }
            for (double g : grid) {
                if (!steps.contains(g)) {
                    throw new UserException("--grid sparsity " + g + " is not one of the --steps " + steps);
                }
            }
            return new HardwareSearch.Settings(
                    budget,
                    population,
                    seed,
                    obj,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                    grid.stream().mapToDouble(Double::doubleValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    private SearchSpace space(FlowSearch f, List<String> chosen, List<SearchSpace.Knob> knobs) {
        try {
            return new SearchSpace(
                    f.layers(), steps.stream().mapToDouble(Double::doubleValue).toArray(), chosen, knobs);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
