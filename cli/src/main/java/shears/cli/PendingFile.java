package shears.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import shears.rtl.util.AtomicFiles;
import shears.rtl.util.IoErrors;
import shears.rtl.util.OutputDir;

/**
 * A file streamed while a command runs (a VCD): checked before the work starts, written to a temporary
 * file beside it, moved into place only when the run succeeds, removed otherwise.
 */
final class PendingFile implements AutoCloseable {
    private final String option;
    private final Path target;
    private final Path tmp;
    private final BufferedWriter writer;
    private boolean done;

    private PendingFile(String option, Path target, Path tmp, BufferedWriter writer) {
        this.option = option;
        this.target = target;
        this.tmp = tmp;
        this.writer = writer;
    }

    /** Checks {@code target} (one-line error naming {@code option}) without creating anything. */
    static void check(String option, Path target) {
        OutputDir.checkFile(option, target);
    }

    static PendingFile open(String option, Path target) {
        check(option, target);
        Path dir = target.toAbsolutePath().normalize().getParent();
        Path tmp;
        try {
            tmp = AtomicFiles.newTemp(dir, target.getFileName().toString());
        } catch (IOException e) {
            throw IoErrors.output(option, target, "cannot create file", e);
        }
        try {
            return new PendingFile(option, target, tmp, Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw IoErrors.output(option, target, "cannot write file", e);
        }
    }

    BufferedWriter writer() {
        return writer;
    }

    /** The run succeeded: the file takes its name. */
    void commit() {
        try {
            writer.close();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } catch (IOException e) {
            throw IoErrors.output(option, target, "cannot write file", e);
        }
    }

    @Override
    public void close() {
        if (!done) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // the run already failed; its own error is the one to report
            }
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more can be done about a temporary file we cannot remove
        }
    }
}
