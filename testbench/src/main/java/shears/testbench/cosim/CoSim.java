package shears.testbench.cosim;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.rtl.ir.Netlist;
import shears.sim.OutputTrace;
import shears.sim.PortLayout;
import shears.sim.SimRunner;
import shears.sim.Simulator;
import shears.sim.Stimulus;
import shears.sim.vcd.VcdWriter;
import shears.testbench.verilator.VerilatorSimulator;

/**
 * Lockstep co-simulation: a Java engine and Verilator run the same seeded stimulus and every output
 * (and, on request, every register through {@link DebugPorts}) is compared on every cycle. The first
 * mismatch is reported as cycle, signal, Java value and Verilator value, and both sides re-run to
 * write VCDs of the cycles leading up to it next to the report.
 */
public final class CoSim {
    private static final Logger LOG = LoggerFactory.getLogger(CoSim.class);

    private CoSim() {}

    /**
     * @param compareRegisters also compare every register (adds debug output ports)
     * @param historyCycles    cycles before the mismatch to put in the VCDs
     * @param reportDir        where the report and VCDs go on a mismatch (null: nowhere)
     */
    public record Options(boolean compareRegisters, int historyCycles, Path reportDir) {
        public static final Options DEFAULT = new Options(false, 32, null);
    }

    /** The first disagreement. */
    public record Mismatch(long cycle, String signal, BigInteger javaValue, BigInteger verilatorValue) {
        public String describe() {
            return "cycle " + cycle + ": " + signal + " java=0x" + javaValue.toString(16) + " verilator=0x"
                    + verilatorValue.toString(16);
        }
    }

    /**
     * @param mismatch     null when every compared value agreed
     * @param comparedValues number of (cycle, signal) pairs compared
     */
    public record Result(
            Netlist netlist,
            long cycles,
            long comparedValues,
            Mismatch mismatch,
            double javaSeconds,
            double verilatorSeconds,
            Path javaVcd,
            Path verilatorVcd,
            Path report) {
        public boolean passed() {
            return mismatch == null;
        }
    }

    public static Result run(
            Netlist design, Function<Netlist, Simulator> javaEngine, long cycles, long seed, Options options) {
        Netlist nl = options.compareRegisters() ? DebugPorts.expose(design) : design.flatten();
        PortLayout layout = PortLayout.of(nl.top());
        double javaSeconds = 0;
        double verilatorSeconds = 0;
        long compared = 0;
        Mismatch mismatch = null;
        try (Simulator java = javaEngine.apply(nl);
                VerilatorSimulator ver = new VerilatorSimulator(nl)) {
            long done = 0;
            int chunk = 0;
            while (done < cycles && mismatch == null) {
                int n = (int) Math.min(SimRunner.CHUNK_CYCLES, cycles - done);
                Stimulus s = SimRunner.stimulus(nl, n, seed, chunk);
                long t0 = System.nanoTime();
                long[] jOut = OutputTrace.capture(java, s);
                long t1 = System.nanoTime();
                long[] vOut = OutputTrace.capture(ver, s);
                long t2 = System.nanoTime();
                javaSeconds += (t1 - t0) / 1e9;
                verilatorSeconds += (t2 - t1) / 1e9;
                OutputTrace.Difference d = OutputTrace.firstDifference(layout, jOut, vOut);
                if (d != null) {
                    mismatch = new Mismatch(done + d.cycle(), d.port(), d.a(), d.b());
                    compared += (long) d.cycle() * layout.outputs().size();
                } else {
                    compared += (long) n * layout.outputs().size();
                }
                done += n;
                chunk++;
            }
        }
        if (mismatch == null) {
            return new Result(nl, cycles, compared, null, javaSeconds, verilatorSeconds, null, null, null);
        }
        LOG.warn("co-simulation mismatch: {}", mismatch.describe());
        Path jv = null;
        Path vv = null;
        Path report = null;
        if (options.reportDir() != null) {
            try {
                Files.createDirectories(options.reportDir());
                jv = options.reportDir().resolve("java.vcd");
                vv = options.reportDir().resolve("verilator.vcd");
                writeVcds(nl, javaEngine, seed, mismatch.cycle(), options.historyCycles(), jv, vv);
                report = options.reportDir().resolve("cosim-report.txt");
                Files.writeString(
                        report,
                        "design " + nl.topName() + "\nseed " + seed + "\nfirst mismatch: "
                                + mismatch.describe() + "\nVCDs of cycles "
                                + Math.max(0, mismatch.cycle() - options.historyCycles())
                                + ".." + mismatch.cycle() + ": " + jv.getFileName() + ", " + vv.getFileName() + "\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new Result(nl, cycles, compared, mismatch, javaSeconds, verilatorSeconds, jv, vv, report);
    }

    /** Re-runs both sides from cycle 0 and traces cycles [mismatch - history, mismatch]. */
    private static void writeVcds(
            Netlist nl,
            Function<Netlist, Simulator> javaEngine,
            long seed,
            long mismatchCycle,
            int history,
            Path javaVcd,
            Path verilatorVcd)
            throws IOException {
        long from = Math.max(0, mismatchCycle - history);
        long total = mismatchCycle + 1;
        try (Simulator java = javaEngine.apply(nl);
                VerilatorSimulator ver = new VerilatorSimulator(nl, true);
                Writer w = Files.newBufferedWriter(javaVcd, StandardCharsets.US_ASCII)) {
            long done = 0;
            int chunk = 0;
            boolean tracing = false;
            while (done < total) {
                int n = (int) Math.min(SimRunner.CHUNK_CYCLES, total - done);
                Stimulus s = SimRunner.stimulus(nl, n, seed, chunk);
                // Split the chunk where tracing starts.
                int untraced = tracing ? 0 : (int) Math.max(0, Math.min(n, from - done));
                if (untraced > 0) {
                    Stimulus head = slice(s, 0, untraced);
                    java.run(head, null);
                    ver.run(head, null);
                }
                if (untraced < n) {
                    if (!tracing) {
                        java.traceTo(new VcdWriter(w, nl));
                        ver.traceVcd(verilatorVcd);
                        tracing = true;
                    }
                    Stimulus tail = slice(s, untraced, n);
                    java.run(tail, null);
                    ver.run(tail, null);
                }
                done += n;
                chunk++;
            }
            ver.traceVcd(null);
        }
    }

    private static Stimulus slice(Stimulus s, int from, int to) {
        int iw = s.layout().inputWords();
        return new Stimulus(s.layout(), to - from, Arrays.copyOfRange(s.words(), from * iw, to * iw));
    }
}
