package shears.reports.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.moeaframework.algorithm.NSGAII;
import org.moeaframework.core.PRNG;
import org.moeaframework.core.Solution;
import org.moeaframework.core.variable.BinaryIntegerVariable;
import org.moeaframework.problem.AbstractProblem;
import org.moeaframework.problem.Problem;
import shears.reports.ComparisonJournal;
import shears.reports.ComparisonRun;
import shears.reports.PointResult;

/**
 * NSGA-II (NSGA-III for three objectives; MOEA Framework 5) over a {@link SearchSpace}, every
 * objective measured by the flow. A
 * journal keyed by the decision vector caches evaluations: a duplicate is never evaluated twice, and
 * a run started again replays the same seeded search from the journal (its finished evaluations
 * cost nothing). Evaluations run on {@code threads} workers; the search's random choices all happen
 * on one thread, so the front is the same on one thread or many. The uniform-sparsity grid of the
 * same space is measured too, for the report's comparison.
 */
public final class HardwareSearch {
    private HardwareSearch() {}

    /** Measures one design (prune, generate, simulate, estimate); deterministic, callable from any thread. */
    @FunctionalInterface
    public interface Evaluator {
        PointResult evaluate(Candidate c);
    }

    /** Budget (distinct evaluations), population, seed, objectives (two or three), worker threads, grid sparsities. */
    public record Settings(
            int budget, int population, long seed, List<Objective> objectives, int threads, double[] gridSparsities) {
        public Settings {
            objectives = List.copyOf(objectives);
            gridSparsities = gridSparsities.clone();
            if (budget < 1 || population < 4 || threads < 1) {
                throw new IllegalArgumentException("budget and threads must be positive and the population at least 4");
            }
            if (objectives.size() < 2
                    || objectives.size() > 3
                    || objectives.stream().distinct().count() != objectives.size()) {
                throw new IllegalArgumentException("give two or three different objectives, got " + objectives);
            }
        }
    }

    /** A measured design. */
    public record Evaluated(Candidate candidate, ComparisonRun.Row row) {
        public double[] minimised(List<Objective> objectives) {
            return objectives.stream()
                    .mapToDouble(o -> o.minimised(row.result()))
                    .toArray();
        }
    }

    /**
     * What the search found: every design it measured, the uniform grid, the front of the search's
     * designs, the front design dominating the most grid points, how many grid points some front
     * design dominates (better or equal everywhere, better somewhere) and how many it only equals,
     * and both fronts' hypervolumes on one scale.
     */
    public record Result(
            List<Evaluated> searched,
            List<Evaluated> grid,
            List<Evaluated> front,
            Evaluated chosen,
            int gridDominated,
            int gridMatched,
            double hypervolume,
            double gridHypervolume,
            int evaluations,
            int resumed) {}

