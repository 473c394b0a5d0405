package shears.rtl.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** Finding and running external EDA tools (Verilator, Yosys, Icarus Verilog) when installed. */
public final class ExternalTools {
    private static final Map<String, Optional<String>> VERSIONS = new ConcurrentHashMap<>();

    private ExternalTools() {}

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
        return run(command, dir, timeoutSeconds, null);
    }

    /** Seconds between calls of a run's heartbeat. */
    public static final int HEARTBEAT_SECONDS = 60;

    /**
     * Runs a command to completion, capturing its merged output; past the timeout the command and
     * every process it started (Yosys's ABC) are killed. {@code heartbeat}, if given, receives the
     * elapsed seconds every {@link #HEARTBEAT_SECONDS} while the command runs.
     */
    public static Result run(List<String> command, Path dir, int timeoutSeconds, LongConsumer heartbeat)
            throws IOException {
        return run(command, dir, timeoutSeconds, HEARTBEAT_SECONDS, heartbeat);
    }

    static Result run(List<String> command, Path dir, int timeoutSeconds, int heartbeatSeconds, LongConsumer heartbeat)
            throws IOException {
        if (timeoutSeconds <= 0 || heartbeatSeconds <= 0) {
            throw new IllegalArgumentException(
                    "timeout and heartbeat must be positive: " + timeoutSeconds + ", " + heartbeatSeconds);
        }
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        // Drained on its own thread: reading to the end here would wait for the process however long it runs.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread drain = new Thread(
                () -> {
                    try (InputStream in = p.getInputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // the process was killed; what was read so far is kept
                    }
                },
                command.get(0) + "-output");
        drain.setDaemon(true);
        drain.start();
        long start = System.nanoTime();
        try {
            while (true) {
                long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                if (elapsed >= timeoutSeconds) {
                    kill(p);
                    throw new IOException(command.get(0) + " timed out after " + timeoutSeconds + " s");
                }
                if (p.waitFor(Math.min(heartbeatSeconds, timeoutSeconds - elapsed), TimeUnit.SECONDS)) {
                    break;
                }
                if (heartbeat != null) {
                    heartbeat.accept(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                }
            }
            drain.join();
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** {@code verilator --lint-only -Wall} over the files; its output (empty when clean). */
    public static Result verilatorLint(Path dir, List<String> files, String top) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", top));
        cmd.addAll(files);
        return run(cmd, dir, 300);
    }
}
