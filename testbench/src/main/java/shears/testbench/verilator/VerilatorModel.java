package shears.testbench.verilator;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One loaded instance of a Verilated model: a private copy of the shared object (so several models,
 * even of the same design, live in one JVM), its function addresses, and the model handle. All calls
 * go through {@link Trampoline}'s direct-mapped functions with primitive handles.
 */
final class VerilatorModel implements AutoCloseable {
    private static final int RTLD_NOW = 2;
    private final NativeLibrary lib;
    private final Path copy;
    private final long fCreate;
    private final long fFree;
    private final long fSet;
    private final long fGet;
    private final long fEval;
    private final long fStep;
    private final long fRun;
    private final long fTrace;
    private final long fToggles;
    private long handle;

    VerilatorModel(Path so) {
        Trampoline.ensureLoaded();
        try {
            copy = Files.createTempFile("shears-model-", ".so");
            Files.copy(so, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new VerilatorBuildException("cannot copy " + so + ": " + e.getMessage());
        }
        // RTLD_NOW | RTLD_LOCAL: every model is built from the same C++ names (V<top>, Verilated...), so
        // none may enter the global symbol namespace where another model would bind to it.
        lib = NativeLibrary.getInstance(
                copy.toString(), java.util.Map.of(com.sun.jna.Library.OPTION_OPEN_FLAGS, RTLD_NOW));
        fCreate = address("shears_create");
        fFree = address("shears_free");
        fSet = address("shears_set");
        fGet = address("shears_get");
        fEval = address("shears_eval");
        fStep = address("shears_step");
        fRun = address("shears_run");
        fTrace = address("shears_trace");
        fToggles = address("shears_toggles");
        handle = Trampoline.shears_t_create(fCreate);
    }

    private long address(String symbol) {
        return Pointer.nativeValue(lib.getFunction(symbol));
    }

    void set(int port, int[] words32) {
        Trampoline.shears_t_port(fSet, handle, port, words32);
    }

    void get(int port, int[] words32) {
        Trampoline.shears_t_port(fGet, handle, port, words32);
    }

    void eval() {
        Trampoline.shears_t_eval(fEval, handle);
    }

    void step(long n) {
        Trampoline.shears_t_step(fStep, handle, n);
    }

    /** {@code in}/{@code out}: direct buffers in native order; {@code out} may be null. */
    void run(long n, Buffer in, Buffer out) {
        Trampoline.shears_t_run(fRun, handle, n, in, out);
    }

    /** Opens (path) or closes (null) the model's VCD; false if the model was built without tracing. */
    boolean trace(String path) {
        return Trampoline.shears_t_trace(fTrace, handle, path) == 0;
    }

    /**
     * Samples taken and each net's toggles into {@code out} (one slot per net of the flat netlist); -1 if
     * the model was built without toggle counting, -2 - i if net i is missing from the model.
     */
    long toggles(long[] out) {
        return Trampoline.shears_t_toggles(fToggles, handle, out);
    }

    @Override
    public void close() {
        if (handle != 0) {
            Trampoline.shears_t_free(fFree, handle);
            handle = 0;
            lib.close();
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                // deleteOnExit will retry
            }
        }
    }
}
