package shears.sim.power;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import shears.rtl.estimate.Estimator;
import shears.rtl.estimate.MemoryCost;
import shears.rtl.estimate.Technology;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.sim.ToggleCounts;

/**
 * Power from simulated activity: every net's measured toggle rate times the switching energy of the
 * gates that drive it (its cell's gate equivalents per bit, from {@link Estimator.Estimate#cellGateEquivalents},
 * times the node's energy per GE toggle scaled by (V / V_nominal)^2), plus clock power (two clock-pin
 * transitions per flip-flop per cycle, one GE each), SRAM macro accesses at their per-access energy,
 * and leakage. Every memory is charged as the estimate's {@link MemoryCost} decided: a macro by its
 * accesses and per-bit leakage (never by multiplexer logic), a flip-flop array or ROM by its logic.
 * Leakage follows the area model: the logic's gate equivalents plus the macros' bits. Reports
 * microwatts, energy per cycle, and a breakdown by category and by module instance.
 */
public final class PowerEstimator {
    private PowerEstimator() {}

    public record Power(
            double totalUw,
            double dynamicUw,
            double leakageUw,
            double energyPerCyclePj,
            Map<String, Double> byCategoryUw,
            Map<String, Double> byModuleUw,
            double vdd,
            double freqMhz,
            int nodeNm) {}

    /**
     * @param flat             the simulated flat netlist, the one {@code estimate} was made of
     * @param estimate         its estimate at the node (gate equivalents per net, the memory decision)
     * @param toggles          toggle counts from a run of it
     * @param accessesPerCycle reads plus writes per cycle, per memory index (null: one per cycle); only
     *                         SRAM macros are charged by access
     * @param clockGating      data-driven clock gating: a state element's clock is charged only in
     *                         cycles where its value changes, counted as its toggles (an upper bound on
     *                         those cycles, so the saving is understated; gating cells are not costed)
     */
    public static Power estimate(
            Netlist flat,
            Estimator.Estimate estimate,
            ToggleCounts toggles,
            double vdd,
            double freqMhz,
            double[] accessesPerCycle,
            boolean clockGating) {
        if (vdd <= 0 || freqMhz <= 0) {
            throw new IllegalArgumentException("supply and clock must be positive");
        }
        int nodeNm = estimate.asic().nodeNm();
        Technology tech = Technology.node(nodeNm);
        double[] ge = estimate.cellGateEquivalents();
        List<MemoryCost> memories = estimate.memories();
        NetlistModule m = flat.top();
        double scale = Math.pow(vdd / tech.vddNominalV(), 2);
        double eGeFj = tech.energyPerGeToggleFj() * scale;
        double samples = Math.max(1, toggles.samples());
        Map<String, Double> cat = new LinkedHashMap<>();
        Map<String, Double> mod = new TreeMap<>();
        double clockedBits = 0;
        String[] owner = owners(m);
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            double perCycleFj = toggles.net(i) / samples * (ge[i] / c.width()) * eGeFj;
            String category = c.op() == Op.REG ? "registers" : c.op() == Op.MEM_READ ? "memories" : "logic";
            boolean macroPort = c.op() == Op.MEM_READ && MemoryCost.isMacro(memories, c.aux());
            if (c.op().isState() && !macroPort) {
                clockedBits += clockGating ? c.width() * Math.min(1.0, toggles.net(i) / samples) : c.width();
            }
            add(cat, category, perCycleFj);
            add(mod, owner[i], perCycleFj);
        }
        double clockFj = 2.0 * clockedBits * eGeFj;
        add(cat, "clock", clockFj);
        add(mod, "(clock tree)", clockFj);
        double macroLeakageNw = 0;
        for (MemoryCost mc : memories) {
            if (mc.kind() != MemoryCost.Kind.SRAM_MACRO) {
                continue;
            }
            double accesses = accessesPerCycle == null ? 1.0 : accessesPerCycle[mc.index()];
            double memFj = mc.accessEnergyPj() * scale * 1000 * accesses;
            add(cat, "memories", memFj);
            add(mod, module(mc.name()), memFj);
            macroLeakageNw += mc.leakageNw();
        }
        double energyPerCycleFj =
                cat.values().stream().mapToDouble(Double::doubleValue).sum();
        // fJ per cycle x MHz = nW; / 1000 = uW.
        double dynamicUw = energyPerCycleFj * freqMhz / 1000.0;
        double vRatio = vdd / tech.vddNominalV();
        double logicLeakageUw = estimate.asic().logicGateEquivalents() * tech.leakageNwPerGe() * vRatio / 1000.0;
        double macroLeakageUw = macroLeakageNw * vRatio / 1000.0;
        double leakageUw = logicLeakageUw + macroLeakageUw;
        Map<String, Double> catUw = new LinkedHashMap<>();
        cat.forEach((k, v) -> catUw.put(k, v * freqMhz / 1000.0));
        catUw.put("leakage", logicLeakageUw);
        catUw.put("memory leakage", macroLeakageUw);
        Map<String, Double> modUw = new LinkedHashMap<>();
        mod.forEach((k, v) -> modUw.put(k, v * freqMhz / 1000.0));
        return new Power(
                dynamicUw + leakageUw,
                dynamicUw,
                leakageUw,
                energyPerCycleFj / 1000.0 + leakageUw / freqMhz,
                catUw,
                modUw,
                vdd,
                freqMhz,
                nodeNm);
    }

    /**
     * The instance each net belongs to: from its own flattened name ("u_pe0.acc_q" is in u_pe0), else
     * from the nearest named cell it feeds (anonymous arithmetic belongs where its result goes).
     */
    private static String[] owners(NetlistModule m) {
        String[] owner = new String[m.size()];
        for (int i = 0; i < m.size(); i++) {
            if (m.cell(i).name() != null) {
                owner[i] = module(m.cell(i).name());
            }
        }
        boolean changed = true;
        for (int round = 0; changed && round < m.size(); round++) {
            changed = false;
            for (int i = m.size() - 1; i >= 0; i--) {
                Cell c = m.cell(i);
                if (owner[i] == null) {
                    continue;
                }
                for (int k = 0; k < c.inputCount(); k++) {
                    int in = c.in(k);
                    if (in >= 0 && owner[in] == null) {
                        owner[in] = owner[i];
                        changed = true;
                    }
                }
            }
        }
        for (int i = 0; i < owner.length; i++) {
            if (owner[i] == null) {
                owner[i] = "(top)";
            }
        }
        return owner;
    }

    private static String module(String name) {
        if (name == null || !name.contains(".")) {
            return "(top)";
        }
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static void add(Map<String, Double> m, String k, double v) {
        m.merge(k, v, Double::sum);
    }
}
