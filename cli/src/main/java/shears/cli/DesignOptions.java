package shears.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.examples.DesignSpec;
import shears.rtl.hdl.HdlModule;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;

/** The design a command works on: a built-in name, its parameters, and whether to optimise. */
final class DesignOptions {
    @Parameters(
            index = "0",
            paramLabel = "<design>",
            description = "Built-in design: counter, fir, mac-array, wide-alu, random.")
    String design;

    @Option(names = "--param", paramLabel = "name=value", description = "Design parameter (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(names = "--no-opt", description = "Skip the standard pass pipeline (emit/simulate the netlist as lowered).")
    boolean noOpt;

    record Built(DesignSpec spec, Map<String, Integer> params, HdlModule module, Netlist netlist) {}

    Built build() {
        DesignSpec spec = DesignCatalog.get(design);
        Map<String, Integer> resolved = spec.resolve(parseParams(params));
        checkHeap(spec, resolved);
        HdlModule module = spec.generator().apply(resolved);
        Netlist nl = module.netlist();
        return new Built(
                spec, resolved, module, noOpt ? nl : PassPipeline.standard().run(nl));
    }

    /** Refuses a design whose netlist would not fit the heap, with the size and how to raise the limit. */
    static void checkHeap(DesignSpec spec, Map<String, Integer> params) {
        long need = spec.heapBytes().applyAsLong(params);
        long max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            throw new UserException(String.format(
                    java.util.Locale.ROOT,
                    "%s %s needs about %.1f GiB of Java heap, this JVM has %.1f GiB; raise it with "
                            + "SHEARS_JAVA_OPTS=\"-Xss16m -Xmx%dg\" or choose a smaller design",
                    spec.name(),
                    params,
                    need / (double) (1L << 30),
                    max / (double) (1L << 30),
                    (need >> 30) + 2));
        }
    }

    static Map<String, String> parseParams(List<String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : raw) {
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new UserException("malformed --param '" + p + "' (expected name=value)");
            }
            String key = p.substring(0, eq).trim();
            if (out.put(key, p.substring(eq + 1)) != null) {
                throw new UserException("--param " + key + " given twice");
            }
        }
        return out;
    }
}
