package shears.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static shears.rtl.hdl.HdlType.uint;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import shears.rtl.hdl.HdlModule;
import shears.rtl.hdl.Mem;
import shears.rtl.hdl.ModuleBuilder;
import shears.rtl.hdl.Output;
import shears.rtl.hdl.Reg;
import shears.rtl.hdl.Signal;
import shears.rtl.ir.Clocking;
import shears.rtl.ir.Netlist;

/** The cycle semantics documented on {@link Simulator}, checked on each engine. */
class SemanticsTest {
    @ParameterizedTest
    @EnumSource(Engine.class)
    void resetBeatsEnableAndRegistersHoldWithoutEnable(Engine e) {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal en = b.input("en", uint(1));
        Signal d = b.input("d", uint(8));
        Reg r = b.reg("r", uint(8), 0x5a).enable(en);
        b.set(r, d);
        b.assign(b.output("q", uint(8)), r);
        try (Simulator sim = e.create(b.build().netlist(), SimOptions.DEFAULT)) {
            assertEquals(0, sim.peek("q"), "registers start at 0");
            sim.poke("d", 7);
            sim.poke("en", 0);
            sim.step();
            assertEquals(0, sim.peek("q"), "no enable: hold");
            sim.poke("en", 1);
            sim.step();
            assertEquals(7, sim.peek("q"));
            sim.poke("rst", 1);
            sim.step();
            assertEquals(0x5a, sim.peek("q"), "reset wins over enable");
            sim.poke("rst", 0);
            sim.poke("d", 9);
            sim.step();
            assertEquals(9, sim.peek("q"));
            sim.reset();
            assertEquals(0x5a, sim.peek("q"));
            assertEquals(5, sim.cycle());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anActiveLowResetResetsTheTopAndItsInstancesWhileLow(Engine e) {
        ModuleBuilder child = new ModuleBuilder("child");
        Reg c = child.reg("c", uint(8), 0x11);
        child.set(c, c.add(1).trunc(8));
        child.assign(child.output("q", uint(8)), c);
        HdlModule inner = child.build();
        ModuleBuilder b = new ModuleBuilder("top", Clocking.AXI);
        Reg t = b.reg("t", uint(8), 0x22);
        b.set(t, t.add(1).trunc(8));
        b.assign(b.output("t_q", uint(8)), t);
        b.assign(b.output("c_q", uint(8)), b.instance("u", inner).out("q"));
        try (Simulator sim = e.create(b.build().netlist(), SimOptions.DEFAULT)) {
            sim.poke("aresetn", 0);
            sim.step();
            assertEquals(0x22, sim.peek("t_q"), "held low: reset");
            assertEquals(0x11, sim.peek("c_q"), "the instance's rst follows the inverted aresetn");
            sim.poke("aresetn", 1);
            sim.step(3);
            assertEquals(0x25, sim.peek("t_q"));
            assertEquals(0x14, sim.peek("c_q"));
            sim.reset();
            assertEquals(0x22, sim.peek("t_q"), "reset() drives aresetn low for one cycle");
            sim.step();
            assertEquals(0x23, sim.peek("t_q"), "and releases it");
            assertEquals(0x12, sim.peek("c_q"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void memoryReadsOldDataAndOutOfRangeReadsZero(Engine e) {
        ModuleBuilder b = new ModuleBuilder("m");
        Mem ram = b.ram("ram", uint(70), 5);
        Signal we = b.input("we", uint(1));
        Signal addr = b.input("addr", uint(3));
        Signal data = b.input("data", uint(70));
        ram.write(we, addr, data);
        Signal rd = ram.read("rd", addr);
        b.assign(b.output("q", uint(70)), rd);
        Netlist nl = b.build().netlist();
        BigInteger big = BigInteger.ONE.shiftLeft(69).add(BigInteger.valueOf(3));
        try (Simulator sim = e.create(nl, SimOptions.DEFAULT)) {
            sim.poke("we", 1);
            sim.poke("addr", 2);
            sim.poke("data", big);
            sim.step();
            assertEquals(BigInteger.ZERO, sim.peekBig("q"), "read in the write cycle sees the old word");
            sim.poke("we", 0);
            sim.step();
            assertEquals(big, sim.peekBig("q"));
            sim.poke("we", 1);
            sim.poke("addr", 6);
            sim.step();
            assertEquals(BigInteger.ZERO, sim.peekBig("q"), "beyond the depth reads 0");
            sim.poke("we", 0);
            sim.poke("addr", 2);
            sim.step();
            assertEquals(big, sim.peekBig("q"), "a write beyond the depth is dropped, word 2 intact");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void romHoldsItsContentsAndReadEnableHolds(Engine e) {
        ModuleBuilder b = new ModuleBuilder("m");
        Mem rom = b.rom("lut", uint(8), new long[] {10, 20, 30, 40});
        Signal addr = b.input("addr", uint(2));
        Signal en = b.input("en", uint(1));
        b.assign(b.output("q", uint(8)), rom.read("rd", addr, en));
        try (Simulator sim = e.create(b.build().netlist(), SimOptions.DEFAULT)) {
            sim.poke("en", 1);
            sim.poke("addr", 3);
            sim.step();
            assertEquals(40, sim.peek("q"));
            sim.poke("en", 0);
            sim.poke("addr", 1);
            sim.step();
            assertEquals(40, sim.peek("q"), "disabled read port holds");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void conditionalAssignmentLastWinsAndPeekSettlesAfterPoke(Engine e) {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal c1 = b.input("c1", uint(1));
        Signal c2 = b.input("c2", uint(1));
        Output y = b.output("y", uint(2));
        b.set(y, 0);
        b.when(c1, () -> {
                    b.set(y, 1);
                    b.when(c2, () -> b.set(y, 2));
                })
                .otherwise(() -> b.set(y, 3));
        try (Simulator sim = e.create(b.build().netlist(), SimOptions.DEFAULT)) {
            int[][] table = {{0, 0, 3}, {0, 1, 3}, {1, 0, 1}, {1, 1, 2}};
            for (int[] row : table) {
                sim.poke("c1", row[0]);
                sim.poke("c2", row[1]);
                assertEquals(row[2], sim.peek("y"), "c1=" + row[0] + " c2=" + row[1]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void badPokesAreRejected(Engine e) {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal a = b.input("a", uint(4));
        b.assign(b.output("y", uint(4)), a);
        try (Simulator sim = e.create(b.build().netlist(), SimOptions.DEFAULT)) {
            assertThrows(IllegalArgumentException.class, () -> sim.poke("a", 16));
            assertThrows(IllegalArgumentException.class, () -> sim.poke("a", BigInteger.valueOf(-1)));
            assertThrows(IllegalArgumentException.class, () -> sim.poke("nope", 1));
            assertThrows(IllegalArgumentException.class, () -> sim.peek("nope"));
            assertThrows(IllegalStateException.class, sim::toggles);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void togglesCountBitFlipsPerSample(Engine e) {
        ModuleBuilder b = new ModuleBuilder("m");
        Signal a = b.input("a", uint(4));
        b.assign(b.output("y", uint(4)), a);
        Netlist nl = b.build().netlist();
        try (Simulator sim = e.create(nl, SimOptions.WITH_TOGGLES)) {
            sim.poke("a", 0b1111);
            sim.step();
            sim.poke("a", 0b0101);
            sim.step();
            sim.step();
            ToggleCounts t = sim.toggles();
            assertEquals(3, t.samples());
            assertEquals(4 + 2, t.net(nl.top().inputNet("a")));
        }
    }
}
