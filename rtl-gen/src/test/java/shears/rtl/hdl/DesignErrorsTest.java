package shears.rtl.hdl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static shears.rtl.hdl.HdlType.sint;
import static shears.rtl.hdl.HdlType.uint;

import org.junit.jupiter.api.Test;
import shears.rtl.ir.Clocking;
import shears.rtl.ir.SourceLoc;

/** Every kind of {@link DesignException}, each naming the signals and the generator line. */
class DesignErrorsTest {
    private static final String FILE = "DesignErrorsTest.java";

    private static int line() {
        return StackWalker.getInstance()
                .walk(s -> s.skip(1).findFirst().orElseThrow())
                .getLineNumber();
    }

    private static void assertAt(DesignException e, int line) {
        SourceLoc loc = e.locations().get(0);
        assertEquals(FILE, loc.file(), e.getMessage());
        assertEquals(line, loc.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(FILE + ":" + line + ": "), e.getMessage());
    }

    @Test
    void theClockAndResetNamesOfAnAxiModuleAreTaken() {
        ModuleBuilder b = new ModuleBuilder("m", Clocking.AXI);
        int line = line() + 1;
        DesignException clock = assertThrows(DesignException.class, () -> b.input("aclk", uint(1)));
        assertAt(clock, line);
        assertTrue(clock.getMessage().contains("'aclk' is the module clock"), clock.getMessage());
        int line2 = line() + 1;
        DesignException reset = assertThrows(DesignException.class, () -> b.input("aresetn", uint(1)));
        assertAt(reset, line2);
        assertTrue(reset.getMessage().contains("'aresetn' is the module reset; use reset()"), reset.getMessage());
    }

    @Test
    void widthMismatchOnAssignmentNamesBothSignalsAndLine() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal a = b.input("a", uint(8));
        Output y = b.output("y", uint(8));
        int line = line() + 1;
        DesignException e = assertThrows(DesignException.class, () -> b.assign(y, a.add(a)));
        assertAt(e, line);
        assertTrue(e.getMessage().contains("width mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("output 'y'") && e.getMessage().contains("UInt<9>"), e.getMessage());
    }

    @Test
    void signednessMismatchInArithmetic() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal a = b.input("a", uint(8));
        Signal s = b.input("s", sint(8));
        int line = line() + 1;
        DesignException e = assertThrows(DesignException.class, () -> a.add(s));
        assertAt(e, line);
        assertTrue(e.getMessage().contains("input 'a'") && e.getMessage().contains("input 's'"), e.getMessage());
    }

    @Test
    void undrivenOutputPointsAtItsDeclaration() {
        ModuleBuilder b = new ModuleBuilder("m");
        b.input("a", uint(1));
        int line = line() + 1;
        b.output("y", uint(4));
        DesignException e = assertThrows(DesignException.class, b::build);
        assertAt(e, line);
        assertTrue(e.getMessage().contains("output 'y' is never driven"), e.getMessage());
    }

