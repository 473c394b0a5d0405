package shears.accelerators.hsi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The auto-folder: for a target frame rate at a clock, each weighted layer gets the smallest PE x
 * SIMD (PE dividing its outputs, SIMD its fan-in; ties to the larger SIMD) whose cycles per frame fit
 * the frame budget, then the multipliers are checked against the device's DSPs. It says which
 * constraint binds: a stage that cannot meet the budget at any folding, the DSP budget, or none.
 */
public final class Folder {
    private Folder() {}

    /**
     * A target device's budgets: DSP slices, block RAMs (BRAM36 of 36 kbit on the K26, 4-kbit EBR on
     * iCE40) and LUTs (6-input on the K26, 4-input on iCE40), from the vendors' data sheets. The K26's
     * UltraRAM is left out: it cannot be initialised from the bitstream, so it cannot hold weights.
     */
    public enum Device {
        K26("Kria K26 (XCK26)", 1248, 144, 36_864, 117_120, 6),
        HX8K("iCE40 HX8K", 0, 32, 4_096, 7_680, 4),
        UP5K("iCE40 UP5K", 8, 30, 4_096, 5_280, 4);

        public final String title;
        public final int dsp;
        public final int bram;
        public final int bramBits;
        public final int luts;
        public final int lutInputs;

        Device(String title, int dsp, int bram, int bramBits, int luts, int lutInputs) {
            this.title = title;
            this.dsp = dsp;
            this.bram = bram;
            this.bramBits = bramBits;
            this.luts = luts;
            this.lutInputs = lutInputs;
        }

        /**
         * Every bit the device could store: its block RAM, and every LUT used as a ROM or RAM of
         * 2^inputs bits. A pipeline whose memories need more cannot fit, whatever the synthesis does.
         */
        long memoryBits() {
            return (long) bram * bramBits + ((long) luts << lutInputs);
        }

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean ice40() {
            return this != K26;
        }

        /**
         * Utilisation of each budget by {@code total} (DSP, BRAM, LUT, as fractions), in that order; a
         * design over any budget is refused naming it.
         */
        public Map<String, Double> fit(PipelineEstimate.Group total) {
            int luts = ice40() ? total.ice40Luts() : total.luts();
            int brams = ice40() ? total.ice40Bram() : (total.bram() + 1) / 2; // the estimator counts RAMB18
            Map<String, Double> use = new LinkedHashMap<>();
            use.put("dsp", dsp == 0 ? (total.dsp() == 0 ? 0.0 : Double.POSITIVE_INFINITY) : total.dsp() / (double) dsp);
            use.put("bram", brams / (double) bram);
            use.put("lut", luts / (double) this.luts);
            int[] need = {total.dsp(), brams, luts};
            int[] have = {dsp, bram, this.luts};
            String[] unit = {"DSPs", ice40() ? "EBRs" : "BRAM36", "LUTs"};
            for (int i = 0; i < 3; i++) {
                // iCE40 HX parts have no DSP: multipliers are counted in LUTs there
                if (need[i] > have[i] && !(i == 0 && ice40() && dsp == 0)) {
                    throw new StreamException("device " + cliName() + " too small: the pipeline needs " + need[i] + " "
                            + unit[i] + ", it has " + have[i]);
                }
            }
            if (dsp == 0) {
                use.remove("dsp");
            }
            return use;
        }
    }

    /** Frame rate at a clock on a device. */
    public record Target(double fps, double clockMhz, Device device) {
        public Target {
            if (!(fps > 0) || !(clockMhz > 0)) {
                throw new StreamException("--fps and --clock-mhz must be positive: " + fps + ", " + clockMhz);
            }
        }

        public long budgetCycles() {
            return (long) Math.floor(clockMhz * 1e6 / fps);
        }
    }

    /** The folding chosen and what limits it. */
    public record Choice(Map<String, StreamPlan.Fold> folds, int multipliers, String binding) {}

    /** Folds every weighted stage of {@code serial} (a plan built with no folding) for {@code t}. */
    public static Choice choose(StreamPlan serial, Target t) {
        return choose(serial, t, t.budgetCycles());
    }

