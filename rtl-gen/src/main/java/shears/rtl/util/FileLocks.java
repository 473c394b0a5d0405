package shears.rtl.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Exclusive locks on a file shared by threads of this JVM and by other processes: an operating-system
 * lock ({@link FileChannel#lock()}) for processes, a one-permit {@link Semaphore} per path for threads (not
 * reentrant: a second open from the same thread is a second user), because the JVM refuses a second
 * OS lock on the same file from the same process. Lock files are left in
 * place: deleting one would let a waiter lock a file that a newcomer no longer sees.
 */
public final class FileLocks {
    private static final ConcurrentHashMap<Path, Semaphore> IN_JVM = new ConcurrentHashMap<>();

    private FileLocks() {}

    /** A held lock; closing it releases both levels. */
    public static final class Held implements AutoCloseable {
        private final Semaphore local;
        private final FileChannel channel;
        private final FileLock lock;

        private Held(Semaphore local, FileChannel channel, FileLock lock) {
            this.local = local;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
                channel.close();
            } finally {
                local.release();
            }
        }
    }

    /** Waits until {@code lockFile} (created if missing) is locked by this thread alone. */
    public static Held exclusive(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        Semaphore local = IN_JVM.computeIfAbsent(key, k -> new Semaphore(1));
        local.acquireUninterruptibly();
        try {
            Files.createDirectories(key.getParent());
            FileChannel ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new Held(local, ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            local.release();
            throw e;
        }
    }

    /** As {@link #exclusive} but returns null at once when another process or thread holds the lock. */
    public static Held tryExclusive(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        Semaphore local = IN_JVM.computeIfAbsent(key, k -> new Semaphore(1));
        if (!local.tryAcquire()) {
            return null;
        }
        try {
            FileChannel ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (l == null) {
                ch.close();
                local.release();
                return null;
            }
            return new Held(local, ch, l);
        } catch (IOException | RuntimeException e) {
            local.release();
            throw e;
        }
    }
}
