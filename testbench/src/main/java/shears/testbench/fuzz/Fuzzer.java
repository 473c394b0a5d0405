package shears.testbench.fuzz;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.examples.RandomDesign;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.util.AtomicFiles;
import shears.rtl.util.ExternalTools;
import shears.sim.Engine;
import shears.sim.OutputTrace;
import shears.sim.PortLayout;
import shears.sim.SimOptions;
import shears.sim.Simulator;
import shears.sim.Stimulus;
import shears.sim.bits.WideBits;
import shears.testbench.verilator.VerilatorSimulator;

/**
 * Differential fuzzing: seeded random designs (every op, widths 1..200, signed/unsigned mixes,
 * registers with reset/enable, RAMs and ROMs), each emitted and linted, then simulated by the
 * interpreter, the compiled engine and Verilator on the same stimulus (Icarus too for small ones).
 * A disagreement is shrunk (fewer operations, same seed) to a small reproducer written to disk.
 */
public final class Fuzzer {
    private static final Logger LOG = LoggerFactory.getLogger(Fuzzer.class);
    /** Designs with at most this many random operations also run under Icarus. */
    static final int ICARUS_MAX_NODES = 120;

    private Fuzzer() {}

    /**
     * @param compiledEngine the engine checked as "compiled" (the compiled Java engine; tests substitute a
     *                       deliberately broken one to exercise detection and shrinking)
     */
    public record Options(
            long seed,
            int designs,
            int cycles,
            Path outDir,
            boolean icarus,
            java.util.function.Function<Netlist, Simulator> compiledEngine) {
        public Options(long seed, int designs, int cycles, Path outDir, boolean icarus) {
            this(seed, designs, cycles, outDir, icarus, nl -> Engine.COMPILED.create(nl, SimOptions.DEFAULT));
        }
    }

    /** One generated design's parameters: everything needed to rebuild it. */
    public record DesignParams(int nodes, int maxWidth, int seed, int memories, boolean optimise) {
        Netlist netlist() {
            Netlist nl = RandomDesign.build(nodes, maxWidth, seed, memories).netlist();
            return (optimise ? PassPipeline.standard().run(nl) : nl).flatten();
        }

        DesignParams withNodes(int n) {
            return new DesignParams(n, maxWidth, seed, memories, optimise);
        }

        @Override
        public String toString() {
            return "nodes=" + nodes + " maxWidth=" + maxWidth + " seed=" + seed + " mems=" + memories
                    + (optimise ? "" : " (no-opt)");
        }
    }

    /** A disagreement: which check, the first differing cycle and signal, and where the reproducer is. */
    public record Finding(int design, String check, DesignParams params, String detail, Path reproducer) {}

    public record Report(
            int designs, int cycles, int icarusDesigns, long comparedValues, List<Finding> findings, double seconds) {}

    static DesignParams paramsFor(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        int[] widths = {1, 8, 32, 63, 64, 65, 128, 200};
        int maxWidth = r.nextBoolean() ? widths[r.nextInt(widths.length)] : 1 + r.nextInt(200);
        int nodes = r.nextInt(4) == 0 ? 20 + r.nextInt(100) : 20 + r.nextInt(280);
        return new DesignParams(nodes, maxWidth, r.nextInt(Integer.MAX_VALUE), r.nextInt(3), r.nextInt(4) != 0);
    }

    public static Report run(Options o, Consumer<String> progress) throws IOException {
        long t0 = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        long compared = 0;
        int icarus = 0;
        boolean haveIcarus = o.icarus() && ExternalTools.available("iverilog");
        for (int i = 0; i < o.designs(); i++) {
            DesignParams p = paramsFor(o.seed(), i);
            Check c = check(p, o.cycles(), haveIcarus && p.nodes() <= ICARUS_MAX_NODES, o.compiledEngine());
            compared += c.compared;
            icarus += c.icarusRan ? 1 : 0;
            if (c.problem != null) {
                Finding f = shrink(i, p, o.cycles(), c, o.outDir(), o.compiledEngine());
                findings.add(f);
                LOG.warn("fuzz design {} ({}): {} {}", i, p, f.check(), f.detail());
            }
            progress.accept(String.format("fuzz %d/%d designs, %d findings", i + 1, o.designs(), findings.size()));
        }
        return new Report(o.designs(), o.cycles(), icarus, compared, findings, (System.nanoTime() - t0) / 1e9);
    }

    private static final class Check {
        String check;
        String problem;
        long compared;
        boolean icarusRan;
    }

