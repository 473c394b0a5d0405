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
import shears.reports.raman.RamanFlow;
import shears.reports.search.HardwareSearch;
import shears.reports.search.Objective;
import shears.reports.search.SearchReport;
import shears.reports.search.SearchSpace;
import shears.rtl.util.OutputDir;

/** {@code shears search}: NSGA-II over per-layer sparsity, strategy and PE count, on the flow's own measurements. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description =
                "Hardware-aware pruning search (NSGA-II): per-layer sparsity, strategy and PE count of the RAMAN DS-CAE encoder, "
                        + "objectives measured in RTL simulation and estimation; writes search.csv, grid.csv, front.csv and report.html "
                        + "(the front beside the uniform-sparsity grid).")
final class SearchCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SearchCommand.class);

    @Option(names = "--flow", defaultValue = "raman", description = "Flow: raman (default: ${DEFAULT-VALUE}).")
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
            defaultValue = "sndr,area",
            description =
                    "Accuracy first, then one or two of area, power, energy, cycles, luts (default: ${DEFAULT-VALUE}).")
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
            defaultValue = "magnitude,balanced",
            description =
                    "Strategies to choose from (per-layer sparsity: magnitude, balanced) (default: ${DEFAULT-VALUE}).")
    List<String> strategies;

    @Option(
            names = "--pes",
            split = ",",
            defaultValue = "4,8",
            description = "PE counts to choose from (default: ${DEFAULT-VALUE}).")
    List<Integer> pes;

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

    @Override
    public Integer call() throws IOException {
        if (!flow.equals("raman")) {
            throw new UserException(
                    "--flow must be raman (the flow whose layers prune one by one), got '" + flow + "'");
        }
        HardwareSearch.Settings settings = settings();
        for (String s : strategies) {
            if (!s.equals("magnitude") && !s.equals("balanced")) {
                throw new UserException(
                        "--strategies: '" + s + "' prunes every layer alike; the search takes magnitude and balanced");
            }
        }
        for (int p : pes) {
            if (p < 1 || p > 64 || Integer.bitCount(p) != 1) {
                throw new UserException("--pes must be powers of two in 1..64, got " + p);
            }
        }
        OutputDir.probe("--out", out, "search", force.force);
        RamanFlow raman = new RamanFlow();
        CaeExperiment.Trained trained = RamanExperiment.trained(CaeExperiment.Settings.defaults(seed));
        SearchSpace space = space(trained);
        String command = "shears search --flow raman --budget " + budget + " --population " + population
                + " --objectives " + String.join(",", objectives) + " --seed " + seed;
        try (OutputDir dir = OutputDir.open("--out", out, "search", force.force)) {
            dir.claim("search.journal");
            HardwareSearch.Result r;
            try {
                r = HardwareSearch.run(
                        space,
                        raman.searchEvaluator(trained),
                        settings,
                        out.resolve("search.journal"),
                        Map.of("flow", "raman", "seed", Long.toString(seed), "shears", shears.rtl.util.Version.SHEARS),
                        force.force,
                        LOG::info);
            } catch (ComparisonJournal.InputsDiffer e) {
                throw new UserException("--out " + e.getMessage());
            }
            dir.writeAll(SearchReport.files("raman", command, space, settings, r));
            dir.commit();
            var w = spec.commandLine().getOut();
            w.println(SearchReport.summary(settings, r));
            if (r.chosen() != null) {
                w.printf(
                        "chosen design: %s, P = %d, per-layer sparsity %s%n",
                        r.chosen().candidate().strategy(),
                        r.chosen().candidate().pes(),
                        r.chosen().candidate().byLayer(space.layers()));
            }
            w.printf("wrote %s (search.csv, grid.csv, front.csv, report.html)%n", out);
        }
        return 0;
    }

    private HardwareSearch.Settings settings() {
        List<Objective> obj = new ArrayList<>();
        try {
            for (String o : objectives) {
                obj.add(Objective.of(o));
            }
            if (obj.get(0) != Objective.SNDR) {
                throw new UserException("--objectives must start with sndr (the accuracy the grid is compared at)");
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

    private SearchSpace space(CaeExperiment.Trained trained) {
        try {
            return new SearchSpace(
                    RamanFlow.prunableLayers(trained),
                    steps.stream().mapToDouble(Double::doubleValue).toArray(),
                    strategies,
                    pes.stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
