package shears.rtl.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Finding and running external EDA tools (Verilator, Yosys, Icarus Verilog) when installed. */
public final class ExternalTools {
    private static final Map<String, Optional<String>> VERSIONS = new ConcurrentHashMap<>();

    private ExternalTools() {
    }

    /** Output and exit code of a finished tool run (stdout and stderr merged). */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** First line of the tool's version output, or empty if it is not on the PATH. Cached. */
    public static Optional<String> version(String tool) {
        return VERSIONS.computeIfAbsent(tool, t -> {
            String flag = t.equals("iverilog") ? "-V" : "--version";
            try {
                Result r = run(List.of(t, flag), null, 60);
                return Optional.of(r.output().lines().findFirst().orElse("").trim());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    public static boolean available(String tool) {
        return version(tool).isPresent();
    }

    /** Runs a command to completion (or the timeout), capturing its merged output. */
    public static Result run(List<String> command, Path dir, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " timed out after " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** {@code verilator --lint-only -Wall} over the files; its output (empty when clean). */
    public static Result verilatorLint(Path dir, List<String> files, String top) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", top));
        cmd.addAll(files);
        return run(cmd, dir, 300);
    }
}
