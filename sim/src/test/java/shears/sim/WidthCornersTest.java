package shears.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shears.rtl.hdl.HdlType.uint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Signal;
import shears.rtl.ir.Netlist;
import shears.rtl.testing.Lint;
import shears.rtl.testing.ToolCheck;
import shears.rtl.util.ExternalTools;

/**
 * Width corners 1, 63, 64, 65, 128, 200: every front-end operation on both engines against
 * arithmetic written out here with {@link BigInteger} (independent of the netlist semantics code).
 */
class WidthCornersTest {
    private static final int[] WIDTHS = {1, 63, 64, 65, 128, 200};
    private static final AtomicInteger CASES = new AtomicInteger();

    static List<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (int w : WIDTHS) {
            for (Engine e : Engine.values()) {
                a.add(Arguments.of(w, e));
            }
        }
        return a;
    }

    private static BigInteger mask(int w) {
        return BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE);
    }

    private static BigInteger s(BigInteger v, int w) {
        return v.testBit(w - 1) ? v.subtract(BigInteger.ONE.shiftLeft(w)) : v;
    }

    private static BigInteger bool(boolean b) {
        return b ? BigInteger.ONE : BigInteger.ZERO;
    }

    /** Output name -> (design expression, expected value from a and b). */
    private record Op(
            String name,
            java.util.function.Function<Signal[], Signal> build,
            BiFunction<BigInteger, BigInteger, BigInteger> expect) {}

    private static List<Op> ops(int w, int k) {
        BigInteger m = mask(w);
        List<Op> ops = new ArrayList<>();
        ops.add(new Op("add", x -> x[0].add(x[1]), (a, b) -> a.add(b)));
        ops.add(new Op("sub", x -> x[0].sub(x[1]), (a, b) -> a.subtract(b).and(mask(w + 1))));
        ops.add(new Op("mul", x -> x[0].mul(x[1]), BigInteger::multiply));
        ops.add(new Op(
                "smul",
                x -> x[0].asSInt().mul(x[1].asSInt()).asUInt(),
                (a, b) -> s(a, w).multiply(s(b, w)).and(mask(2 * w))));
        ops.add(new Op("neg", x -> x[0].neg().asUInt(), (a, b) -> a.negate().and(mask(w + 1))));
        ops.add(new Op("and", x -> x[0].and(x[1]), BigInteger::and));
        ops.add(new Op("or", x -> x[0].or(x[1]), BigInteger::or));
        ops.add(new Op("xor", x -> x[0].xor(x[1]), BigInteger::xor));
        ops.add(new Op("not", x -> x[0].not(), (a, b) -> a.xor(m)));
        ops.add(new Op("shlk", x -> x[0].shl(k), (a, b) -> a.shiftLeft(k)));
        ops.add(new Op("shrk", x -> x[0].shr(k), (a, b) -> k >= w ? BigInteger.ZERO : a.shiftRight(k)));
        ops.add(new Op(
                "srak",
                x -> x[0].asSInt().shr(k).asUInt(),
                (a, b) -> s(a, w).shiftRight(Math.min(k, w)).and(mask(Math.max(w - k, 1)))));
        int aw = Math.min(w, 9);
        ops.add(new Op("shl", x -> x[0].shl(x[1].slice(aw - 1, 0)), (a, b) -> {
            int n = b.and(mask(aw)).intValue();
            return n >= w ? BigInteger.ZERO : a.shiftLeft(n).and(m);
        }));
        ops.add(new Op("shr", x -> x[0].shr(x[1].slice(aw - 1, 0)), (a, b) -> {
            int n = b.and(mask(aw)).intValue();
            return n >= w ? BigInteger.ZERO : a.shiftRight(n);
        }));
        ops.add(new Op(
                "sra",
                x -> x[0].asSInt().shr(x[1].slice(aw - 1, 0)).asUInt(),
                (a, b) -> s(a, w).shiftRight(Math.min(b.and(mask(aw)).intValue(), w))
                        .and(m)));
        ops.add(new Op("lt", x -> x[0].lt(x[1]), (a, b) -> bool(a.compareTo(b) < 0)));
        ops.add(new Op("le", x -> x[0].le(x[1]), (a, b) -> bool(a.compareTo(b) <= 0)));
        ops.add(new Op("gt", x -> x[0].gt(x[1]), (a, b) -> bool(a.compareTo(b) > 0)));
        ops.add(new Op("ge", x -> x[0].ge(x[1]), (a, b) -> bool(a.compareTo(b) >= 0)));
        ops.add(new Op("slt", x -> x[0].asSInt().lt(x[1].asSInt()), (a, b) -> bool(s(a, w).compareTo(s(b, w)) < 0)));
        ops.add(new Op("sge", x -> x[0].asSInt().ge(x[1].asSInt()), (a, b) -> bool(s(a, w).compareTo(s(b, w)) >= 0)));
        ops.add(new Op("eq", x -> x[0].eq(x[1]), (a, b) -> bool(a.equals(b))));
        ops.add(new Op("ne", x -> x[0].ne(x[1]), (a, b) -> bool(!a.equals(b))));
        ops.add(new Op("mux", x -> x[0].owner().mux(x[1].bit(0), x[0], x[1]), (a, b) -> b.testBit(0) ? a : b));
        ops.add(new Op("slice", x -> x[0].slice(w - 1, w / 2), (a, b) -> a.shiftRight(w / 2)));
        ops.add(new Op(
                "cat",
                x -> x[0].owner().cat(x[0], x[1].bit(0), x[1]),
                (a, b) -> a.shiftLeft(w + 1).or(bool(b.testBit(0)).shiftLeft(w)).or(b)));
        ops.add(new Op("zext", x -> x[0].zextTo(w + 70), (a, b) -> a));
        ops.add(new Op("sext", x -> x[0].sextTo(w + 70), (a, b) -> s(a, w).and(mask(w + 70))));
        ops.add(new Op("andr", x -> x[0].andR(), (a, b) -> bool(a.equals(m))));
        ops.add(new Op("orr", x -> x[0].orR(), (a, b) -> bool(a.signum() != 0)));
        ops.add(new Op("xorr", x -> x[0].xorR(), (a, b) -> bool(a.bitCount() % 2 == 1)));
        ops.add(new Op("trunc", x -> x[0].add(x[1]).trunc(w), (a, b) -> a.add(b).and(m)));
        // wide arithmetic read back only within its low word: the compiled engine computes it as a long
        int lw = Math.min(w, 64);
        ops.add(new Op(
                "lowsub", x -> x[0].sub(x[1]).trunc(lw), (a, b) -> a.subtract(b).and(mask(lw))));
        ops.add(new Op(
                "lowmul", x -> x[0].mul(x[1]).trunc(lw), (a, b) -> a.multiply(b).and(mask(lw))));
        ops.add(new Op(
                "lownotadd",
                x -> x[0].not().add(x[1].sextTo(w + 3)).trunc(lw),
                (a, b) -> a.xor(m).add(s(b, w)).and(mask(lw))));
        ops.add(new Op(
                "lowmux",
                x -> x[0].owner()
                        .mux(x[1].bit(0), x[0].zextTo(w + 70), x[1].zextTo(w + 70))
                        .xor(x[0].zextTo(w + 70))
                        .slice(lw - 1, lw / 2),
                (a, b) -> (b.testBit(0) ? a : b).xor(a).and(mask(lw)).shiftRight(lw / 2)));
        return ops;
    }

    private static final int VECTORS = 300;

    /** The design (one output per op) and the vectors for width w; the same for every engine and Icarus. */
    private record Corner(Netlist netlist, List<Op> ops, Map<String, Integer> widths, BigInteger[][] vectors) {
        BigInteger expected(Op op, int i) {
            return op.expect().apply(vectors[i][0], vectors[i][1]).and(mask(widths.get(op.name())));
        }
    }

    private static Corner corner(int w) {
        int k = w == 1 ? 1 : w / 3 + 1;
        List<Op> ops = ops(w, k);
        ModuleBuilder b = new ModuleBuilder("corners_w" + w);
        Signal a = b.input("a", uint(w));
        Signal c = b.input("b", uint(w));
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (Op op : ops) {
            Signal v = op.build().apply(new Signal[] {a, c});
            widths.put(op.name(), v.width());
            b.assign(b.output("o_" + op.name(), v.type()), v);
        }
        Random r = new Random(w * 31L);
        BigInteger[][] vectors = new BigInteger[VECTORS][];
        for (int i = 0; i < VECTORS; i++) {
            BigInteger av = i % 7 == 0 ? mask(w) : i % 11 == 0 ? BigInteger.ONE.shiftLeft(w - 1) : new BigInteger(w, r);
            BigInteger bv = i % 5 == 0 ? BigInteger.ZERO : i % 13 == 0 ? mask(w) : new BigInteger(w, r);
            vectors[i] = new BigInteger[] {av, bv};
        }
        return new Corner(b.build().netlist(), ops, widths, vectors);
    }

    @ParameterizedTest(name = "width {0} {1}")
    @MethodSource("cases")
    void everyOperationAtEveryCornerWidth(int w, Engine engine) {
        Corner c = corner(w);
        int checks = 0;
        try (Simulator sim = engine.create(c.netlist(), SimOptions.DEFAULT)) {
            for (int i = 0; i < VECTORS; i++) {
                sim.poke("a", c.vectors()[i][0]);
                sim.poke("b", c.vectors()[i][1]);
                for (Op op : c.ops()) {
                    assertEquals(
                            c.expected(op, i),
                            sim.peekBig("o_" + op.name()),
                            op.name() + " w=" + w + " a=" + c.vectors()[i][0] + " b=" + c.vectors()[i][1]);
                    checks++;
                }
                sim.step();
            }
        }
        assertEquals(VECTORS * c.ops().size(), checks);
        CASES.incrementAndGet();
    }

    /** The emitted Verilog, run by Icarus on the same vectors, gives the same values: the emitter is checked too. */
    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {1, 63, 64, 65, 128, 200})
    void emittedVerilogUnderIcarusMatches(int w) throws IOException {
        ToolCheck.require("iverilog");
        Corner c = corner(w);
        Lint.verilator(c.netlist());
        Path dir = Lint.emit(c.netlist());
        String top = c.netlist().topName();
        StringBuilder tb = new StringBuilder("module tb;\n");
        tb.append("  reg [")
                .append(w - 1)
                .append(":0] a;\n  reg [")
                .append(w - 1)
                .append(":0] b;\n");
        StringBuilder pins = new StringBuilder(".a(a), .b(b)");
        StringBuilder fmt = new StringBuilder();
        StringBuilder args = new StringBuilder();
        for (Op op : c.ops()) {
            int ow = c.widths().get(op.name());
            tb.append("  wire [")
                    .append(ow - 1)
                    .append(":0] o_")
                    .append(op.name())
                    .append(";\n");
            pins.append(", .o_")
                    .append(op.name())
                    .append("(o_")
                    .append(op.name())
                    .append(')');
            fmt.append(fmt.length() == 0 ? "%h" : " %h");
            args.append(", o_").append(op.name());
        }
        tb.append("  ").append(top).append(" dut (").append(pins).append(");\n  initial begin\n");
        for (BigInteger[] v : c.vectors()) {
            tb.append("    a = ")
                    .append(w)
                    .append("'h")
                    .append(v[0].toString(16))
                    .append("; b = ")
                    .append(w)
                    .append("'h")
                    .append(v[1].toString(16))
                    .append("; #1 $display(\"")
                    .append(fmt)
                    .append('"')
                    .append(args)
                    .append(");\n");
        }
        tb.append("    $finish;\n  end\nendmodule\n");
        Files.writeString(dir.resolve("tb.v"), tb.toString());
        ExternalTools.Result build;
        ExternalTools.Result run;
        try {
            build = ExternalTools.run(
                    List.of("iverilog", "-g2005", "-o", "sim.vvp", "-s", "tb", "tb.v", top + ".v"), dir, 300);
            run = build.ok() ? ExternalTools.run(List.of("vvp", "-n", "sim.vvp"), dir, 300) : null;
        } finally {
            Lint.deleteTree(dir);
        }
        assertTrue(build.ok(), build.output());
        assertTrue(run.ok(), run.output());
        List<String> lines = run.output()
                .lines()
                .filter(l -> !l.isBlank() && !l.contains("$finish"))
                .toList();
        assertEquals(VECTORS, lines.size(), run.output());
        int checks = 0;
        for (int i = 0; i < VECTORS; i++) {
            String[] vals = lines.get(i).trim().split("\\s+");
            for (int k = 0; k < c.ops().size(); k++) {
                Op op = c.ops().get(k);
                assertEquals(
                        c.expected(op, i),
                        new BigInteger(vals[k], 16),
                        "icarus " + op.name() + " w=" + w + " vector " + i);
                checks++;
            }
        }
        assertEquals(VECTORS * c.ops().size(), checks);
    }

    @AfterAll
    static void allCornersRan() {
        assertEquals(WIDTHS.length * Engine.values().length, CASES.get());
    }
}
