package shears.rtl.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalToolsTest {
    @Test
    void capturesStdoutAndStderrAndTheExitCode() throws IOException {
        ExternalTools.Result r = ExternalTools.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), null, 60);
        assertEquals(3, r.exitCode());
        assertTrue(r.output().contains("out") && r.output().contains("err"), r.output());
    }

    @Test
    void timeoutKillsTheCommandAndWhatItStarted(@TempDir Path dir) throws IOException, InterruptedException {
        // The child writes a lot first: a reader that waited for the end of the output would hang here.
        IOException e = assertThrows(
                IOException.class,
                () -> ExternalTools.run(
                        List.of("sh", "-c", "head -c 200000 /dev/zero; sleep 120 & echo $! > child.pid; wait"),
                        dir,
                        2));
        assertTrue(e.getMessage().contains("timed out after 2 s"), e.getMessage());
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
        Optional<ProcessHandle> h = ProcessHandle.of(child);
        if (h.isPresent()) {
            h.get().onExit().join();
        }
        assertFalse(
                ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the command's child was killed");
    }

    @Test
    void heartbeatReportsElapsedSecondsWhileTheCommandRuns() throws IOException {
        AtomicInteger beats = new AtomicInteger();
        ExternalTools.Result r = ExternalTools.run(List.of("sleep", "2.5"), null, 60, 1, s -> {
            assertTrue(s >= 1, "elapsed " + s);
            beats.incrementAndGet();
        });
        assertTrue(r.ok());
        assertTrue(beats.get() >= 1 && beats.get() <= 2, "beats " + beats.get());
    }
}
