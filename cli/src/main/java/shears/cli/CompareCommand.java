package shears.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.reports.ComparisonJournal;
import shears.reports.ComparisonRun;
import shears.reports.Flow;
import shears.reports.Flows;
import shears.reports.html.HtmlReport;
import shears.rtl.util.OutputDir;

/** {@code shears compare}: a pruning-strategy comparison grid with CSV and HTML report, here or on a cluster. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Compare pruning strategies over sparsities and hardware parameters; writes comparison.csv and report.html.",
        subcommands = CompareCommand.Merge.class)
final class CompareCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CompareCommand.class);

    @Option(names = "--flow", description = "Flow: fir, logicnet, raman or hsi (required).")
    String flow;

    @Option(names = "--strategies", split = ",", description = "Strategies (default: all of the flow's).")
    List<String> strategies = new ArrayList<>();

    @Option(
            names = "--sparsity",
            split = ",",
            defaultValue = "0.5,0.75,0.9",
            description = "Target sparsities in [0, 1) (default: ${DEFAULT-VALUE}).")
    List<String> sparsity;

    @Option(
            names = "--param",
            paramLabel = "name=v1[|v2...]",
            description = "Hardware parameter values to sweep (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (reused to resume) (required).")
    Path out;

    @Option(
            names = "--yosys",
            description = "Also synthesise every point with Yosys; adds estimator-vs-Yosys error columns.")
    boolean yosys;

    @Option(
            names = "--shard",
            paramLabel = "i/N",
            description =
                    "Run only slice i of N of the grid (points i, i+N, ...); " + "'compare merge' joins the slices.")
    String shard;

    @Option(
            names = "--executor",
            defaultValue = "local",
            paramLabel = "local|slurm|lsf",
            description =
                    "Where the points run: here, or as a Slurm (sbatch) or LSF (bsub) job array of --tasks shards that this "
                            + "command waits for and merges (default: ${DEFAULT-VALUE}; docs/cluster.md).",
            converter = Executor.Converter.class)
    Executor executor;

    /** Where the points run: here, or as the job array of a scheduler. */
    enum Executor {
        LOCAL(null),
        SLURM(ClusterRun.Scheduler.SLURM),
        LSF(ClusterRun.Scheduler.LSF);

        final ClusterRun.Scheduler scheduler;

        Executor(ClusterRun.Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static final class Converter implements picocli.CommandLine.ITypeConverter<Executor> {
            @Override
            public Executor convert(String value) {
                for (Executor e : values()) {
                    if (e.toString().equals(value)) {
                        return e;
                    }
                }
                throw new picocli.CommandLine.TypeConversionException(
                        "must be local, slurm or lsf, got '" + value + "'");
            }
        }
    }

    @Option(
            names = "--tasks",
            defaultValue = "4",
            description = "Shards (array tasks) of a cluster run (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--max-parallel", paramLabel = "M", description = "Array tasks running at once (default: all).")
    Integer maxParallel;

    @Option(
            names = "--partition",
            paramLabel = "NAME",
            description = "Slurm partition or LSF queue (default: the site's).")
    String partition;

    @CommandLine.Mixin
    ForceOption force = new ForceOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (flow == null || out == null) {
            throw new UserException(
                    "Missing required option: '" + (flow == null ? "--flow=<flow>" : "--out=DIR") + "'");
        }
        Flow<?> f;
        try {
            f = Flows.get(flow);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        List<Double> sp = sparsities();
        List<String> strat = strategies.isEmpty()
                ? f.strategies().stream().map(s -> s.name()).toList()
                : strategies;
        List<String> known = f.strategies().stream().map(s -> s.name()).toList();
        for (String s : strat) {
            if (!known.contains(s)) {
                throw new UserException(
                        "flow " + flow + " has no strategy '" + s + "' (known: " + String.join(", ", known) + ")");
            }
        }
        List<Map<String, Integer>> grid = paramGrid(f);
        if (yosys && !shears.rtl.util.ExternalTools.available("yosys")) {
            throw new UserException("--yosys needs yosys on the PATH (Debian package: yosys)");
        }
        ClusterRun.Plan plan = plan();
        ComparisonRun.Shard slice = null;
        if (shard != null) {
            if (plan != null) {
                throw new UserException("--shard runs one slice here; it does not go with --executor " + executor);
            }
            try {
                slice = ComparisonRun.Shard.parse(shard);
            } catch (IllegalArgumentException e) {
                throw new UserException("--" + e.getMessage());
            }
        }
        List<String> taskArgs = taskArgs(strat, sp);
        String command = "shears compare " + String.join(" ", taskArgs);
        List<ComparisonRun.Row> rows;
        int resumed = 0;
        try (OutputDir dir = OutputDir.open("--out", out, "compare", force.force)) {
            ComparisonRun.Output output = new ComparisonRun.Output(out, force.force);
            dir.claim(output.csvName());
            if (plan != null) {
                rows = ClusterRun.run(plan, out, taskArgs, force.force, dir).rows();
                dir.write(output.csvName(), shears.reports.CsvReport.format(rows));
            } else {
                dir.claim(output.journalName());
                if (slice != null) {
                    dir.claim(ComparisonRun.SHARD_MANIFEST);
                }
                try {
                    ComparisonRun.Outcome outcome =
                            ComparisonRun.runGrid(f, strat, sp, grid, seed, output, yosys, slice, command, LOG::info);
                    rows = outcome.rows();
                    resumed = outcome.resumed();
                } catch (ComparisonJournal.InputsDiffer e) {
                    throw new UserException("--out " + e.getMessage());
                }
            }
            Flow<?> reported = f;
            dir.write("report.html", HtmlReport.render(flow, command, rows, reported::pictures));
            dir.commit();
        }
        print(rows, resumed);
        return 0;
    }

    private List<Double> sparsities() {
        List<Double> sp = new ArrayList<>();
        for (String s : sparsity) {
            double v;
            try {
                v = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new UserException("--sparsity '" + s + "' is not a number");
            }
            if (!(v >= 0 && v < 1)) {
                throw new UserException("--sparsity must be in [0, 1), got " + s);
            }
            sp.add(v);
        }
        return sp;
    }

    /** The cluster plan, or null for --executor local. */
    private ClusterRun.Plan plan() {
        ClusterRun.Plan plan = executor.scheduler == null
                ? null
                : new ClusterRun.Plan(executor.scheduler, tasks, maxParallel == null ? tasks : maxParallel, partition);
        if (plan == null && (maxParallel != null || partition != null)) {
            throw new UserException("--max-parallel and --partition apply with --executor slurm or lsf");
        }
        if (plan != null) {
            ClusterRun.requireScheduler(plan);
        }
        return plan;
    }

    /**
     * The options that define the grid, in one canonical form: what every cluster task repeats, and
     * the command line the report shows (the same for one run and for merged shards).
     */
    private List<String> taskArgs(List<String> strat, List<Double> sp) {
        List<String> a = new ArrayList<>(List.of(
                "--flow",
                flow,
                "--strategies",
                String.join(",", strat),
                "--sparsity",
                sp.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))));
        for (String p : params) {
            a.add("--param");
            a.add(p);
        }
        a.add("--seed");
        a.add(Long.toString(seed));
        if (yosys) {
            a.add("--yosys");
        }
        return a;
    }

    private void print(List<ComparisonRun.Row> rows, int resumed) {
        var w = spec.commandLine().getOut();
        w.printf(
                "%d points (%d resumed from an earlier run, %d computed): %s, %s%n",
                rows.size(),
                resumed,
                rows.size() - resumed,
                out.resolve(ComparisonRun.CSV),
                out.resolve("report.html"));
        for (ComparisonRun.Row r : rows) {
            w.printf(
                    "  %-11s sparsity %.2f %-10s area %9.1f um2  LUT6 %4d  DSP %2d  power %7.3f uW  %s%n",
                    r.point().strategy(),
                    r.point().sparsity(),
                    r.point().paramsText(),
                    r.result().areaUm2(),
                    r.result().lut6(),
                    r.result().dsp(),
                    r.result().powerUw(),
                    figures(r.result().accuracy(), "%.4g")
                            + (r.result().yosysErrorsPct().isEmpty()
                                    ? ""
                                    : " error vs Yosys % " + figures(r.result().yosysErrorsPct(), "%+.1f")));
        }
    }

    @Command(
            name = "merge",
            mixinStandardHelpOptions = true,
            description =
                    "Join the outputs of 'compare --shard i/N' runs into the comparison.csv and report.html one run writes.")
    static final class Merge implements Callable<Integer> {
        @CommandLine.Parameters(arity = "1..*", paramLabel = "DIR", description = "Shard output directories.")
        List<Path> shards;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "Directory for the merged comparison.")
        Path out;

        @CommandLine.Mixin
        ForceOption force = new ForceOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            OutputDir.probe("--out", out, "compare", force.force);
            shears.reports.ComparisonMerge.Merged m;
            try {
                m = shears.reports.ComparisonMerge.merge(shards, ComparisonRun.NAME + ".journal");
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            try (OutputDir dir = OutputDir.open("--out", out, "compare", force.force)) {
                dir.write(ComparisonRun.CSV, shears.reports.CsvReport.format(m.rows()));
                dir.write("report.html", HtmlReport.render(m.flow(), m.command(), m.rows()));
                dir.commit();
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "merged %d shards, %d points: %s, %s%n",
                            shards.size(), m.rows().size(), out.resolve(ComparisonRun.CSV), out.resolve("report.html"));
            return 0;
        }
    }

    /** name=value pairs in the map's order, values to the precision a reader can use. */
    private static String figures(Map<String, Double> m, String format) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ")
                .append(k)
                .append('=')
                .append(String.format(java.util.Locale.ROOT, format, v)));
        return sb.toString();
    }

    private List<Map<String, Integer>> paramGrid(Flow<?> f) {
        Map<String, Integer> defaults = f.defaultParams();
        Map<String, List<Integer>> values = new LinkedHashMap<>();
        defaults.forEach((k, v) -> values.put(k, List.of(v)));
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new UserException("malformed --param '" + p + "' (expected name=v1|v2)");
            }
            String k = p.substring(0, eq);
            if (!defaults.containsKey(k)) {
                throw new UserException("flow " + flow + " has no parameter '" + k + "' (has: "
                        + String.join(", ", defaults.keySet()) + ")");
            }
            List<Integer> vs = new ArrayList<>();
            for (String v : p.substring(eq + 1).split("\\|")) {
                try {
                    vs.add(Integer.parseInt(v.trim()));
                } catch (NumberFormatException e) {
                    throw new UserException("--param " + k + ": '" + v + "' is not an integer");
                }
                int[] range = f.paramRange(k);
                if (vs.get(vs.size() - 1) < range[0] || vs.get(vs.size() - 1) > range[1]) {
                    throw new UserException("--param " + k + " must be in [" + range[0] + ", " + range[1] + "]");
                }
            }
            values.put(k, vs);
        }
        List<Map<String, Integer>> grid = new ArrayList<>();
        grid.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Integer>> e : values.entrySet()) {
            List<Map<String, Integer>> next = new ArrayList<>();
            for (Map<String, Integer> g : grid) {
                for (int v : e.getValue()) {
                    Map<String, Integer> m = new LinkedHashMap<>(g);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            grid = next;
        }
        return grid;
    }
}
