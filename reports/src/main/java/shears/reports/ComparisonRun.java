package shears.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A comparison grid (strategy x sparsity x hardware parameters) run in parallel on the available
 * cores. Deterministic under the seed; resumable: each finished point is journalled
 * ({@link ComparisonJournal}) and a later run with the same inputs takes it from there. Rows are always
 * written in grid order.
 */
public final class ComparisonRun {
    private static final Logger LOG = LoggerFactory.getLogger(ComparisonRun.class);

    private ComparisonRun() {}

    /** One grid point; {@link #key()} identifies it across runs. */
    public record Point(String strategy, double sparsity, Map<String, Integer> params) {
        public Point {
            params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
        }

        public String paramsText() {
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) ->
                    sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(v));
            return sb.toString();
        }

        public String key() {
            return strategy + "|" + sparsity + "|" + paramsText();
        }
    }

    public record Row(Point point, PointResult result) {}

    /**
     * Slice {@code index} of {@code count} of a grid: the points whose position in grid order is
     * {@code index} modulo {@code count}, so every slice gets a spread of strategies and sparsities.
     */
    public record Shard(int index, int count) {
        public Shard {
            if (count < 1 || index < 0 || index >= count) {
                throw new IllegalArgumentException("shard must be i/N with 0 <= i < N, got " + index + "/" + count);
            }
        }

        /** Parses {@code i/N}. */
        public static Shard parse(String text) {
            String[] p = text.split("/");
            try {
                if (p.length == 2) {
                    return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("shard must be i/N with 0 <= i < N, got '" + text + "'");
        }

        public boolean contains(int gridIndex) {
            return gridIndex % count == index;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /** The manifest a shard writes beside its journal: which slice, of which grid, for which command. */
    public static final String SHARD_MANIFEST = "shard.json";

    /**
     * Where a run keeps its journal ({@code NAME.journal}) and writes its CSV ({@code NAME.csv}) in
     * {@code dir}; {@code restart} drops a journal written with other inputs instead of refusing it.
     */
    public record Output(Path dir, String name, boolean restart) {
        public Output {
            if (name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("output name must be a plain file name stem: '" + name + "'");
            }
        }

        public Output(Path dir, boolean restart) {
            this(dir, NAME, restart);
        }

        public String csvName() {
            return name + ".csv";
        }

        public String journalName() {
            return name + ".journal";
        }
    }

    /** The default output name: {@code comparison.csv} and {@code comparison.journal}. */
    public static final String NAME = "comparison";

    public static final String CSV = NAME + ".csv";

    /** Without Yosys, starting over only where the journal's inputs match. */
    public static <M> List<Row> run(
            Flow<M> flow,
            List<String> strategies,
            List<Double> sparsities,
            List<Map<String, Integer>> paramGrid,
            long seed,
            Path dir,
            Consumer<String> progress)
            throws IOException {
        return run(flow, strategies, sparsities, paramGrid, seed, new Output(dir, false), false, progress);
    }

    /**
     * Runs the grid. Points finished by an earlier run into the same directory with the same inputs (see
     * {@link #identity}) are taken from its journal; every point finished now is journalled as it
     * finishes. {@code yosys} also synthesises every point with Yosys and records the estimator's errors.
     */
    public static <M> List<Row> run(
            Flow<M> flow,
            List<String> strategies,
            List<Double> sparsities,
            List<Map<String, Integer>> paramGrid,
            long seed,
            Output output,
            boolean yosys,
            Consumer<String> progress)
            throws IOException {
        return runGrid(flow, strategies, sparsities, paramGrid, seed, output, yosys, progress)
                .rows();
    }

    /** The rows in grid order and how many of them an earlier run had finished. */
    public record Outcome(List<Row> rows, int resumed) {
        public Outcome {
            rows = List.copyOf(rows);
        }
    }

    /** As {@link #run(Flow, List, List, List, long, Output, boolean, Consumer)}, also telling how many points were resumed. */
    public static <M> Outcome runGrid(
            Flow<M> flow,
            List<String> strategies,
            List<Double> sparsities,
            List<Map<String, Integer>> paramGrid,
            long seed,
            Output output,
            boolean yosys,
            Consumer<String> progress)
            throws IOException {
        return runGrid(flow, strategies, sparsities, paramGrid, seed, output, yosys, null, null, progress);
    }

    /**
     * As above for one {@code shard} of the grid (null: all of it). A shard also writes
     * {@link #SHARD_MANIFEST}: its slice, the whole grid in order, the inputs and {@code command}, which
     * is what {@link ComparisonMerge} needs to join the shards into the rows one run would give.
     */
    public static <M> Outcome runGrid(
            Flow<M> flow,
            List<String> strategies,
            List<Double> sparsities,
            List<Map<String, Integer>> paramGrid,
            long seed,
            Output output,
            boolean yosys,
            Shard shard,
            String command,
            Consumer<String> progress)
            throws IOException {
        Map<String, PruningStrategy<M>> known = new LinkedHashMap<>();
        flow.strategies().forEach(s -> known.put(s.name(), s));
        for (String s : strategies) {
            if (!known.containsKey(s)) {
                throw new IllegalArgumentException("flow " + flow.name() + " has no strategy '" + s + "' (known: "
                        + String.join(", ", known.keySet()) + ")");
            }
        }
        for (double sp : sparsities) {
            if (!(sp >= 0 && sp < 1)) {
                throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sp);
            }
        }
        List<Point> grid = new ArrayList<>();
        for (String s : strategies) {
            for (double sp : sparsities) {
                for (Map<String, Integer> p : paramGrid) {
                    grid.add(new Point(s, sp, p));
                }
            }
        }
        Files.createDirectories(output.dir());
        List<Point> mine = grid;
        if (shard != null) {
            mine = new ArrayList<>();
            for (int i = 0; i < grid.size(); i++) {
                if (shard.contains(i)) {
                    mine.add(grid.get(i));
                }
            }
            ComparisonMerge.writeManifest(
                    output.dir().resolve(SHARD_MANIFEST), shard, identity(flow.name(), seed, yosys), command, grid);
        }
        List<Point> todo = mine;
        try (ComparisonJournal journal = ComparisonJournal.open(
                output.dir().resolve(output.journalName()), identity(flow.name(), seed, yosys), output.restart())) {
            int resumed = (int) todo.stream()
                    .filter(p -> journal.done().containsKey(p.key()))
                    .count();
            List<Row> rows = runPoints(flow, known, todo, seed, yosys, journal, progress);
            CsvReport.write(output.dir().resolve(output.csvName()), rows);
            return new Outcome(rows, resumed);
        }
    }

    /**
     * Everything besides the point itself that decides a point's figures: the flow, the seed (which
     * fixes the base model and every random choice), whether and with which Yosys the point was
     * cross-checked, and the Shears release.
     */
    static Map<String, String> identity(String flow, long seed, boolean yosys) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("flow", flow);
        m.put("seed", Long.toString(seed));
        m.put("yosys", yosys ? shears.rtl.util.ExternalTools.version("yosys").orElse("missing") : "off");
        m.put("shears", shears.rtl.util.Version.SHEARS);
        return m;
    }

    private static <M> List<Row> runPoints(
            Flow<M> flow,
            Map<String, PruningStrategy<M>> known,
            List<Point> grid,
            long seed,
            boolean yosys,
            ComparisonJournal journal,
            Consumer<String> progress)
            throws IOException {
        Map<String, Row> done = journal.done();
        List<Point> todo = grid.stream().filter(p -> !done.containsKey(p.key())).toList();
        LOG.info(
                "compare {}: {} points, {} already done, {} to run",
                flow.name(),
                grid.size(),
                grid.size() - todo.size(),
                todo.size());
        if (todo.isEmpty()) {
            return grid.stream().map(p -> done.get(p.key())).toList();
        }
        M base = flow.baseModel(seed);
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), todo.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger finished = new AtomicInteger();
        Map<String, Future<Row>> futures = new LinkedHashMap<>();
        try {
            for (Point p : todo) {
                futures.put(p.key(), pool.submit(() -> {
                    PruningStrategy<M> s = known.get(p.strategy());
                    PruningStrategy.Pruned<M> pruned = s.prune(base, p.sparsity(), seed);
                    Flow.Evaluated evaluated = flow.evaluate(base, pruned, p.params(), seed);
                    PointResult result = evaluated.result();
                    if (yosys) {
                        result = result.withYosysErrors(
                                crossCheck(flow.design(pruned, p.params()), evaluated.estimate(), result));
                    }
                    Row row = new Row(p, result);
                    journal.append(row);
                    int n = finished.incrementAndGet();
                    progress.accept(bar(n, todo.size()) + " " + p.strategy() + " sparsity " + p.sparsity() + " "
                            + p.paramsText());
                    return row;
                }));
            }
            List<Row> rows = new ArrayList<>();
            for (Point p : grid) {
                Row r = done.get(p.key());
                rows.add(r != null ? r : futures.get(p.key()).get());
            }
            return rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c.getMessage(), c);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Double> crossCheck(
            shears.rtl.ir.Netlist design, shears.rtl.estimate.Estimator.Estimate e, PointResult r) throws IOException {
        shears.rtl.estimate.YosysCrossCheck.Result y = shears.rtl.estimate.YosysCrossCheck.run(design);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("yosysTransistorsErrPct", pct(e.asic().transistors(), y.transistors()));
        m.put("yosysGateLevelsErrPct", pct(e.timing().levels(), y.gateLevels()));
        m.put("yosysLut4ErrPct", pct(r.lut4(), y.ice40().luts()));
        m.put("yosysLut6ErrPct", pct(r.lut6(), y.xilinx().luts()));
        return m;
    }

    private static double pct(double est, double ref) {
        return ref == 0 ? (est == 0 ? 0 : 100) : 100 * (est - ref) / ref;
    }

    static String bar(int done, int total) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total;
    }
}
