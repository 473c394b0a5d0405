package shears.testbench.verilator;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import shears.rtl.util.ExternalTools;

/**
 * JNA direct mapping ({@link Native#register}) of a tiny C library that calls a function pointer it is
 * given. Every loaded model exports the same symbol names, and a direct-mapped class binds to one
 * library only, so the models' functions are reached through these trampolines with their addresses
 * as arguments: one registered class, any number of models in one JVM, direct-call speed.
 */
final class Trampoline {
    private static final String SOURCE = """
            #include <stdint.h>
            typedef void* (*create_t)(void);
            typedef void (*free_t)(void*);
            typedef void (*port_t)(void*, int32_t, uint32_t*);
            typedef void (*eval_t)(void*);
            typedef void (*step_t)(void*, int64_t);
            typedef void (*run_t)(void*, int64_t, const uint64_t*, uint64_t*);
            typedef int32_t (*trace_t)(void*, const char*);
            typedef int64_t (*toggles_t)(void*, int64_t*);
            int64_t shears_t_create(int64_t f) { return (int64_t)(intptr_t)((create_t)(intptr_t)f)(); }
            void shears_t_free(int64_t f, int64_t m) { ((free_t)(intptr_t)f)((void*)(intptr_t)m); }
            void shears_t_port(int64_t f, int64_t m, int32_t port, uint32_t* w) { ((port_t)(intptr_t)f)((void*)(intptr_t)m, port, w); }
            void shears_t_eval(int64_t f, int64_t m) { ((eval_t)(intptr_t)f)((void*)(intptr_t)m); }
            void shears_t_step(int64_t f, int64_t m, int64_t n) { ((step_t)(intptr_t)f)((void*)(intptr_t)m, n); }
            void shears_t_run(int64_t f, int64_t m, int64_t n, const uint64_t* in, uint64_t* out) {
                ((run_t)(intptr_t)f)((void*)(intptr_t)m, n, in, out);
            }
            int32_t shears_t_trace(int64_t f, int64_t m, const char* path) { return ((trace_t)(intptr_t)f)((void*)(intptr_t)m, path); }
            int64_t shears_t_toggles(int64_t f, int64_t m, int64_t* out) { return ((toggles_t)(intptr_t)f)((void*)(intptr_t)m, out); }
            """;
    private static boolean registered;

    private Trampoline() {}

    static native long shears_t_create(long f);

    static native void shears_t_free(long f, long m);

    static native void shears_t_port(long f, long m, int port, int[] words);

    static native void shears_t_eval(long f, long m);

    static native void shears_t_step(long f, long m, long n);

    static native void shears_t_run(long f, long m, long n, Buffer in, Buffer out);

    static native int shears_t_trace(long f, long m, String path);

    static native long shears_t_toggles(long f, long m, long[] out);

    /** Compiles the trampoline from a private copy of its source, then moves the library into place. */
    private static void compile(Path dir, Path so) throws IOException {
        Path c = Files.createTempFile(dir, "trampoline", ".c");
        Path tmp = Files.createTempFile(dir, "lib", ".so.tmp");
        try {
            Files.writeString(c, SOURCE);
            ExternalTools.Result r = ExternalTools.run(
                    List.of("cc", "-O2", "-shared", "-fPIC", "-o", tmp.toString(), c.toString()), dir, 120);
            if (!r.ok()) {
                throw new VerilatorBuildException("building the JNA trampoline failed:\n" + r.output());
            }
            Files.move(
                    tmp,
                    so,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(c);
            Files.deleteIfExists(tmp);
        }
    }

    /** Builds (once, cached by source hash) and registers the trampoline library. */
    @SuppressWarnings("try") // the lock is held for the block, not read in it
    static synchronized void ensureLoaded() {
        if (registered) {
            return;
        }
        try {
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(SOURCE.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
            Path dir = BuildCache.root().resolve("trampoline-" + hash);
            Path so = dir.resolve("libshears_trampoline.so");
            if (!Files.exists(so)) {
                Files.createDirectories(dir);
                try (shears.rtl.util.FileLocks.Held lock =
                        shears.rtl.util.FileLocks.exclusive(dir.resolve("build.lock"))) {
                    if (!Files.exists(so)) {
                        compile(dir, so);
                    }
                }
            }
            Native.register(Trampoline.class, NativeLibrary.getInstance(so.toString()));
            registered = true;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new VerilatorBuildException("cannot build the JNA trampoline: " + e.getMessage());
        }
    }
}
