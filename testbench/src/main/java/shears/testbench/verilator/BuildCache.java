package shears.testbench.verilator;

import java.nio.file.Path;

/** Where built shared objects are kept: {@code $SHEARS_CACHE} or {@code ~/.cache/shears}. */
final class BuildCache {
    private BuildCache() {}

    static Path root() {
        String env = System.getenv("SHEARS_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("shears");
    }
}
