package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.rtl.testing.ToolCheck;

/** Several {@code shears} processes at once, and one stopped by Ctrl-C: real child JVMs, real signals. */
class ConcurrentRunsTest {
    /** A child JVM running {@code shears args} with its own build cache. */
    private static Process start(Path cache, Path log, String... args) throws IOException {
        return start(cache, log, log, args);
    }

    private static Process start(Path cache, Path out, Path log, String... args) throws IOException {
        // Ctrl-C reaches a terminal's foreground job; a job started in the background (a CI runner's, a shell's '&')
        // begins
        // with SIGINT ignored and passes that on, so the child gets the default disposition back (coreutils env)
        List<String> cmd = new ArrayList<>(List.of(
                "env",
                "--default-signal=INT",
                ProcessHandle.current().info().command().orElse("java"),
                "-Xss16m",
                "-cp",
                System.getProperty("java.class.path"),
                "shears.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile());
        if (out.equals(log)) {
            pb.redirectErrorStream(true);
        }
        pb.environment().put("SHEARS_CACHE", cache.toString());
        return pb.start();
    }

    @Test
    void fourVerilatorSimulationsOnAnEmptyCacheAllSucceed(@TempDir Path dir) throws Exception {
        ToolCheck.require("verilator");
        Path cache = dir.resolve("cache");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(start(
                    cache,
                    dir.resolve("out" + i),
                    dir.resolve("log" + i),
                    "sim",
                    "counter",
                    "--param",
                    "width=13",
                    "--cycles",
                    "500",
                    "--engine",
                    "verilator",
                    "--json"));
        }
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            assertTrue(ps.get(i).waitFor(10, TimeUnit.MINUTES), "process " + i + " finished");
            String log = Files.readString(dir.resolve("log" + i));
            assertEquals(0, ps.get(i).exitValue(), log);
            String json = Files.readString(dir.resolve("out" + i));
            digests.add(JsonParser.parseString(json)
                    .getAsJsonObject()
                    .get("outputsDigest")
                    .getAsString());
        }
        assertEquals(1, digests.size(), "the same outputs from every process");
        List<String> models;
        try (Stream<Path> s = Files.list(cache.resolve("verilator"))) {
            models = s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".lock"))
                    .toList();
        }
        assertEquals(1, models.size(), "one model built, no build directory left behind: " + models);
    }

    @Test
    void anInterruptedComparisonResumesWithOnlyThePointsInFlight(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cmp");
        Path journal = out.resolve("comparison.journal");
        String[] args = {
            "compare",
            "--flow",
            "fir",
            "--sparsity",
            "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9",
            "--param",
            "width=8|12|16",
            "--out",
            out.toString()
        };
        Process p = start(dir.resolve("cache"), dir.resolve("log"), args);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (lines(journal) < 4 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "still running after 3 points: " + Files.readString(dir.resolve("log")));
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        List<String> kept = Files.readAllLines(journal);
        int total = 3 * 9 * 3;
        assertTrue(kept.size() - 1 < total, "interrupted before the end: " + kept.size());
        MainTest.Run again = MainTest.run(args);
        assertEquals(0, again.code(), again.err());
        Matcher m = Pattern.compile("(\\d+) points \\((\\d+) resumed from an earlier run, (\\d+) computed\\)")
                .matcher(again.out());
        assertTrue(m.find(), again.out());
        int whole = (int) kept.stream().skip(1).filter(l -> l.endsWith("}")).count();
        assertEquals(total, Integer.parseInt(m.group(1)));
        assertTrue(
                Integer.parseInt(m.group(2)) >= whole - 1 && Integer.parseInt(m.group(2)) >= 3,
                "every point journalled before the interrupt is reused: " + m.group() + ", " + whole + " lines");
        assertEquals(total + 1, lines(journal));
        // the resumed run's CSV equals an uninterrupted run's
        Path clean = dir.resolve("clean");
        String[] cleanArgs = args.clone();
        cleanArgs[cleanArgs.length - 1] = clean.toString();
        assertEquals(0, MainTest.run(cleanArgs).code());
        assertEquals(
                Files.readString(clean.resolve("comparison.csv")), Files.readString(out.resolve("comparison.csv")));
        // and a run with another seed is refused, naming the seed
        List<String> seven = new ArrayList<>(List.of(args));
        seven.addAll(List.of("--seed", "7"));
        MainTest.Run refused = MainTest.run(seven.toArray(new String[0]));
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("holds a comparison run with seed 1 (this run: 7)"), refused.err());
    }

    private static long lines(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }
}
