package shears.testbench.verilator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Netlist;
import shears.rtl.util.ExternalTools;
import shears.rtl.util.FileLocks;

/**
 * Builds a Verilated shared object for a netlist: emits the Verilog, generates the C++ wrapper, runs
 * Verilator with the recipe known to work with Debian's 5.006, and caches the result under
 * {@link BuildCache#root()} keyed by a hash of the Verilog, wrapper, flags and Verilator version, so
 * the same design is never built twice.
 */
public final class VerilatorBuild {
    private static final Logger LOG = LoggerFactory.getLogger(VerilatorBuild.class);
    static final String LIB = "libshears_model.so";

    private VerilatorBuild() {}

    /** Flags after the file list is known; part of the cache key. */
    static List<String> flags(String top, boolean trace) {
        return flags(top, trace, false);
    }

    /** {@code toggles}: every net kept as a public variable the wrapper reads at each sample. */
    static List<String> flags(String top, boolean trace, boolean toggles) {
        List<String> f = new ArrayList<>(List.of(
                "--cc",
                "--exe",
                "--build",
                "-j",
                "2",
                "-O3",
                "--x-assign",
                "0",
                "--x-initial",
                "0",
                "--no-timing",
                "-CFLAGS",
                "-fPIC",
                "-LDFLAGS",
                "-shared",
                "-LDFLAGS",
                "-Wl,-Bsymbolic",
                "-MAKEFLAGS",
                "OPT_FAST=-O2",
                "--top-module",
                top,
                "--Mdir",
                "obj",
                "-o",
                LIB));
        if (trace) {
            f.add("--trace");
        }
        if (toggles) {
            f.add("--public-flat-rw");
        }
        return f;
    }

    /** The path of a cached (or freshly built) shared object for {@code netlist}. */
    public static Path build(Netlist netlist, boolean trace) {
        return build(netlist, trace, false);
    }

    /** As {@link #build(Netlist, boolean)}; {@code toggles} builds the model that counts every net's toggles. */
    @SuppressWarnings("try") // the lock is held for the block, not read in it
    public static Path build(Netlist netlist, boolean trace, boolean toggles) {
        Netlist flat = netlist.flatten();
        Map<String, String> verilog = VerilogEmitter.emit(flat);
        String wrapper = WrapperGenerator.generate(flat, trace, toggles);
        List<String> flags = flags(flat.topName(), trace, toggles);
        String version = ExternalTools.version("verilator")
                .orElseThrow(
                        () -> new VerilatorBuildException("verilator is not on the PATH (Debian package: verilator)"));
        String key = hash(verilog + "\n" + wrapper + "\n" + flags + "\n" + version);
        Path dir = BuildCache.root().resolve("verilator").resolve(flat.topName() + "-" + key);
        Path so = dir.resolve(LIB);
        if (Files.exists(so)) {
            return so;
        }
        // Any number of threads and processes may want the same model: one builds it, the others wait
        // for the lock and then find it built.
        try (FileLocks.Held lock = FileLocks.exclusive(dir.resolveSibling(dir.getFileName() + ".lock"))) {
            if (Files.exists(so)) {
                return so;
            }
            return buildLocked(flat, verilog, wrapper, flags, trace, toggles, dir, so);
        } catch (IOException e) {
            throw new VerilatorBuildException("verilator build of " + flat.topName() + " failed: " + e.getMessage());
        }
    }

    private static Path buildLocked(
            Netlist flat,
            Map<String, String> verilog,
            String wrapper,
            List<String> flags,
            boolean trace,
            boolean toggles,
            Path dir,
            Path so) {
        try {
            Files.createDirectories(dir.getParent());
            Path work = Files.createTempDirectory(dir.getParent(), "build-");
            for (Map.Entry<String, String> e : verilog.entrySet()) {
                Files.writeString(work.resolve(e.getKey()), e.getValue());
            }
            Files.writeString(work.resolve("shears_wrapper.cpp"), wrapper);
            List<String> cmd = new ArrayList<>();
            cmd.add("verilator");
            cmd.addAll(flags);
            cmd.addAll(verilog.keySet());
            cmd.add("shears_wrapper.cpp");
            long t0 = System.nanoTime();
            LOG.info(
                    "verilator: building {} ({} cells{}{})",
                    flat.topName(),
                    flat.top().size(),
                    trace ? ", trace" : "",
                    toggles ? ", toggle counting" : "");
            ExternalTools.Result r = ExternalTools.run(cmd, work, 1800);
            Files.writeString(work.resolve("build.log"), String.join(" ", cmd) + "\n" + r.output());
            Path built = work.resolve("obj").resolve(LIB);
            if (!r.ok() || !Files.exists(built)) {
                throw new VerilatorBuildException("verilator build of " + flat.topName() + " failed (log: "
                        + work.resolve("build.log") + "):\n" + relevant(r.output()));
            }
            Files.copy(built, work.resolve(LIB));
            if (Files.exists(dir)) { // a directory left without its library by an older Shears: replaced
                deleteTree(dir);
            }
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
            LOG.info(
                    "verilator: built {} in {} s",
                    flat.topName(),
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            return so;
        } catch (IOException e) {
            throw new VerilatorBuildException("verilator build of " + flat.topName() + " failed: " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The lines of a build log that explain a failure: errors with a little context, at most 40. */
    static String relevant(String log) {
        List<String> lines = log.lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size() && out.size() < 40; i++) {
            String l = lines.get(i);
            if (l.contains("%Error")
                    || l.contains("error:")
                    || l.contains("Error ")
                    || l.contains("undefined reference")) {
                for (int k = Math.max(0, i - 1); k <= Math.min(lines.size() - 1, i + 2) && out.size() < 40; k++) {
                    if (!out.contains(lines.get(k))) {
                        out.add(lines.get(k));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            out = lines.subList(Math.max(0, lines.size() - 20), lines.size());
        }
        return out.stream().map(s -> "  " + s).collect(Collectors.joining("\n"));
    }

    private static String hash(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
