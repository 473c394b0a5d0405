package shears.sim.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import shears.rtl.estimate.Estimator;
import shears.rtl.examples.MacArray;
import shears.rtl.ir.Netlist;
import shears.sim.Engine;
import shears.sim.SimOptions;
import shears.sim.SimRunner;
import shears.sim.Simulator;
import shears.sim.ToggleCounts;

/** Power from toggles: breakdown, scaling with supply and clock, and what clock gating may save. */
class PowerEstimatorTest {
    private static ToggleCounts run(Netlist flat, long cycles) {
        try (Simulator sim = Engine.COMPILED.create(flat, SimOptions.WITH_TOGGLES)) {
            return SimRunner.run(sim, cycles, 1).toggles();
        }
    }

    @Test
    void breakdownAddsUpAndDynamicPowerScalesWithFrequencyAndSupplySquared() {
        Netlist flat = MacArray.build(4, 8, 16, 1, false).netlist().flatten();
        ToggleCounts t = run(flat, 2000);
        Estimator.Estimate e = Estimator.estimate(flat, 65);
        PowerEstimator.Power p = PowerEstimator.estimate(flat, e, t, 1.2, 2.0, null, false);
        double sum = p.byCategoryUw().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertEquals(p.totalUw(), sum, 1e-9 * p.totalUw(), "categories add up to the total");
        assertTrue(p.dynamicUw() > 0 && p.leakageUw() > 0);
        PowerEstimator.Power fast = PowerEstimator.estimate(flat, e, t, 1.2, 4.0, null, false);
        assertEquals(2 * p.dynamicUw(), fast.dynamicUw(), 1e-9 * p.dynamicUw(), "dynamic power is linear in f");
        assertEquals(p.leakageUw(), fast.leakageUw(), 1e-12, "leakage does not depend on f");
        PowerEstimator.Power low = PowerEstimator.estimate(flat, e, t, 0.6, 2.0, null, false);
        assertEquals(p.dynamicUw() / 4, low.dynamicUw(), 1e-9 * p.dynamicUw(), "dynamic power goes with V^2");
    }

    @Test
    void clockGatingChargesOnlyChangingStateAndNeverMore() {
        // an 8-bit counter that changes every cycle beside a 16-bit register that only ever holds 0
        shears.rtl.hdl.ModuleBuilder b = new shears.rtl.hdl.ModuleBuilder("gating");
        shears.rtl.hdl.Reg count = b.reg("count", shears.rtl.hdl.HdlType.uint(8), 0);
        b.set(count, count.add(1).trunc(8));
        shears.rtl.hdl.Reg idle = b.reg("idle", shears.rtl.hdl.HdlType.uint(16), 0);
        b.set(idle, idle);
        b.assign(b.output("y", shears.rtl.hdl.HdlType.uint(16)), idle.xor(count.zextTo(16)));
        Netlist flat = b.build().netlist().flatten();
        ToggleCounts t = run(flat, 5000);
        Estimator.Estimate e = Estimator.estimate(flat, 65);
        PowerEstimator.Power free = PowerEstimator.estimate(flat, e, t, 1.2, 2.0, null, false);
        PowerEstimator.Power gated = PowerEstimator.estimate(flat, e, t, 1.2, 2.0, null, true);
        double clockFree = free.byCategoryUw().get("clock");
        double clockGated = gated.byCategoryUw().get("clock");
        // the idle register (two thirds of the flops) is never clocked; the counter is, every cycle
        assertEquals(clockFree / 3, clockGated, 0.01 * clockFree);
        assertEquals(
                free.totalUw() - clockFree,
                gated.totalUw() - clockGated,
                1e-9 * free.totalUw(),
                "only the clock changes");
    }

