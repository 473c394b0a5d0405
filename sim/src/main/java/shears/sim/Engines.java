package shears.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Every simulation engine on the class path, by name: the Java engines first, then the providers
 * found through {@link ServiceLoader} (Verilator, when {@code testbench} is present). The one place
 * an engine name becomes an engine.
 */
public final class Engines {
    private static final List<SimEngine> ALL = load();

    private Engines() {}

    private static List<SimEngine> load() {
        List<SimEngine> all = new ArrayList<>(List.of(Engine.values()));
        ServiceLoader.load(SimEngine.class, Engines.class.getClassLoader()).forEach(all::add);
        return List.copyOf(all);
    }

    public static List<SimEngine> all() {
        return ALL;
    }

    /** The engine named {@code name}. */
    public static SimEngine get(String name) {
        for (SimEngine e : ALL) {
            if (e.cliName().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** As {@link #get}, and fails with the reason when the engine cannot run here. */
    public static SimEngine available(String name) {
        SimEngine e = get(name);
        e.unavailableReason().ifPresent(r -> {
            throw new IllegalArgumentException("--engine " + name + " " + r);
        });
        return e;
    }

    public static List<String> names() {
        return ALL.stream().map(SimEngine::cliName).toList();
    }
}
