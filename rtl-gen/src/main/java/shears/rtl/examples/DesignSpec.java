package shears.rtl.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import shears.rtl.hdl.HdlModule;

/**
 * A built-in design: its name, parameters, generator, and the Java heap its netlist needs for
 * parameters resolved by {@link #resolve} (0 when small at every size), so a design too large for the
 * heap is refused before minutes of work end in an {@link OutOfMemoryError}.
 */
public record DesignSpec(
        String name,
        String description,
        List<ParamSpec> params,
        Function<Map<String, Integer>, HdlModule> generator,
        ToLongFunction<Map<String, Integer>> heapBytes) {
    public DesignSpec {
        params = List.copyOf(params);
    }

    public DesignSpec(
            String name,
            String description,
            List<ParamSpec> params,
            Function<Map<String, Integer>, HdlModule> generator) {
        this(name, description, params, generator, p -> 0L);
    }

    /**
     * Resolves user parameters (strings) against the specs: unknown names, non-integers and values
     * out of range are {@link IllegalArgumentException}s with a one-line message.
     */
    public Map<String, Integer> resolve(Map<String, String> given) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ParamSpec p : params) {
            out.put(p.name(), p.defaultValue());
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            ParamSpec spec = params.stream()
                    .filter(p -> p.name().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("design " + name + " has no parameter '"
                            + e.getKey() + "' (has: "
                            + String.join(
                                    ", ", params.stream().map(ParamSpec::name).toList()) + ")"));
            int v;
            try {
                v = Integer.parseInt(e.getValue().trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(
                        "parameter " + e.getKey() + " of " + name + ": '" + e.getValue() + "' is not an integer");
            }
            if (v < spec.min() || v > spec.max()) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " of " + name + " must be in ["
                        + spec.min() + ", " + spec.max() + "], got " + v);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    public HdlModule build(Map<String, String> given) {
        return generator.apply(resolve(given));
    }
}