    @Test
    void eachMemoryIsCostedOnceAsItsKindDecides() {
        // a 64 x 32 RAM (an SRAM macro), an 8 x 8 RAM (flip-flops) and a 16-word ROM (logic)
        shears.rtl.hdl.ModuleBuilder b = new shears.rtl.hdl.ModuleBuilder("mems");
        shears.rtl.hdl.Reg addr = b.reg("addr", shears.rtl.hdl.HdlType.uint(6), 0);
        b.set(addr, addr.add(1).trunc(6));
        shears.rtl.hdl.Signal data = b.input("data", shears.rtl.hdl.HdlType.uint(32));
        shears.rtl.hdl.Mem big = b.ram("big", shears.rtl.hdl.HdlType.uint(32), 64);
        big.write(addr.bit(0), addr, data);
        shears.rtl.hdl.Mem small = b.ram("little", shears.rtl.hdl.HdlType.uint(8), 8);
        small.write(addr.bit(1), addr.trunc(3), data.trunc(8));
        long[] words = new long[16];
        for (int i = 0; i < words.length; i++) {
            words[i] = i * 37L % 251;
        }
        shears.rtl.hdl.Mem rom = b.rom("rom", shears.rtl.hdl.HdlType.uint(8), words);
        shears.rtl.hdl.Signal y = big.read("big_rd", addr)
                .xor(small.read("little_rd", addr.trunc(3)).zextTo(32))
                .xor(rom.read("rom_rd", addr.trunc(4)).zextTo(32));
        b.assign(b.output("y", shears.rtl.hdl.HdlType.uint(32)), y);
        Netlist flat = b.build().netlist().flatten();
        Estimator.Estimate e = Estimator.estimate(flat, 65);
        var kinds = e.memories().stream()
                .collect(java.util.stream.Collectors.toMap(
                        shears.rtl.estimate.MemoryCost::name, shears.rtl.estimate.MemoryCost::kind));
        assertEquals(3, kinds.size());
        assertEquals(shears.rtl.estimate.MemoryCost.Kind.SRAM_MACRO, kinds.get("big"));
        assertEquals(shears.rtl.estimate.MemoryCost.Kind.FLOP_ARRAY, kinds.get("little"));
        assertEquals(shears.rtl.estimate.MemoryCost.Kind.ROM_LOGIC, kinds.get("rom"));
        shears.rtl.estimate.MemoryCost macro = e.memories().stream()
                .filter(m -> m.name().equals("big"))
                .findFirst()
                .orElseThrow();
        // area: the logic without the macro plus the macro, nothing twice
        assertEquals(
                e.asic().logicGateEquivalents() * 1.44 + macro.areaUm2(),
                e.asic().areaUm2(),
                1e-6 * e.asic().areaUm2());
        assertTrue(
                e.asic().logicGateEquivalents() < e.asic().gateEquivalents() - 2048 * 4,
                "the macro's bits are not logic");

        ToggleCounts t = run(flat, 500);
        double[] access = new double[flat.top().memories().size()];
        java.util.Arrays.fill(access, 0.5);
        PowerEstimator.Power p = PowerEstimator.estimate(flat, e, t, 1.2, 2.0, access, false);
        // only the macro is charged per access: 0.5 x its energy per cycle; the other two toggle as logic
        assertEquals(0.5 * macro.accessEnergyPj() * 2.0, accessUw(flat, e, p), 1e-9);
        assertEquals(2048 * 11.4e-12 * 1.2 * 1e6, p.byCategoryUw().get("memory leakage"), 1e-9);
        assertEquals(e.asic().logicGateEquivalents() * 0.2e-3, p.byCategoryUw().get("leakage"), 1e-9);
        assertEquals(
                p.leakageUw(),
                p.byCategoryUw().get("leakage") + p.byCategoryUw().get("memory leakage"),
                1e-12);
    }

    /** The per-access part of the "memories" category: what is left after the read ports' own toggles. */
    private static double accessUw(Netlist flat, Estimator.Estimate e, PowerEstimator.Power p) {
        PowerEstimator.Power none = PowerEstimator.estimate(
                flat,
                e,
                run(flat, 500),
                1.2,
                2.0,
                new double[flat.top().memories().size()],
                false);
        return p.byCategoryUw().get("memories") - none.byCategoryUw().get("memories");
    }
}
