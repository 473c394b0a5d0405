package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import shears.rtl.testing.ToolCheck;

/**
 * Bad and unusual input, as a new user gives it: each case is a command line, the exit code, a fragment
 * of the one-line message, and the promise that the user's directory is exactly as before (nothing
 * written, nothing deleted). {@code {tmp}} is a fresh directory holding a regular file, a directory of
 * the user's own files and a directory of {@code shears demo} results.
 */
class BadInputCorpusTest {
    record Case(String args, int exit, String fragment, String tool) {
        Case(String args, int exit, String fragment) {
            this(args, exit, fragment, null);
        }

        @Override
        public String toString() {
            return args;
        }
    }

    private static final AtomicInteger RAN = new AtomicInteger();

    static Stream<Case> corpus() {
        return Stream.of(
                // usage
                new Case("bogus", 2, "unknown command 'bogus' (commands: "),
                new Case("simm --cycles 3", 2, "unknown command 'simm'; did you mean sim?"),
                new Case("sim counter --cycle 10", 2, "unknown option '--cycle'; did you mean --cycles?"),
                new Case(
                        "sim counter --cycles 3 --engin interp", 2, "unknown option '--engin'; did you mean --engine?"),
                new Case("hdl emit --out {tmp}/o", 2, "Missing required parameter"),
                new Case("sim counter", 2, "Missing required option: '--cycles=N'"),
                new Case("logic frobnicate", 2, "unknown command 'frobnicate'"),
                new Case("hdl", 2, "missing command (one of: emit)"),
                new Case("raman", 2, "missing command (one of: gen, sim)"),
                // designs and parameters
                new Case("sim nosuch --cycles 3", 2, "nosuch"),
                new Case("sim counter --cycles 0", 2, "--cycles must be positive"),
                new Case("sim counter --cycles 3 --param width", 2, "malformed --param 'width'"),
                new Case("sim counter --cycles 3 --param width=x", 2, "'x' is not an integer"),
                new Case("sim counter --cycles 3 --param depth=3", 2, "no parameter 'depth'"),
                new Case("sim counter --cycles 3 --param width=8 --param width=9", 2, "--param width given twice"),
                new Case("sim counter --cycles 3 --engine nosuch", 2, "unknown engine 'nosuch'"),
                new Case("sim random --param nodes=2000000 --cycles 1", 2, "GiB of Java heap"),
                new Case("estimate counter --node 7", 2, "7"),
                new Case("estimate counter --vdd 0", 2, "--vdd and --freq-mhz must be positive"),
                // options that would be ignored
                new Case("estimate counter --yosys-timeout-min 3", 2, "--yosys-timeout-min applies only with --yosys"),
                new Case(
                        "estimate counter --yosys-sat-conflicts 5",
                        2,
                        "--yosys-sat-conflicts applies only with --yosys"),
                new Case("estimate counter --nextpnr-seeds 2", 2, "--nextpnr-seeds applies only with --nextpnr"),
                new Case(
                        "raman gen --model {tmp}/mine --width 32 --out {tmp}/rg",
                        2,
                        "--width does not apply with --model"),
                new Case(
                        "raman gen --model {tmp}/mine --epochs 3 --out {tmp}/rg",
                        2,
                        "--epochs does not apply with --model"),
                new Case(
                        "sim counter --cycles 3 --vcd {tmp}/w.vcd --engine verilator",
                        2,
                        "--vcd works with the Java engines"),
                new Case("models train-cae --sample-rate-hz 500", 2, "--sample-rate-hz applies only with --recording"),
                new Case(
                        "logic gen {tmp}/mine --out {tmp}/lg --feature-bits 6",
                        2,
                        "--feature-bits applies only with --binarize"),
                new Case("raman sim --model {tmp}/mine --seed 3", 2, "--seed does not apply with --model"),
                // output paths
                new Case("hdl emit counter --out /proc/x", 2, "--out /proc/x: cannot create directory: "),
                new Case(
                        "hdl emit counter --out {tmp}/file.txt",
                        2,
                        "--out {tmp}/file.txt: exists and is not a directory"),
                new Case(
                        "hdl emit counter --out {tmp}/file.txt/sub",
                        2,
                        "--out {tmp}/file.txt/sub: cannot create directory"),
                new Case(
                        "hdl emit counter --out {tmp}/demo", 2, "--out {tmp}/demo: holds the results of 'shears demo'"),
                new Case(
                        "hdl emit counter --out {tmp}/mine",
                        2,
                        "would overwrite counter.v, which shears did not write"),
                new Case("sim counter --cycles 3 --vcd {tmp}", 2, "--vcd {tmp}: is a directory (expected a file name)"),
                new Case("sim counter --cycles 3 --vcd /proc/x.vcd", 2, "--vcd /proc/x.vcd: cannot create file: "),
                new Case(
                        "sim counter --cycles 3 --vcd {tmp}/file.txt/w.vcd",
                        2,
                        "--vcd {tmp}/file.txt/w.vcd: cannot create directory"),
                new Case("raman sim --windows 1 --vcd /proc/x.vcd", 2, "--vcd /proc/x.vcd: cannot create file"),
                new Case(
                        "cosim counter --cycles 5 --out /proc/x",
                        2,
                        "--out /proc/x: cannot create directory",
                        "verilator"),
                new Case(
                        "fuzz --seed 1 --designs 1 --cycles 5 --out /proc/x",
                        2,
                        "--out /proc/x: cannot create directory",
                        "verilator"),
                new Case(
                        "compare --flow fir --out {tmp}/demo",
                        2,
                        "--out {tmp}/demo: holds the results of 'shears demo'"),
                new Case("compare --flow fir --out /proc/x", 2, "--out /proc/x: cannot create directory"),
                new Case("compare --flow nosuch --out {tmp}/c", 2, "nosuch"),
                new Case("compare --flow fir --sparsity 1.5 --out {tmp}/c", 2, "--sparsity must be in [0, 1)"),
                new Case("compare --flow fir --strategies nosuch --out {tmp}/c", 2, "has no strategy 'nosuch'"),
                new Case("compare --flow fir --param width=99 --out {tmp}/c", 2, "--param width must be in [2, 32]"),
                new Case("raman gen --out /proc/x", 2, "--out /proc/x: cannot create directory"),
                new Case("models train-cae --out /proc/x", 2, "--out /proc/x: cannot create directory"),
                new Case(
                        "models train-cae --out {tmp}/file.txt",
                        2,
                        "--out {tmp}/file.txt: exists and is not a directory"),
                new Case("logic train --out {tmp}/file.txt", 2, "--out {tmp}/file.txt: exists and is not a directory"),
                new Case("logic train --out {tmp}/demo", 2, "holds the results of 'shears demo'"),
                new Case("logic sweep {tmp}/and.aag --out /proc/x.aig", 2, "--out /proc/x.aig: cannot create file"),
                new Case("logic sweep {tmp}/and.aag --out {tmp}/x.txt", 2, "unknown output format"),
                new Case("demo --out {tmp}/file.txt", 2, "--out {tmp}/file.txt: exists and is not a directory"),
                new Case("demo --cycles 0", 2, "--cycles must be positive"),
                // input files
                new Case("models info {tmp}/nosuch", 2, "nosuch"),
                new Case("logic sweep {tmp}/nosuch.aig", 2, "nosuch.aig"),
                new Case("logic sweep {tmp}/file.txt", 2, "unknown netlist format"),
                new Case("logic cec {tmp}/and.aag {tmp}/nosuch.aag", 2, "nosuch.aag"),
                new Case("raman gen --model {tmp}/mine --out {tmp}/rg", 2, "mine"),
                new Case("logic gen {tmp}/mine --out {tmp}/lg", 2, "logicnet.json"),
                new Case("bench estimate --design nosuch", 2, "nosuch"),
                new Case("raman sim --windows 0", 2, "--windows must be positive"),
                new Case("raman sim --yosys-timeout-min 3", 2, "--yosys-timeout-min applies only with --yosys"),
                new Case("raman sim --yosys --yosys-sat-conflicts 0", 2, "--yosys-sat-conflicts must be positive"),
                new Case("logic train --budgets 2", 2, "--budgets must be fractions in (0, 1]"),
                new Case("hsi scene --width 4 --out {tmp}/h", 2, "--width and --height must be at least 8"),
                new Case("hsi scene --spectra nosuch --out {tmp}/h", 2, "--spectra must be analytic or ecostress"),
                new Case("hsi scene --out /proc/x", 2, "--out /proc/x: cannot create directory"),
                new Case("hsi scene --out {tmp}/demo", 2, "holds the results of 'shears demo'"),
                new Case("hsi", 2, "missing command (one of: scene, train, compress, eval, gen, sim)"),
                new Case("hsi gen --frame 16by32 --out {tmp}/g", 2, "--frame must be HxW in super-pixels"),
                new Case("hsi gen --weight-bits 6 --out {tmp}/g", 2, "--weight-bits must be 8 or 4"),
                new Case("hsi gen --fold enc0a=2x2 --fps 30 --out {tmp}/g", 2, "--fold sets the folding; --fps"),
                new Case(
                        "hsi gen --fold enc0a=2x2 --device zynq --out {tmp}/g",
                        2,
                        "--device must be k26, hx8k or up5k"),
                new Case("hsi gen --fold enc0a --out {tmp}/g", 2, "--fold takes LAYER=PExSIMD"),
                new Case("hsi gen --device zynq --out {tmp}/g", 2, "--device must be k26, hx8k or up5k"),
                new Case("hsi gen --nextpnr-seeds 2 --out {tmp}/g", 2, "--nextpnr-seeds applies only with --nextpnr"),
                new Case("hsi gen --nextpnr --nextpnr-seeds 0 --out {tmp}/g", 2, "--nextpnr-seeds must be at least 1"),
                new Case("hsi gen --fps 0 --out {tmp}/g", 2, "--fps and --clock-mhz must be positive"),
                new Case("hsi gen --out /proc/x", 2, "--out /proc/x: cannot create directory"),
                new Case("hsi gen --out {tmp}/demo", 2, "holds the results of 'shears demo'"),
                new Case("hsi compress --out {tmp}/demo", 2, "holds the results of 'shears demo'"),
                new Case("hsi train --out {tmp}/demo", 2, "holds the results of 'shears demo'"),
                new Case("hsi gen --model {tmp}/mine --out {tmp}/g", 2, "model.json"),
                new Case("hsi sim --engine nosuch", 2, "unknown engine 'nosuch'"),
                new Case("hsi sim --frames 0", 2, "--frames must be 1..100"),
                new Case("hsi sim --stall-prob 1", 2, "--stall-prob must be in [0, 1)"),
                new Case("hsi eval --model {tmp}/mine", 2, "model.json"),
                new Case("hsi eval --model {tmp}/mine --cube {tmp}/c.hdr", 2, "--cube and --labels go together"),
                new Case(
                        "hsi eval --model {tmp}/mine --cube {tmp}/c.hdr --labels {tmp}/l.npy --seed 3",
                        2,
                        "--seed applies only without --cube"),
                new Case("hsi train --preset huge", 2, "--preset must be deployable or baseline"),
                new Case("hsi train --patch 62x128", 2, "divisible by 4"),
                new Case("hsi train --patch big", 2, "--patch must be HEIGHTxWIDTH"),
                new Case("hsi train --norm l3", 2, "--norm must be none, l1, l2 or max"),
                new Case("hsi train --out /proc/x", 2, "--out /proc/x: cannot create directory"),
                new Case("bench train --patch 10x10", 2, "divisible by 4"),
                new Case("bench train --seconds 0", 2, "--seconds must be positive"),
                new Case("bench scale --nodes 0", 2, "--nodes and --cycles must be positive"),
                new Case("compare --flow fir --shard 2/2 --out {tmp}/c", 2, "--shard must be i/N with 0 <= i < N"),
                new Case(
                        "compare --flow fir --executor pbs --out {tmp}/c",
                        2,
                        "Invalid value for option '--executor': must be local, slurm or lsf, got 'pbs'"),
                new Case("compare --flow fir --executor lsf --out {tmp}/c", 2, "--executor lsf needs bsub on the PATH"),
                new Case(
                        "compare --flow fir --max-parallel 2 --out {tmp}/c",
                        2,
                        "--max-parallel and --partition apply with --executor"),
                new Case(
                        "compare --flow fir --executor slurm --tasks 0 --out {tmp}/c",
                        2,
                        "--tasks and --max-parallel must be positive"),
                new Case("compare --flow fir", 2, "Missing required option: '--out=DIR'"),
                new Case("compare merge {tmp}/mine --out {tmp}/m", 2, "{tmp}/mine: not a comparison shard"),
                new Case("search --flow fir --out {tmp}/s", 2, "--flow must be raman or logicnet"),
                new Case("search --pipeline 2 --out {tmp}/s", 2, "--pipeline applies to --flow logicnet"),
                new Case("search --flow logicnet --pes 4 --out {tmp}/s", 2, "--pes applies to --flow raman"),
                new Case(
                        "search --flow logicnet --pipeline 99 --out {tmp}/s",
                        2,
                        "--pipeline must be between 0 (no registers) and 64"),
                new Case(
                        "search --flow logicnet --objectives sndr,area --out {tmp}/s",
                        2,
                        "--objectives must start with accuracy"),
                new Case(
                        "search --flow logicnet --strategies sat --out {tmp}/s",
                        2,
                        "'sat' is not a budgeted logic-network strategy"),
                new Case("search --objectives area,sndr --out {tmp}/s", 2, "--objectives must start with sndr"),
                new Case(
                        "search --objectives sndr,area,power,cycles --out {tmp}/s",
                        2,
                        "give two or three different objectives"),
                new Case("search --objectives sndr,speed --out {tmp}/s", 2, "unknown objective 'speed'"),
                new Case("search --grid 0.6 --out {tmp}/s", 2, "--grid sparsity 0.6 is not one of the --steps"),
                new Case("search --strategies n-of-m --out {tmp}/s", 2, "'n-of-m' prunes every layer alike"),
                new Case("search --pes 3 --out {tmp}/s", 2, "--pes must be powers of two"),
                new Case("search --weight-bits 8,6 --out {tmp}/s", 2, "--weight-bits must be 8 or 4, got 6"),
                new Case("search --weight-bits 8,8 --out {tmp}/s", 2, "--weight-bits: wbits values repeat: [8, 8]"),
                new Case(
                        "search --flow logicnet --weight-bits 4 --out {tmp}/s",
                        2,
                        "--weight-bits applies to --flow raman"),
                new Case("search --budget 0 --out {tmp}/s", 2, "budget and threads must be positive"),
                new Case("search --out {tmp}/demo", 2, "holds the results of 'shears demo'"),
                new Case("hsi compress --strategy prune-all", 2, "unknown --strategy 'prune-all'"),
                new Case("hsi compress --fine-tune-epochs -1", 2, "--fine-tune-epochs must not be negative"),
                new Case("hsi compress --qat-epochs -1", 2, "--qat-epochs must not be negative"),
                new Case("hsi compress --strategy magnitude --sparsity 1", 2, "--sparsity must be between 0 and 1"),
                // ONNX
                new Case("models info {tmp}/file.txt", 2, "{tmp}/file.txt: not an ONNX model, or truncated"),
                new Case(
                        "models run {tmp}/file.txt --input {tmp}/file.txt --out {tmp}/y.npy",
                        2,
                        "--input {tmp}/file.txt: expected a .pb (ONNX TensorProto) or .npy file"),
                new Case(
                        "models run {tmp}/file.txt --input {tmp}/x.npy --precision half --out {tmp}/y.npy",
                        2,
                        "--precision must be float or int"),
                new Case("models run {tmp}/file.txt --input {tmp}/x.npy --out {tmp}/y.txt", 2, "name the file *.npy"),
                new Case(
                        "models run {tmp}/file.txt --input {tmp}/x.npy --out {tmp}/y.npy",
                        2,
                        "{tmp}/file.txt: not an ONNX model, or truncated"),
                new Case("models run {tmp}/file.txt --input {tmp}/nosuch.npy --out {tmp}/y.npy", 2, "nosuch.npy"),
                new Case("models export {tmp}/mine --out {tmp}/x", 2, "model.json"),
                new Case("models export {tmp}/mine --out {tmp}/demo", 2, "holds the results of 'shears demo'"),
                new Case("raman sim --decoder {tmp}/d.onnx", 2, "--decoder applies with an ONNX --model"),
                new Case("raman sim --model {tmp}/file.txt", 2, "{tmp}/file.txt: not an ONNX model, or truncated"));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void oneLineNamingTheProblemAndNothingTouched(Case c, @TempDir Path tmp) throws IOException {
        if (c.tool() != null) {
            ToolCheck.require(c.tool());
        }
        Files.writeString(tmp.resolve("file.txt"), "a file\n");
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("keep.txt"), "keep\n");
        Files.writeString(mine.resolve("counter.v"), "// my own counter\n");
        Path demo = Files.createDirectories(tmp.resolve("demo"));
        Files.writeString(demo.resolve(".shears-manifest"), "shears-output 1\ncommand demo\nfile summary.json\n");
        Files.writeString(demo.resolve("summary.json"), "{}\n");
        Files.writeString(tmp.resolve("and.aag"), "aag 3 2 0 1 1\n2\n4\n6\n6 2 4\n");
        Files.write(
                tmp.resolve("x.npy"),
                shears.models.io.Npy.encode(
                        new shears.models.io.Npy.Array(new int[] {1, 2}, new double[] {1, 2}),
                        shears.models.io.Npy.Type.FLOAT64));
        List<String> before = snapshot(tmp);
        String t = tmp.toString();
        String[] args = c.args().replace("{tmp}", t).split(" ");
        MainTest.Run r = MainTest.run(args);
        assertEquals(c.exit(), r.code(), c.args() + "\n" + r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("shears: error: "), err);
        assertTrue(err.contains(c.fragment().replace("{tmp}", t)), "expected '" + c.fragment() + "' in: " + err);
        assertFalse(err.contains("Exception"), err);
        assertEquals(before, snapshot(tmp), "the directory is as it was");
        RAN.incrementAndGet();
    }

    @org.junit.jupiter.api.Test
    void noArgumentsPrintsTheUsageAndExitsTwo() {
        MainTest.Run r = MainTest.run();
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("Usage: shears") && r.err().contains("Exit codes:"), r.err());
        assertEquals("", r.out());
    }

    @AfterAll
    static void everyCaseRan() {
        long cases = corpus().count();
        assertTrue(cases >= 55, "corpus size " + cases);
        long needTools = corpus().filter(c -> c.tool() != null).count();
        assertTrue(RAN.get() >= cases - needTools, RAN.get() + " of " + cases + " cases ran");
    }

    /** Every path under {@code dir} with its size and content hash. */
    private static List<String> snapshot(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                out.add(dir.relativize(p)
                        + (Files.isRegularFile(p)
                                ? " " + Files.size(p) + " " + java.util.Arrays.hashCode(Files.readAllBytes(p))
                                : "/"));
            }
        }
        return out;
    }
}