    public static Result run(
            SearchSpace space,
            Evaluator evaluator,
            Settings s,
            Path journalFile,
            Map<String, String> identity,
            boolean restart,
            Consumer<String> progress)
            throws IOException {
        Map<String, String> id = new LinkedHashMap<>(identity);
        id.put(
                "searchSpace",
                space.layers() + " steps " + java.util.Arrays.toString(space.steps()) + " " + space.strategies() + " "
                        + space.knobs());
        java.nio.file.Files.createDirectories(journalFile.toAbsolutePath().getParent());
        ExecutorService pool = Executors.newFixedThreadPool(s.threads());
        try (ComparisonJournal journal = ComparisonJournal.open(journalFile, id, restart)) {
            Cache cache = new Cache(space, evaluator, journal);
            List<Evaluated> grid = grid(space, s, cache, pool);
            int gridCost = cache.computed.get();
            List<Evaluated> searched = search(space, s, cache, pool, progress, gridCost);
            return result(s, grid, searched, cache, gridCost);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Evaluations by decision vector: from the journal, else measured once (even when two workers ask at once) and journalled. */
    private static final class Cache {
        final SearchSpace space;
        final Evaluator evaluator;
        final ComparisonJournal journal;
        final Map<String, ComparisonRun.Row> earlier;
        final Map<String, java.util.concurrent.CompletableFuture<ComparisonRun.Row>> rows = new ConcurrentHashMap<>();
        final AtomicInteger computed = new AtomicInteger();
        final AtomicInteger resumed = new AtomicInteger();

        Cache(SearchSpace space, Evaluator evaluator, ComparisonJournal journal) {
            this.space = space;
            this.evaluator = evaluator;
            this.journal = journal;
            this.earlier = journal.done(); // a snapshot: what earlier runs finished
        }

        Evaluated get(Candidate c) {
            ComparisonRun.Point p = c.point(space.layers());
            var mine = new java.util.concurrent.CompletableFuture<ComparisonRun.Row>();
            var theirs = rows.putIfAbsent(p.key(), mine);
            if (theirs == null) {
                try {
                    mine.complete(measure(c, p));
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                    throw e;
                }
                theirs = mine;
            }
            return new Evaluated(c, theirs.join());
        }

        private ComparisonRun.Row measure(Candidate c, ComparisonRun.Point p) {
            ComparisonRun.Row done = earlier.get(p.key());
            if (done != null) {
                resumed.incrementAndGet();
                return done;
            }
            ComparisonRun.Row r = new ComparisonRun.Row(p, evaluator.evaluate(c));
            try {
                journal.append(r);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            computed.incrementAndGet();
            return r;
        }
    }

    private static List<Evaluated> grid(SearchSpace space, Settings s, Cache cache, ExecutorService pool)
            throws IOException {
        List<Candidate> points = new ArrayList<>();
        for (String strategy : space.strategies()) {
            for (Map<String, Integer> knobs : space.knobSettings()) {
                for (double sp : s.gridSparsities()) {
                    points.add(space.uniform(strategy, knobs, sp));
                }
            }
        }
        return measure(points, cache, pool);
    }

    /** Measures designs on the pool (each once, through the cache) and waits for all of them, in the given order. */
    private static List<Evaluated> measure(List<Candidate> designs, Cache cache, ExecutorService pool)
            throws IOException {
        List<Future<Evaluated>> futures = new ArrayList<>();
        for (Candidate c : designs) {
            futures.add(pool.submit(() -> cache.get(c)));
        }
        List<Evaluated> out = new ArrayList<>();
        for (Future<Evaluated> f : futures) {
            out.add(join(f));
        }
        return out;
    }

    private static Evaluated join(Future<Evaluated> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    private static List<Evaluated> search(
            SearchSpace space, Settings s, Cache cache, ExecutorService pool, Consumer<String> progress, int gridCost) {
        Map<String, Evaluated> seen = new ConcurrentHashMap<>();
        Problem problem = new AbstractProblem(space.variables(), s.objectives().size()) {
            @Override
            public void evaluate(Solution solution) {
                Evaluated e = cache.get(space.decode(BinaryIntegerVariable.getInt(solution)));
                seen.putIfAbsent(e.row().point().key(), e);
                solution.setObjectiveValues(e.minimised(s.objectives()));
            }

            @Override
            public Solution newSolution() {
                Solution sol = new Solution(space.variables(), s.objectives().size());
                for (int i = 0; i < space.layers().size(); i++) {
                    sol.setVariable(i, new BinaryIntegerVariable(0, space.steps().length - 1));
                }
                sol.setVariable(
                        space.layers().size(),
                        new BinaryIntegerVariable(0, space.strategies().size() - 1));
                for (int k = 0; k < space.knobs().size(); k++) {
                    sol.setVariable(
                            space.layers().size() + 1 + k,
                            new BinaryIntegerVariable(0, space.knobs().get(k).values().length - 1));
                }
                return sol;
            }
        };
        PRNG.setSeed(s.seed()); // MOEA Framework draws from one shared generator; one search runs at a time
        org.moeaframework.algorithm.AbstractEvolutionaryAlgorithm nsga =
                algorithm(problem, s, batch -> measureAll(space, cache, pool, batch));
        int generation = 0;
        while (seen.size() < s.budget() && nsga.getNumberOfEvaluations() < 20 * s.budget()) {
            nsga.step();
            generation++;
            List<Evaluated> now = sorted(seen.values());
            progress.accept(String.format(
                    Locale.ROOT,
                    "generation %d: %d designs measured (%d new this run), front of %d, hypervolume %.4f",
                    generation,
                    now.size(),
                    cache.computed.get() - gridCost,
                    frontOf(now, s.objectives()).size(),
                    hypervolume(now, now, s.objectives())));
        }
        return sorted(seen.values());
    }

    /**
     * NSGA-II for two objectives; NSGA-III, whose reference directions keep three-way trade-offs
     * spread, for three (as many directions as the population asks for, at least). Each batch the
     * algorithm evaluates is first measured in parallel ({@code measure}, which returns when every
     * design of the batch is done); the algorithm then reads the results one by one on this thread.
     */
    private static org.moeaframework.algorithm.AbstractEvolutionaryAlgorithm algorithm(
            Problem p, Settings s, Consumer<List<Solution>> measure) {
        if (s.objectives().size() == 2) {
            NSGAII a = new NSGAII(p) {
                @Override
                public void evaluateAll(Iterable<Solution> solutions) {
                    measuredThenEvaluated(this, solutions, measure);
                }
            };
            a.setInitialPopulationSize(s.population());
            return a;
        }
        int divisions = 1;
        while ((divisions + 1) * (divisions + 2) / 2 < s.population()) { // reference points of a 3-objective simplex
            divisions++;
        }
        return new org.moeaframework.algorithm.NSGAIII(
                p, new org.moeaframework.util.weights.NormalBoundaryDivisions(divisions)) {
            @Override
            public void evaluateAll(Iterable<Solution> solutions) {
                measuredThenEvaluated(this, solutions, measure);
            }
        };
    }

    /** Measures a batch of the algorithm's solutions before it reads them. */
    private static void measureAll(SearchSpace space, Cache cache, ExecutorService pool, List<Solution> batch) {
        try {
            measure(
                    batch.stream()
                            .map(sol -> space.decode(BinaryIntegerVariable.getInt(sol)))
                            .toList(),
                    cache,
                    pool);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Hands {@code solutions} to {@code measure} as one batch, then lets {@code algorithm} read each (all cache hits by then). */
    private static void measuredThenEvaluated(
            org.moeaframework.algorithm.Algorithm algorithm,
            Iterable<Solution> solutions,
            Consumer<List<Solution>> measure) {
        List<Solution> batch = new ArrayList<>();
        solutions.forEach(batch::add);
        measure.accept(batch);
        batch.forEach(algorithm::evaluate);
    }

    private static List<Evaluated> sorted(java.util.Collection<Evaluated> e) {
        List<Evaluated> l = new ArrayList<>(e);
        l.sort(Comparator.comparing(x -> x.row().point().key()));
        return l;
    }

    static List<Evaluated> frontOf(List<Evaluated> points, List<Objective> objectives) {
        List<double[]> v = points.stream().map(p -> p.minimised(objectives)).toList();
        return Pareto.front(v).stream().map(points::get).toList();
    }

    /** Hypervolume of {@code points} in the box spanned by {@code all} (so two sets share one scale). */
    static double hypervolume(List<Evaluated> points, List<Evaluated> all, List<Objective> objectives) {
        int m = objectives.size();
        double[] lo = new double[m];
        double[] hi = new double[m];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (Evaluated e : all) {
            double[] v = e.minimised(objectives);
            for (int i = 0; i < m; i++) {
                lo[i] = Math.min(lo[i], v[i]);
                hi[i] = Math.max(hi[i], v[i]);
            }
        }
        return all.isEmpty()
                ? 0
                : Pareto.hypervolume(
                        points.stream().map(e -> e.minimised(objectives)).toList(), lo, hi);
    }

    private static Result result(
            Settings s, List<Evaluated> grid, List<Evaluated> searched, Cache cache, int gridCost) {
        List<Objective> obj = s.objectives();
        List<Evaluated> front = frontOf(searched, obj);
        Evaluated chosen = null;
        int best = -1;
        for (Evaluated d : front) {
            double[] dv = d.minimised(obj);
            int dominated = (int) grid.stream()
                    .filter(g -> Pareto.dominates(dv, g.minimised(obj)))
                    .count();
            if (dominated > best) {
                best = dominated;
                chosen = d;
            }
        }
        int gridDominated = 0;
        int gridMatched = 0;
        for (Evaluated g : grid) {
            double[] gv = g.minimised(obj);
            if (front.stream().anyMatch(d -> Pareto.dominates(d.minimised(obj), gv))) {
                gridDominated++;
            } else if (front.stream().anyMatch(d -> java.util.Arrays.equals(d.minimised(obj), gv))) {
                gridMatched++;
            }
        }
        List<Evaluated> all = new ArrayList<>(grid);
        all.addAll(searched);
        return new Result(
                searched,
                grid,
                front,
                chosen,
                gridDominated,
                gridMatched,
                hypervolume(front, all, obj),
                hypervolume(grid, all, obj),
                cache.computed.get() - gridCost,
                cache.resumed.get());
    }
}
