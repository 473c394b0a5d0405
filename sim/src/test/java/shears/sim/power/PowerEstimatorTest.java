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
        Netlist flat = MacArray.build(4, 8, 16, 1).netlist().flatten();
        ToggleCounts t = run(flat, 2000);
        double[] ge = Estimator.cellGateEquivalents(flat);
        PowerEstimator.Power p = PowerEstimator.estimate(flat, ge, t, 65, 1.2, 2.0, null);
        double sum = p.byCategoryUw().values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertEquals(p.totalUw(), sum, 1e-9 * p.totalUw(), "categories add up to the total");
        assertTrue(p.dynamicUw() > 0 && p.leakageUw() > 0);
        PowerEstimator.Power fast = PowerEstimator.estimate(flat, ge, t, 65, 1.2, 4.0, null);
        assertEquals(2 * p.dynamicUw(), fast.dynamicUw(), 1e-9 * p.dynamicUw(), "dynamic power is linear in f");
        assertEquals(p.leakageUw(), fast.leakageUw(), 1e-12, "leakage does not depend on f");
        PowerEstimator.Power low = PowerEstimator.estimate(flat, ge, t, 65, 0.6, 2.0, null);
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
        double[] ge = Estimator.cellGateEquivalents(flat);
        PowerEstimator.Power free = PowerEstimator.estimate(flat, ge, t, 65, 1.2, 2.0, null, false);
        PowerEstimator.Power gated = PowerEstimator.estimate(flat, ge, t, 65, 1.2, 2.0, null, true);
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
}
