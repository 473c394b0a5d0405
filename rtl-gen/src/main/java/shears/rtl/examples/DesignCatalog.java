package shears.rtl.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-in example designs, by name. */
public final class DesignCatalog {
    private static final Map<String, DesignSpec> DESIGNS = new LinkedHashMap<>();

    static {
        add(new DesignSpec(
                "counter",
                "enabled up-counter with synchronous reset and wrap flag",
                List.of(new ParamSpec("width", 8, 1, 4096, "counter width in bits")),
                p -> Counter.build(p.get("width"))));
        add(new DesignSpec(
                "fir",
                "signed FIR filter with constant (partly pruned) taps",
                List.of(
                        new ParamSpec("taps", 8, 1, 256, "number of taps"),
                        new ParamSpec("width", 8, 2, 64, "sample width"),
                        new ParamSpec("coeffWidth", 8, 2, 32, "coefficient width"),
                        new ParamSpec("seed", 1, 0, Integer.MAX_VALUE, "coefficient seed")),
                p -> Fir.build(p.get("taps"), p.get("width"), p.get("coeffWidth"), p.get("seed"))));
        add(new DesignSpec(
                "mac-array",
                "PE array with activation RAM, per-PE weight ROMs and accumulators",
                List.of(
                        new ParamSpec("pes", 4, 1, 64, "number of processing elements"),
                        new ParamSpec("width", 8, 2, 32, "activation and weight width"),
                        new ParamSpec("depth", 16, 2, 4096, "activation RAM depth"),
                        new ParamSpec("seed", 1, 0, Integer.MAX_VALUE, "weight seed"),
                        new ParamSpec("axi", 0, 0, 1, "1: AMBA clock and reset ports (aclk, active-low aresetn)")),
                p -> MacArray.build(p.get("pes"), p.get("width"), p.get("depth"), p.get("seed"), p.get("axi") == 1)));
        add(new DesignSpec(
                "wide-alu",
                "ALU over operands of any width, registered result",
                List.of(new ParamSpec("width", 130, 1, 4096, "operand width")),
                p -> WideAlu.build(p.get("width"))));
        add(new DesignSpec(
                "random",
                "seeded random netlist over every op (benchmarks, fuzzing)",
                List.of(
                        new ParamSpec("nodes", 2000, 1, 2_000_000, "number of random operations"),
                        new ParamSpec("maxWidth", 64, 1, 1024, "maximum signal width"),
                        new ParamSpec("seed", 1, 0, Integer.MAX_VALUE, "generator seed"),
                        new ParamSpec("mems", 0, 0, 16, "number of random RAMs/ROMs")),
                p -> RandomDesign.build(p.get("nodes"), p.get("maxWidth"), p.get("seed"), p.get("mems")),
                // measured: nodes=50,000 builds and simulates in a 512 MiB heap, 200,000 in 2 GiB but not in 512 MiB
                p -> DesignCatalog.RANDOM_HEAP_BYTES_PER_NODE * p.get("nodes")));
    }

    /** Heap a random netlist takes per operation through lowering, passes and simulation, with margin. */
    static final long RANDOM_HEAP_BYTES_PER_NODE = 8 * 1024;

    private DesignCatalog() {}

    private static void add(DesignSpec d) {
        DESIGNS.put(d.name(), d);
    }

    public static List<DesignSpec> all() {
        return new ArrayList<>(DESIGNS.values());
    }

    /** The design named {@code name}; unknown names are an {@link IllegalArgumentException} listing the known ones. */
    public static DesignSpec get(String name) {
        DesignSpec d = DESIGNS.get(name);
        if (d == null) {
            throw new IllegalArgumentException(
                    "unknown design '" + name + "' (known: " + String.join(", ", DESIGNS.keySet()) + ")");
        }
        return d;
    }
}