    @Test
    void wireNotDrivenOnEveryPath() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal c = b.input("c", uint(1));
        Wire w = b.wire("w", uint(1));
        Output y = b.output("y", uint(1));
        int line = line() + 1;
        b.when(c, () -> b.set(w, c));
        b.assign(y, w);
        DesignException e = assertThrows(DesignException.class, b::build);
        assertTrue(e.getMessage().contains("wire 'w' is not driven on every path"), e.getMessage());
        assertEquals(line, e.locations().get(1).line());
    }

    @Test
    void multipleDriversNameBothLines() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal a = b.input("a", uint(1));
        Output y = b.output("y", uint(1));
        int first = line() + 1;
        b.assign(y, a);
        int second = line() + 1;
        DesignException e = assertThrows(DesignException.class, () -> b.assign(y, a.not()));
        assertAt(e, second);
        assertTrue(
                e.getMessage().contains("multiple drivers") && e.getMessage().contains(FILE + ":" + first),
                e.getMessage());
        assertEquals(first, e.locations().get(1).line());
    }

    @Test
    void procedualSetAfterContinuousAssignIsAlsoMultipleDrivers() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal a = b.input("a", uint(1));
        Wire w = b.wire("w", uint(1));
        b.assign(w, a);
        DesignException e = assertThrows(DesignException.class, () -> b.set(w, a));
        assertTrue(e.getMessage().contains("multiple drivers"), e.getMessage());
    }

    @Test
    void instanceInputDrivenTwice() {
        ModuleBuilder cb = new ModuleBuilder("child");
        Signal ci = cb.input("i", uint(1));
        cb.assign(cb.output("o", uint(1)), ci);
        HdlModule child = cb.build();
        ModuleBuilder b = new ModuleBuilder("top");
        Signal a = b.input("a", uint(1));
        Inst u = b.instance("u", child);
        u.in("i", a);
        DesignException e = assertThrows(DesignException.class, () -> u.in("i", a));
        assertTrue(e.getMessage().contains("multiple drivers") && e.getMessage().contains("'u'"), e.getMessage());
    }

    /** The combinational-loop example: a -> b -> a through logic, reported with names and lines. */
    @Test
    void combinationalLoopListsSignalsAndGeneratorLines() {
        ModuleBuilder b = new ModuleBuilder("loopy");
        Signal in = b.input("in", uint(4));
        Wire x = b.wire("x", uint(4));
        Wire z = b.wire("z", uint(4));
        int xLine = line() + 1;
        b.assign(x, in.xor(z));
        int zLine = line() + 1;
        b.assign(z, x.and(in));
        b.assign(b.output("y", uint(4)), z);
        DesignException e = assertThrows(DesignException.class, b::build);
        String msg = e.getMessage();
        assertTrue(msg.contains("combinational loop"), msg);
        assertTrue(msg.contains("'x'") && msg.contains("'z'"), msg);
        assertTrue(msg.contains(FILE + ":" + xLine) && msg.contains(FILE + ":" + zLine), msg);
        assertTrue(e.locations().stream().anyMatch(l -> l.line() == xLine));
    }

    @Test
    void registersBreakLoops() {
        ModuleBuilder b = new ModuleBuilder("ok");
        Reg r = b.reg("r", uint(4), 0);
        b.set(r, r.add(1).trunc(4));
        b.assign(b.output("y", uint(4)), r);
        assertEquals("ok", b.build().name());
    }

    @Test
    void illegalAndDuplicateNames() {
        ModuleBuilder b = new ModuleBuilder("m");
        b.input("a", uint(1));
        assertTrue(assertThrows(DesignException.class, () -> b.input("a", uint(2)))
                .getMessage()
                .contains("already used"));
        assertTrue(assertThrows(DesignException.class, () -> b.wire("module", uint(2)))
                .getMessage()
                .contains("reserved"));
        assertTrue(assertThrows(DesignException.class, () -> b.wire("9x", uint(2)))
                .getMessage()
                .contains("not an identifier"));
        assertTrue(assertThrows(DesignException.class, () -> b.wire("_x", uint(2)))
                .getMessage()
                .contains("not an identifier"));
        assertTrue(assertThrows(DesignException.class, () -> b.input("rst", uint(1)))
                .getMessage()
                .contains("reset()"));
    }

    @Test
    void constantsMustFit() {
        ModuleBuilder b = new ModuleBuilder("m");
        assertThrows(DesignException.class, () -> b.lit(256, uint(8)));
        assertThrows(DesignException.class, () -> b.lit(-129, sint(8)));
        assertThrows(DesignException.class, () -> b.lit(-1, uint(8)));
        assertEquals(8, b.lit(-128, sint(8)).width());
    }

    @Test
    void crossModuleSignalsAreRejected() {
        ModuleBuilder b1 = new ModuleBuilder("m1");
        ModuleBuilder b2 = new ModuleBuilder("m2");
        Signal a = b1.input("a", uint(1));
        Signal c = b2.input("c", uint(1));
        DesignException e = assertThrows(DesignException.class, () -> a.and(c));
        assertTrue(e.getMessage().contains("belongs to module m2"), e.getMessage());
    }

    @Test
    void builtModuleIsFrozen() {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal a = b.input("a", uint(1));
        b.assign(b.output("y", uint(1)), a);
        b.build();
        assertThrows(DesignException.class, () -> b.input("z", uint(1)));
    }

    @Test
    void memoryAddressTooWide() {
        ModuleBuilder b = new ModuleBuilder("m");
        Mem ram = b.ram("ram", uint(8), 16);
        Signal addr = b.input("addr", uint(5));
        DesignException e = assertThrows(DesignException.class, () -> ram.read("rd", addr));
        assertTrue(e.getMessage().contains("UInt<4>"), e.getMessage());
    }

    @Test
    void registerNeverAssigned() {
        ModuleBuilder b = new ModuleBuilder("m");
        Reg r = b.reg("r", uint(2));
        b.assign(b.output("y", uint(2)), r);
        assertTrue(assertThrows(DesignException.class, b::build).getMessage().contains("never assigned"));
    }
}
