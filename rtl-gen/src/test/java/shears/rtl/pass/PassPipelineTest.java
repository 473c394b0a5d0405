package shears.rtl.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shears.rtl.hdl.HdlType.uint;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.examples.DesignSpec;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Signal;
import shears.rtl.hdl.Wire;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.Op;

/** Each pass keeps the netlist verified and does its one job; semantic equivalence is checked in sim. */
class PassPipelineTest {
    private static long count(Netlist nl, Op op) {
        return nl.top().cells().stream().filter(c -> c.op() == op).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"counter", "fir", "mac-array", "wide-alu", "random"})
    void everyPassVerifiesBeforeAndAfterAndNeverGrows(String design) {
        Netlist nl = DesignCatalog.get(design).build(Map.of()).netlist().verify();
        int passes = 0;
        for (Pass p : PassPipeline.standard().passes()) {
            Netlist out = p.run(nl).verify();
            assertTrue(out.cellCount() <= nl.cellCount(), p.name() + " grew " + design);
            nl = out;
            passes++;
        }
        assertEquals(3, passes);
        Netlist fixed = PassPipeline.standard().run(nl).verify();
        assertEquals(fixed.dump(), PassPipeline.standard().run(fixed).dump(), "pipeline reaches a fixed point");
    }

    @Test
    void constantFoldingEvaluatesConstantsAndKeepsNames() {
        ModuleBuilder b = new ModuleBuilder("m");
        Wire k = b.wire("k", uint(4));
        b.assign(k, b.lit(3).add(b.lit(4)).zextTo(4));
        Signal x = b.input("x", uint(4));
        b.assign(b.output("y", uint(4)), x.xor(x).or(k));
        Netlist out = new ConstantFolding().run(b.build().netlist());
        Cell kc = out.top().cells().stream()
                .filter(c -> "k".equals(c.name()))
                .findFirst()
                .orElseThrow();
        assertEquals(Op.CONST, kc.op());
        assertEquals(BigInteger.valueOf(7), kc.value());
        assertEquals(0, count(out, Op.XOR), "x ^ x folds to 0");
    }

    @Test
    void cseMergesDuplicateExpressions() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal x = b.input("x", uint(8));
        Signal y = b.input("y", uint(8));
        b.assign(b.output("s1", uint(9)), x.add(y));
        b.assign(b.output("s2", uint(9)), y.add(x));
        Netlist raw = b.build().netlist();
        assertEquals(2, count(raw, Op.ADD));
        Netlist out = new CommonSubexpressionElimination().run(raw);
        assertEquals(1, count(out, Op.ADD), "commutative duplicates merge");
        assertEquals(out.top().output("s1").net(), out.top().output("s2").net());
    }

    @Test
    void deadCellRemovalDropsUnusedLogicAndMemories() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal x = b.input("x", uint(8));
        Wire unused = b.wire("unused_sum", uint(9));
        b.assign(unused, x.add(x));
        var rom = b.rom("lut", uint(8), new long[] {1, 2, 3, 4});
        rom.read("never", x.slice(1, 0));
        b.assign(b.output("y", uint(8)), x);
        Netlist out = new DeadCellRemoval().run(b.build().netlist());
        assertEquals(0, count(out, Op.ADD));
        assertEquals(0, out.top().memories().size());
        assertEquals(1, out.top().inputNets().length, "ports stay");
    }

    @Test
    void standardPipelineShrinksEveryBuiltInDesign() {
        for (DesignSpec d : DesignCatalog.all()) {
            Netlist raw = d.build(Map.of()).netlist();
            Netlist opt = PassPipeline.standard().run(raw);
            assertTrue(opt.cellCount() < raw.cellCount(), d.name() + ": " + raw.cellCount() + " -> " + opt.cellCount());
        }
    }
}