    /** As above with each stage held to {@code budget} cycles per frame (at most the target's). */
    public static Choice choose(StreamPlan serial, Target t, long budget) {
        Map<String, StreamPlan.Fold> folds = new LinkedHashMap<>();
        int mults = 0;
        for (Map.Entry<String, Long> e : CycleModel.stageCycles(serial).entrySet()) {
            StreamPlan.Stage s = serial.stages().stream()
                    .filter(x -> x.name().equals(e.getKey()))
                    .findFirst()
                    .orElse(null);
            if (s instanceof StreamPlan.Conv) {
                continue;
            }
            if (e.getValue() > budget) {
                throw new StreamException("stage '" + e.getKey() + "' needs " + e.getValue()
                        + " cycles per frame, over the budget of " + budget + " (" + fmt(t.fps()) + " fps at "
                        + fmt(t.clockMhz()) + " MHz): it cannot be folded");
            }
        }
        for (StreamPlan.Conv c : serial.convs().values()) {
            StreamPlan.Fold best = null;
            for (int pe = 1; pe <= c.outChannels(); pe++) {
                for (int simd = 1; simd <= c.fanIn(); simd++) {
                    if (c.outChannels() % pe != 0
                            || c.fanIn() % simd != 0
                            || CycleModel.convCycles(c, pe, simd) > budget) {
                        continue;
                    }
                    if (best == null
                            || pe * simd < best.pe() * best.simd()
                            || pe * simd == best.pe() * best.simd() && simd > best.simd()) {
                        best = new StreamPlan.Fold(pe, simd);
                    }
                }
            }
            if (best == null) {
                throw new StreamException(
                        "layer '" + c.name() + "' needs " + CycleModel.convCycles(c, c.outChannels(), c.fanIn())
                                + " cycles per frame fully " + "parallel, over the budget of " + budget + " ("
                                + fmt(t.fps()) + " fps at " + fmt(t.clockMhz()) + " MHz)");
            }
            folds.put(layerName(c), best);
            mults += best.pe() * best.simd();
        }
        if (t.device().dsp > 0 && mults > t.device().dsp) {
            throw new StreamException("device " + t.device().cliName() + " too small: the folding needs " + mults
                    + " multipliers, it has " + t.device().dsp + " DSPs");
        }
        checkMemory(serial, t.device());
        String binding = t.device().dsp == 0
                ? "frame budget (" + budget + " cycles); the " + t.device().cliName()
                        + " has no DSPs, multipliers go to LUTs"
                : String.format(
                        Locale.ROOT,
                        "frame budget (%d cycles); DSPs %d of %d (%.0f %%)",
                        budget,
                        mults,
                        t.device().dsp,
                        100.0 * mults / t.device().dsp);
        return new Choice(folds, mults, binding);
    }

    /**
     * Refuses a pipeline whose memories cannot fit the device even with every LUT as memory: the
     * weight ROMs, the convolutions' line buffers and the skip FIFOs (the bulk of what it stores; the
     * small rate FIFOs and pool rows come on top). Checked before anything is estimated, since
     * estimating a design of that size exhausts any heap.
     */
    static void checkMemory(StreamPlan plan, Device d) {
        long weights = 0;
        long buffers = 0;
        for (StreamPlan.Stage s : plan.stages()) {
            if (s instanceof StreamPlan.Conv c) {
                weights += (long) c.weights().length * c.weightBits();
                int k = c.kernel();
                buffers += (long) (k - 1) * (c.width() + k - 1) * c.inChannels() * 8;
            } else if (s instanceof StreamPlan.Cat cat) {
                buffers += (long) cat.fifoDepth() * cat.channelsB() * 8;
            }
        }
        if (weights + buffers > d.memoryBits()) {
            throw new StreamException(String.format(
                    Locale.ROOT,
                    "device %s too small: the pipeline stores at least %,d bits (weights %,d, line buffers and skip "
                            + "FIFOs %,d); its block RAM and every LUT as memory hold %,d",
                    d.cliName(),
                    weights + buffers,
                    weights,
                    buffers,
                    d.memoryBits()));
        }
    }

    /** The network layer a stage folds ({@code up0_mm} is layer {@code up0}'s pointwise half). */
    static String layerName(StreamPlan.Conv c) {
        return c.name().endsWith("_mm") ? c.name().substring(0, c.name().length() - 3) : c.name();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
