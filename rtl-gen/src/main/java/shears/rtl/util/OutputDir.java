package shears.rtl.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A directory a command writes its results into, without ever destroying what it did not write.
 * <ul>
 *   <li>Opened before any long work: the path is probed (created, a file written and removed), so a bad
 *       {@code --out} fails at once with the option, the path and the reason.</li>
 *   <li>A manifest ({@value #MANIFEST}) records which command wrote which files. A directory whose
 *       manifest names another command is refused unless forced; a file that exists but is not in the
 *       manifest is never overwritten unless forced.</li>
 *   <li>{@link #commit()} removes the files the same command wrote last time and did not write now (an
 *       old module file, a weight file of an earlier model), and nothing else.</li>
 *   <li>While open, the directory is locked ({@value #LOCK}): a second process writing into the same
 *       directory is refused instead of interleaving its files with ours.</li>
 * </ul>
 * Every file is written atomically ({@link AtomicFiles}).
 */
public final class OutputDir implements AutoCloseable {
    public static final String MANIFEST = ".shears-manifest";
    public static final String LOCK = ".shears-lock";
    private static final String HEADER = "shears-output 1";

    private final String option;
    private final Path dir;
    private final String command;
    private final boolean force;
    private final Set<String> previous;
    private final Set<String> written = new TreeSet<>();
    private final FileLocks.Held lock;
    private final boolean createdDir;
    private final boolean createdLock;
    private boolean closed;

    private OutputDir(
            String option,
            Path dir,
            String command,
            boolean force,
            Set<String> previous,
            FileLocks.Held lock,
            boolean createdDir,
            boolean createdLock) {
        this.option = option;
        this.dir = dir;
        this.command = command;
        this.force = force;
        this.previous = previous;
        this.lock = lock;
        this.createdDir = createdDir;
        this.createdLock = createdLock;
    }

    /**
     * Opens {@code dir} for {@code command} ("demo", "hdl emit", ...), named {@code option} in messages.
     *
     * @throws OutputException when the path is not a usable directory, is in use by another process, or
     *                         holds another command's results and {@code force} is false
     */
    public static OutputDir open(String option, Path dir, String command, boolean force) {
        Path abs = dir.toAbsolutePath().normalize();
        String where = IoErrors.prefix(option, dir);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new OutputException(where + "exists and is not a directory");
        }
        checkCommand(readManifest(abs, where), command, force, where); // before anything is created
        boolean createdDir = !Files.exists(abs);
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw IoErrors.output(option, dir, "cannot create directory", e);
        }
        probeWritable(option, dir, abs);
        boolean createdLock = !Files.exists(abs.resolve(LOCK));
        FileLocks.Held lock;
        try {
            lock = FileLocks.tryExclusive(abs.resolve(LOCK));
        } catch (IOException e) {
            throw IoErrors.output(option, dir, "cannot lock", e);
        }
        if (lock == null) {
            throw new OutputException(
                    where + "in use by another shears process (wait for it to finish, or choose another directory)");
        }
        try {
            Manifest m = readManifest(abs, where); // again: another process may have written it meanwhile
            checkCommand(m, command, force, where);
            Set<String> previous = m == null || !m.command().equals(command) ? new TreeSet<>() : m.files();
            return new OutputDir(option, dir, command, force, previous, lock, createdDir, createdLock);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    private static void checkCommand(Manifest m, String command, boolean force, String where) {
        if (m != null && !m.command().equals(command) && !force) {
            throw new OutputException(where + "holds the results of 'shears " + m.command()
                    + "'; choose another directory or add --force");
        }
    }

    /**
     * Fails unless {@code dir} is, or could be created as, a writable directory; creates nothing that
     * stays (for commands that write into it only when they have something to report).
     */
    public static void probe(String option, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new OutputException(IoErrors.prefix(option, dir) + "exists and is not a directory");
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new OutputException(IoErrors.prefix(option, dir) + "cannot create directory: "
                    + (existing == null ? "No such file or directory" : existing + " is not a directory"));
        }
        try {
            Files.delete(Files.createDirectory(
                    existing.resolve("." + abs.getFileName() + ".probe-" + Long.toHexString(System.nanoTime()))));
        } catch (IOException e) {
            throw IoErrors.output(
                    option, dir, existing.equals(abs) ? "cannot write into directory" : "cannot create directory", e);
        }
    }

    /**
     * {@link #probe(String, Path)}, and refuses a directory holding another command's results unless
     * {@code force}: what {@link #open} would refuse, found before any long work.
     */
    public static void probe(String option, Path dir, String command, boolean force) {
        probe(option, dir);
        Path abs = dir.toAbsolutePath().normalize();
        String where = IoErrors.prefix(option, dir);
        checkCommand(readManifest(abs, where), command, force, where);
    }

    /** Fails unless a file can be created at {@code file} (its directory made if needed) and it is not a directory. */
    public static void checkFile(String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new OutputException(IoErrors.prefix(option, file) + "is a directory (expected a file name)");
        }
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw IoErrors.output(option, file, "cannot create directory " + parent, e);
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new OutputException(IoErrors.prefix(option, file) + "cannot write file: Permission denied");
        }
        try {
            Files.delete(AtomicFiles.newTemp(parent, abs.getFileName().toString()));
        } catch (IOException e) {
            throw IoErrors.output(option, file, "cannot create file", e);
        }
    }

    private static void probeWritable(String option, Path shown, Path abs) {
        try {
            Files.delete(AtomicFiles.newTemp(abs, "probe"));
        } catch (IOException e) {
            throw IoErrors.output(option, shown, "cannot write into directory", e);
        }
    }

    private record Manifest(String command, Set<String> files) {}

    private static Manifest readManifest(Path abs, String where) {
        Path f = abs.resolve(MANIFEST);
        if (!Files.exists(f)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OutputException(where + "cannot read " + MANIFEST + ": " + IoErrors.reason(e), e);
        }
        if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("command ")) {
            throw new OutputException(
                    where + MANIFEST + " is not a Shears manifest; choose another directory or remove it");
        }
        Set<String> files = new TreeSet<>();
        for (String l : lines.subList(2, lines.size())) {
            if (l.startsWith("file ")) {
                files.add(l.substring(5));
            }
        }
        return new Manifest(lines.get(1).substring(8), files);
    }

    public Path dir() {
        return dir;
    }

    public Path resolve(String relative) {
        return dir.resolve(relative);
    }

    /** The files this command wrote into the directory last time. */
    public Set<String> previousFiles() {
        return java.util.Collections.unmodifiableSet(previous);
    }

    public void write(String relative, String content) {
        write(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    public void write(String relative, byte[] content) {
        Map<String, byte[]> one = new LinkedHashMap<>();
        one.put(relative, content);
        writeAllBytes(one);
    }

    public void writeAll(Map<String, String> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        writeAllBytes(bytes);
    }

    /** Writes every file, after checking that none of them would overwrite a file Shears did not write. */
    public void writeAllBytes(Map<String, byte[]> files) {
        files.keySet().forEach(this::checkMayWrite);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            try {
                AtomicFiles.write(resolve(e.getKey()), e.getValue());
            } catch (IOException ex) {
                throw IoErrors.output(option, resolve(e.getKey()), "cannot write file", ex);
            }
            written.add(e.getKey());
        }
        writeManifest();
    }

    /**
     * Records a file about to be written by other means (an append-only journal) as this command's; the
     * manifest says so at once, so a run killed before it closes still owns the file next time.
     */
    public void claim(String relative) {
        checkMayWrite(relative);
        written.add(relative);
        writeManifest();
    }

    private void checkMayWrite(String relative) {
        Path target = dir.toAbsolutePath().normalize().resolve(relative).normalize();
        if (!target.startsWith(dir.toAbsolutePath().normalize())
                || relative.equals(MANIFEST)
                || relative.equals(LOCK)) {
            throw new IllegalArgumentException("not a file name inside the output directory: " + relative);
        }
        if (Files.exists(target) && !previous.contains(relative) && !written.contains(relative) && !force) {
            throw new OutputException(IoErrors.prefix(option, dir) + "would overwrite " + relative
                    + ", which shears did not write; choose another directory or add --force");
        }
    }

    /**
     * The run succeeded: removes the files this command wrote last time but not this time, and records
     * this run's files.
     */
    public void commit() {
        for (String old : previous) {
            if (!written.contains(old)) {
                try {
                    Files.deleteIfExists(resolve(old));
                } catch (IOException e) {
                    throw IoErrors.output(option, resolve(old), "cannot remove the stale file", e);
                }
            }
        }
        previous.clear();
        writeManifest();
        closed = true;
        release(lock);
    }

    /** Without {@link #commit()}: keeps the old files and records both sets, so the next run still knows them. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!written.isEmpty()) {
                writeManifest();
            }
        } finally {
            release(lock);
            if (written.isEmpty()) {
                removeWhatOpenCreated();
            }
        }
    }

    /** A refused or failed run that wrote nothing leaves the directory as it found it. */
    private void removeWhatOpenCreated() {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (createdLock || createdDir) {
                Files.deleteIfExists(abs.resolve(LOCK));
            }
            if (createdDir) {
                Files.deleteIfExists(abs);
            }
        } catch (IOException e) {
            // not empty (something else wrote there meanwhile) or not ours to remove: leave it
        }
    }

    private void writeManifest() {
        Set<String> all = new TreeSet<>(previous);
        all.addAll(written);
        List<String> lines = new ArrayList<>(List.of(HEADER, "command " + command));
        all.forEach(f -> lines.add("file " + f));
        try {
            AtomicFiles.write(resolve(MANIFEST), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw IoErrors.output(option, resolve(MANIFEST), "cannot write file", e);
        }
    }

    private static void release(FileLocks.Held lock) {
        try {
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
