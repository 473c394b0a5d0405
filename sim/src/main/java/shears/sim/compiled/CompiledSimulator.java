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
    private static final Map<String, InMemoryJavaCompiler.Compiled> CACHE = new ConcurrentHashMap<>();
    private final CompiledModel model;

    public CompiledSimulator(Netlist flat, SimOptions options) {
        super(flat, options);
        // the generator estimates bytecode sizes; should a method still come out too long for the
        // JIT, generate again with half the budget rather than run it interpreted
        ModelSourceGenerator gen;
        InMemoryJavaCompiler.Compiled compiled;
        int budget = ModelSourceGenerator.BYTES_PER_METHOD;
        do {
            gen = new ModelSourceGenerator(flat, options.countToggles(), budget);
            String body = gen.generate("MODEL");
            String name = "M" + sha256(body).substring(0, 24);
            String source = body.replace("MODEL", name);
            compiled = CACHE.computeIfAbsent(
                    name, k -> InMemoryJavaCompiler.compile("shears.sim.compiled.gen." + k, source));
            budget /= 2;
        } while (compiled.largestMethodBytes() > MethodSizes.HUGE_METHOD_BYTES && budget >= 256);
        try {
            model = (CompiledModel) compiled.type()
                    .getConstructor(shears.sim.SimState.class, int.class, int[].class)
                    .newInstance(state, gen.narrowNextSlots(), gen.wideNextWords());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate generated model", e);
        }
    }

    /** The generated Java source for a netlist, for inspection and debugging. */
    public static String source(Netlist flat) {
        return new ModelSourceGenerator(flat, false, ModelSourceGenerator.BYTES_PER_METHOD).generate("Model");
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
