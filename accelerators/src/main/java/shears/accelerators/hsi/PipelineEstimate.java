package shears.accelerators.hsi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import shears.rtl.estimate.Estimator;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;

/**
 * Resources of a generated pipeline split into preprocessing (demosaic, calibration, normalisation),
 * the CNN (convolutions, pools, depth-to-space, concatenations, forks, argmax) and the FIFOs (skip
 * and rate FIFOs): every stage module estimated on its own by the estimator, summed per group. The top
 * module holds only wiring, so the groups add up to the whole design.
 */
public final class PipelineEstimate {
    private PipelineEstimate() {}

    /** One group's figures: 7-series and iCE40 resources and ASIC area. */
    public record Group(
            int luts,
            int ffs,
            int bram,
            int dsp,
            int lutram,
            int ice40Luts,
            int ice40Ffs,
            int ice40Bram,
            double areaUm2) {
        static final Group ZERO = new Group(0, 0, 0, 0, 0, 0, 0, 0, 0);

        Group plus(Estimator.Estimate e) {
            return new Group(
                    luts + e.xilinx().luts(),
                    ffs + e.xilinx().ffs(),
                    bram + e.xilinx().bram(),
                    dsp + e.xilinx().dsp(),
                    lutram + e.xilinx().lutram(),
                    ice40Luts + e.ice40().luts(),
                    ice40Ffs + e.ice40().ffs(),
                    ice40Bram + e.ice40().bram(),
                    areaUm2 + e.asic().areaUm2());
        }

        Group plus(Group g) {
            return new Group(
                    luts + g.luts,
                    ffs + g.ffs,
                    bram + g.bram,
                    dsp + g.dsp,
                    lutram + g.lutram,
                    ice40Luts + g.ice40Luts,
                    ice40Ffs + g.ice40Ffs,
                    ice40Bram + g.ice40Bram,
                    areaUm2 + g.areaUm2);
        }
    }

    /**
     * @param groups      "preprocessing", "cnn", "fifos" and "total"
     * @param ice40FmaxMhz the estimator's iCE40 Fmax of each stage module (see {@link PipelineTiming})
     */
    public record Estimates(Map<String, Group> groups, Map<String, Double> ice40FmaxMhz) {
        public Estimates {
            groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
            ice40FmaxMhz = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ice40FmaxMhz));
        }
    }

    /** Every stage module of {@code design} (the pipeline after the standard passes, not flattened) estimated once. */
    public static Estimates of(Netlist design, int nodeNm, Consumer<String> progress) {
        Map<String, Double> fmax = new LinkedHashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        groups.put("preprocessing", Group.ZERO);
        groups.put("cnn", Group.ZERO);
        groups.put("fifos", Group.ZERO);
        for (NetlistModule m : design.modules()) {
            if (m.name().equals(design.topName())) {
                continue;
            }
            progress.accept("estimating " + m.name());
            Estimator.Estimate e = Estimator.estimate(Netlist.of(m), nodeNm);
            groups.merge(group(m.name()), Group.ZERO.plus(e), Group::plus);
            fmax.put(m.name(), e.ice40Timing().fmaxMhz());
        }
        Group total = Group.ZERO;
        for (Group g : groups.values()) {
            total = total.plus(g);
        }
        groups.put("total", total);
        return new Estimates(groups, fmax);
    }

    static String group(String module) {
        if (module.equals("hsi_demosaic") || module.equals("hsi_calibrate") || module.equals("hsi_normalise")) {
            return "preprocessing";
        }
        return module.startsWith("hsi_fifo_") ? "fifos" : "cnn";
    }
}
