package shears.sim.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shears.rtl.hdl.HdlType.uint;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Signal;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.rtl.pass.PassPipeline;

/** How the compiled engine lays out its generated code; its results are held by the engine parity tests. */
class ModelSourceGeneratorTest {

    @Test
    void methodSizesReadsTheBytecodeLengthOfTheLongestMethod() {
        // h: lload_0, ldc2_w, lmul, ldc2_w, ladd, lreturn = 10 bytes; the constructor takes 5
        InMemoryJavaCompiler.Compiled c = InMemoryJavaCompiler.compile(
                "shears.sim.compiled.gen.SizeProbe",
                "package shears.sim.compiled.gen; public class SizeProbe {"
                        + " static long h(long a) { return a * 3000000000L + 7000000000L; }"
                        + " static int g(int a) { return a + 1; } }");
        assertEquals(10, c.largestMethodBytes());
    }

    @Test
    void wideArithmeticReadOnlyInItsLowWordIsComputedAsALong() {
        ModuleBuilder b = new ModuleBuilder("low_word");
        Signal x = b.input("x", uint(65));
        Signal y = b.input("y", uint(65));
        b.assign(b.output("low", uint(64)), x.sub(y).trunc(64));
        b.assign(b.output("full", uint(66)), x.add(y));
        NetlistModule m =
                PassPipeline.standard().run(b.build().netlist()).flatten().top();
        boolean[] low = ModelSourceGenerator.lowWordNets(
                m, ModelSourceGenerator.clusteredOrder(m, comb(m)), ModelSourceGenerator.readInEdge(m));
        int checked = 0;
        for (int i = 0; i < m.size(); i++) {
            if (m.cell(i).op() == Op.SUB) {
                assertTrue(low[i], "x - y is read only through its low 64 bits");
                checked++;
            } else if (m.cell(i).op() == Op.ADD) {
                assertFalse(low[i], "x + y is an output and keeps all 66 bits");
                checked++;
            }
        }
        assertEquals(2, checked);
    }

    /** The bytecode estimate keeps every method under HotSpot's limit without the halving fallback. */
    @ParameterizedTest(name = "random netlist, max width {0}")
    @ValueSource(ints = {1, 64, 200})
    void everyGeneratedMethodFitsTheJitLimit(int maxWidth) {
        Netlist flat = PassPipeline.standard()
                .run(DesignCatalog.get("random")
                        .build(Map.of("nodes", "3000", "maxWidth", Integer.toString(maxWidth), "seed", "3"))
                        .netlist())
                .flatten();
        String source = new ModelSourceGenerator(flat, false, ModelSourceGenerator.BYTES_PER_METHOD)
                .generate("Probe" + maxWidth);
        InMemoryJavaCompiler.Compiled c =
                InMemoryJavaCompiler.compile("shears.sim.compiled.gen.Probe" + maxWidth, source);
        assertTrue(
                c.largestMethodBytes() > 1000 && c.largestMethodBytes() <= MethodSizes.HUGE_METHOD_BYTES,
                "longest generated method: " + c.largestMethodBytes() + " bytes");
    }

    private static int[] comb(NetlistModule m) {
        return Netlist.of(m).combOrder(m.name());
    }
}