    static Check check(
            DesignParams p,
            int cycles,
            boolean withIcarus,
            java.util.function.Function<Netlist, Simulator> compiledEngine)
            throws IOException {
        Check c = new Check();
        Netlist nl = p.netlist();
        Path dir = Files.createTempDirectory("shears-fuzz-");
        try {
            var files = VerilogEmitter.write(nl, dir);
            ExternalTools.Result lint = ExternalTools.verilatorLint(dir, new ArrayList<>(files.keySet()), nl.topName());
            if (!lint.output().isBlank() || !lint.ok()) {
                c.check = "lint";
                c.problem = lint.output().lines().findFirst().orElse("verilator exited " + lint.exitCode());
                return c;
            }
            Stimulus stim = Stimulus.random(nl, cycles, p.seed(), 0.02);
            PortLayout layout = PortLayout.of(nl.top());
            long[] ref = trace(Engine.INTERP.create(nl, SimOptions.DEFAULT), stim);
            long[] comp = trace(compiledEngine.apply(nl), stim);
            long[] ver = trace(new VerilatorSimulator(nl), stim);
            c.compared = 2L * cycles * layout.outputs().size();
            String d = firstDifference(layout, ref, comp, "interp", "compiled");
            if (d == null) {
                d = firstDifference(layout, ref, ver, "interp", "verilator");
            }
            if (d != null) {
                c.check = "engines";
                c.problem = d;
                return c;
            }
            if (withIcarus) {
                c.icarusRan = true;
                IcarusRunner.Trace t = IcarusRunner.run(nl, stim, dir.resolve("icarus"));
                String di = compareIcarus(layout, ref, t, cycles);
                c.compared += cycles * layout.outputs().size();
                if (di != null) {
                    c.check = "icarus";
                    c.problem = di;
                }
            }
            return c;
        } finally {
            deleteTree(dir);
        }
    }

    private static long[] trace(Simulator sim, Stimulus stim) {
        try (sim) {
            return OutputTrace.capture(sim, stim);
        }
    }

    static String firstDifference(PortLayout layout, long[] a, long[] b, String an, String bn) {
        OutputTrace.Difference d = OutputTrace.firstDifference(layout, a, b);
        return d == null
                ? null
                : "cycle " + d.cycle() + ": " + d.port() + " " + an + "=0x" + d.a().toString(16) + " " + bn + "=0x"
                        + d.b().toString(16);
    }

    private static String compareIcarus(PortLayout layout, long[] ref, IcarusRunner.Trace t, int cycles) {
        if (t.outputs().size() != cycles) {
            return "icarus printed " + t.outputs().size() + " cycles, expected " + cycles;
        }
        int ow = layout.outputWords();
        for (int c = 0; c < cycles; c++) {
            for (int k = 0; k < layout.outputs().size(); k++) {
                PortLayout.Port p = layout.outputs().get(k);
                BigInteger iv = t.outputs().get(c)[k];
                if (iv == null) {
                    continue; // X or Z in Icarus (uninitialised state); Shears defines it as 0
                }
                long[] w = Arrays.copyOfRange(ref, c * ow + p.offset(), c * ow + p.offset() + p.words());
                BigInteger jv = WideBits.toBig(w);
                if (!jv.equals(iv)) {
                    return "cycle " + c + ": " + p.name() + " java=0x" + jv.toString(16) + " icarus=0x"
                            + iv.toString(16);
                }
            }
        }
        return null;
    }

    /** Halves the operation count while the same check still fails; writes the smallest reproducer. */
    private static Finding shrink(
            int index,
            DesignParams p,
            int cycles,
            Check failing,
            Path outDir,
            java.util.function.Function<Netlist, Simulator> compiledEngine)
            throws IOException {
        DesignParams best = p;
        Check bestCheck = failing;
        for (int n = p.nodes() / 2; n >= 1; n /= 2) {
            DesignParams q = p.withNodes(n);
            Check c = check(q, cycles, failing.check.equals("icarus"), compiledEngine);
            if (c.problem != null && c.check.equals(failing.check)) {
                best = q;
                bestCheck = c;
            } else {
                break;
            }
        }
        Path dir = null;
        if (outDir != null) {
            dir = outDir.resolve("finding-" + index);
            Netlist nl = best.netlist();
            VerilogEmitter.write(nl, dir);
            AtomicFiles.write(dir.resolve(nl.topName() + ".netlist"), nl.dump());
            AtomicFiles.write(
                    dir.resolve("README.txt"),
                    "check: " + bestCheck.check + "\n" + bestCheck.problem
                            + "\nrebuild: RandomDesign.build(" + best.nodes() + ", " + best.maxWidth() + ", "
                            + best.seed() + ", "
                            + best.memories() + ")" + (best.optimise() ? " + PassPipeline.standard()" : "")
                            + "\nstimulus: Stimulus.random(flat, " + cycles + ", " + best.seed() + ", 0.02)\n");
        }
        return new Finding(index, bestCheck.check, best, bestCheck.problem, dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
