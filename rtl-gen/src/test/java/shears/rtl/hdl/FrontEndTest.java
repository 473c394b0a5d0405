package shears.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import org.junit.jupiter.api.Test;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.Op;

/** The result-type table of {@link Signal} and the shape of lowering. */
class FrontEndTest {
    @Test
    void resultWidthsFollowTheTable() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal a = b.input("a", uint(8));
        Signal c = b.input("c", uint(5));
        Signal s = b.input("s", sint(200));
        assertEquals(uint(9), a.add(c).type());
        assertEquals(uint(9), a.sub(c).type());
        assertEquals(uint(13), a.mul(c).type());
        assertEquals(sint(400), s.mul(s).type());
        assertEquals(sint(9), a.neg().type());
        assertEquals(uint(8), a.and(c).type());
        assertEquals(uint(8), a.not().type());
        assertEquals(uint(11), a.shl(3).type());
        assertEquals(uint(5), a.shr(3).type());
        assertEquals(sint(197), s.shr(3).type());
        assertEquals(uint(8), a.shl(c).type());
        assertEquals(uint(1), a.lt(c).type());
        assertEquals(uint(3), a.slice(5, 3).type());
        assertEquals(uint(13), b.cat(a, c).type());
        assertEquals(uint(300), a.zextTo(300).type());
        assertEquals(sint(4), s.trunc(4).type());
        assertEquals(uint(1), s.xorR().type());
        assertEquals(uint(8), b.mux(a.bit(0), a, c).type());
        assertEquals(uint(1), b.lit(0).type());
        assertEquals(uint(8), b.lit(255).type());
        assertEquals(sint(8), b.slit(-128).type());
        assertSame(a, a.ext(8));
    }

    @Test
    void lastAssignmentWinsAsAMuxChain() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal c1 = b.input("c1", uint(1));
        Signal c2 = b.input("c2", uint(1));
        Output y = b.output("y", uint(2));
        b.set(y, 0);
        b.when(c1, () -> b.set(y, 1)).elseWhen(c2, () -> b.set(y, 2)).otherwise(() -> b.set(y, 3));
        Netlist nl = b.build().netlist();
        long muxes = nl.top().cells().stream().filter(c -> c.op() == Op.MUX).count();
        assertEquals(3, muxes);
    }

    @Test
    void hierarchyIsKeptAndFlattenedOnRequest() {
        ModuleBuilder cb = new ModuleBuilder("inc");
        Signal i = cb.input("i", uint(4));
        cb.assign(cb.output("o", uint(5)), i.add(1));
        HdlModule inc = cb.build();
        ModuleBuilder b = new ModuleBuilder("top");
        Signal x = b.input("x", uint(4));
        Inst u0 = b.instance("u0", inc).in("i", x);
        Inst u1 = b.instance("u1", inc).in("i", u0.out("o").trunc(4));
        b.assign(b.output("y", uint(5)), u1.out("o"));
        Netlist nl = b.build().netlist();
        assertEquals(2, nl.modules().size());
        assertEquals(2, nl.top().instances().size());
        Netlist flat = nl.flatten();
        assertTrue(flat.isFlat());
        assertTrue(flat.top().cells().stream().anyMatch(c -> "u1.i".equals(c.name())), flat.dump());
    }

    @Test
    void sourceLocationsPointAtTheGenerator() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal a = b.input("a", uint(8));
        assertEquals("FrontEndTest.java", a.loc().file());
        assertTrue(a.loc().line() > 0);
    }
}
