package shears.rtl.ir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built netlists that break each rule are rejected with a {@link NetlistException}. */
class NetlistVerifierTest {
    private static Cell in(String name, int w) {
        return new Cell(Op.INPUT, w, false, new int[0], 0, null, name, null);
    }

    private static Cell op(Op op, int w, int... ins) {
        return new Cell(op, w, false, ins, 0, null, null, null);
    }

    private static NetlistModule mod(List<Cell> cells, int out) {
        return new NetlistModule("t", cells, List.of(new OutputPort("y", out)), List.of(), List.of());
    }

    @Test
    void wellFormedNetlistPasses() {
        assertDoesNotThrow(() -> Netlist.of(mod(List.of(in("a", 8), in("b", 8), op(Op.ADD, 8, 0, 1)), 2)));
    }

    @Test
    void operandWidthMismatch() {
        var e = assertThrows(
                NetlistException.class, () -> Netlist.of(mod(List.of(in("a", 8), in("b", 7), op(Op.ADD, 8, 0, 1)), 2)));
        assertTrue(e.getMessage().contains("width"), e.getMessage());
    }

    @Test
    void inputOutOfRange() {
        assertThrows(NetlistException.class, () -> Netlist.of(mod(List.of(in("a", 8), op(Op.NOT, 8, 5)), 1)));
    }

    @Test
    void combinationalLoop() {
        var e = assertThrows(
                NetlistException.class,
                () -> Netlist.of(mod(List.of(in("a", 1), op(Op.AND, 1, 0, 2), op(Op.OR, 1, 1, 0)), 2)));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void duplicateNames() {
        assertThrows(NetlistException.class, () -> Netlist.of(mod(List.of(in("a", 1), in("a", 1)), 0)));
        assertThrows(NetlistException.class, () -> Netlist.of(mod(List.of(in("y", 1)), 0)));
    }

    @Test
    void sliceOutOfRangeAndBadConcat() {
        assertThrows(
                NetlistException.class,
                () -> Netlist.of(mod(
                        List.of(in("a", 8), new Cell(Op.SLICE, 4, false, new int[] {0}, 6, null, null, null)), 1)));
        assertThrows(NetlistException.class, () -> Netlist.of(mod(List.of(in("a", 8), op(Op.CONCAT, 9, 0, 0)), 1)));
    }

    @Test
    void cellRejectsValuesThatDoNotFit() {
        assertThrows(
                IllegalArgumentException.class, () -> Cell.constant(BigInteger.valueOf(256), 8, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> op(Op.ADD, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> op(Op.ADD, 0, 0, 0));
    }

    @Test
    void memoryReadWidthAndAddress() {
        Memory rom = new Memory("rom", 8, 4, List.of(BigInteger.ONE), null, null);
        Cell addr = in("a", 3);
        Cell rd = new Cell(Op.MEM_READ, 8, false, new int[] {0, -1}, 0, null, null, null);
        var m = new NetlistModule("t", List.of(addr, rd), List.of(new OutputPort("y", 1)), List.of(rom), List.of());
        assertThrows(NetlistException.class, () -> Netlist.of(m));
    }

    @Test
    void instanceMustConnectEveryInput() {
        NetlistModule child =
                new NetlistModule("c", List.of(in("i", 1)), List.of(new OutputPort("o", 0)), List.of(), List.of());
        NetlistModule top = new NetlistModule(
                "t",
                List.of(in("a", 1)),
                List.of(),
                List.of(),
                List.of(new Instance("u", "c", List.of(), List.of(), null)));
        var e = assertThrows(NetlistException.class, () -> new Netlist("t", List.of(top, child)));
        assertTrue(e.getMessage().contains("open"), e.getMessage());
    }
}
