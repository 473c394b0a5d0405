package shears.sim.compiled;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import shears.rtl.ir.Netlist;
import shears.sim.AbstractSimulator;
import shears.sim.SimOptions;

/**
 * The fast engine: generates straight-line Java for the netlist (see {@link ModelSourceGenerator}),
 * compiles it in memory and runs it. Generated classes are cached per JVM by a hash of their
 * source, so simulating the same netlist again costs no compilation.
 */
public final class CompiledSimulator extends AbstractSimulator {
    private static final Map<String, Class<?>> CACHE = new ConcurrentHashMap<>();
    private final CompiledModel model;

    public CompiledSimulator(Netlist flat, SimOptions options) {
        super(flat, options);
        ModelSourceGenerator gen = new ModelSourceGenerator(flat, options.countToggles());
        String body = gen.generate("MODEL");
        String name = "M" + sha256(body).substring(0, 24);
        String source = body.replace("MODEL", name);
        Class<?> cls =
                CACHE.computeIfAbsent(name, k -> InMemoryJavaCompiler.compile("shears.sim.compiled.gen." + k, source));
        try {
            model = (CompiledModel) cls.getConstructor(shears.sim.SimState.class, int.class, int[].class)
                    .newInstance(state, gen.narrowNextSlots(), gen.wideNextWords());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate generated model", e);
        }
    }

    /** The generated Java source for a netlist, for inspection and debugging. */
    public static String source(Netlist flat) {
        return new ModelSourceGenerator(flat, false).generate("Model");
    }

    @Override
    public String engine() {
        return "compiled";
    }

    @Override
    protected void settle() {
        model.settle();
    }

    @Override
    protected void edge() {
        model.edge();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
