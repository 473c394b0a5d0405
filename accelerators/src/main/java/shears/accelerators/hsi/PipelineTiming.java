package shears.accelerators.hsi;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import shears.rtl.estimate.Ice40PlaceRoute;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;

/**
 * iCE40 clock frequency of a generated pipeline, stage by stage: the estimator's post-route Fmax and,
 * on request, nextpnr-ice40's on an HX8K.
 *
 * <p>Why per stage: every stage's outputs come from registers and the top holds only wiring, so each
 * path between registers lies inside one stage, starting either at one of its own registers or at
 * the previous stage's output register. {@link Ice40PlaceRoute}'s harness registers every input, so
 * placing a stage on its own times both kinds. The pipeline's Fmax is the slowest stage's, less the
 * routing between stages that a whole-chip placement would add. Whole pipelines rarely fit an HX8K
 * (a 25-band front end alone takes most of it); their stages do.
 */
public final class PipelineTiming {
    private PipelineTiming() {}

    /**
     * One stage module's Fmax.
     *
     * @param estimateMhz   the estimator's iCE40 Fmax
     * @param nextpnrMhz    nextpnr-ice40's post-route Fmax on an HX8K (median of the seeds), or NaN
     *                      when not placed or it did not fit
     * @param logicCells    logic cells nextpnr used (with the port harness), or 0
     * @param problem       why nextpnr gave no figure (e.g. the stage does not fit), or null
     */
    public record Stage(double estimateMhz, double nextpnrMhz, int logicCells, String problem) {}

    /** @param stages per stage module, in the design's module order */
    public record Result(Map<String, Stage> stages) {
        public Result {
            stages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stages));
        }

        public double estimateMhz() {
            return stages.values().stream()
                    .mapToDouble(Stage::estimateMhz)
                    .min()
                    .orElse(Double.NaN);
        }

        /** The slowest stage's nextpnr Fmax, or NaN unless every stage was placed. */
        public double nextpnrMhz() {
            return stages.values().stream().anyMatch(s -> Double.isNaN(s.nextpnrMhz()))
                    ? Double.NaN
                    : stages.values().stream()
                            .mapToDouble(Stage::nextpnrMhz)
                            .min()
                            .orElse(Double.NaN);
        }

        /** The stage with the lowest Fmax: nextpnr's where every stage has one, else the estimate's. */
        public String limiting() {
            boolean placed = !Double.isNaN(nextpnrMhz());
            return stages.entrySet().stream()
                    .min(java.util.Comparator.comparingDouble(e ->
                            placed ? e.getValue().nextpnrMhz() : e.getValue().estimateMhz()))
                    .map(Map.Entry::getKey)
                    .orElse(null);
        }
    }

    /**
     * @param design            the pipeline after the standard passes, not flattened
     * @param estimateMhz       the estimator's iCE40 Fmax per stage module ({@link PipelineEstimate})
     * @param placed            which stage modules to place and route with nextpnr (none: estimates only)
     * @param seeds             placement seeds per stage
     */
    public static Result of(
            Netlist design,
            Map<String, Double> estimateMhz,
            Predicate<String> placed,
            int seeds,
            int timeoutSeconds,
            Consumer<String> progress) {
        Map<String, Stage> stages = new LinkedHashMap<>();
        for (NetlistModule m : design.modules()) {
            if (m.name().equals(design.topName())) {
                continue;
            }
            double estimate = estimateMhz.get(m.name());
            if (!placed.test(m.name())) {
                stages.put(m.name(), new Stage(estimate, Double.NaN, 0, null));
                continue;
            }
            progress.accept("nextpnr-ice40: " + m.name());
            try {
                Ice40PlaceRoute.Result r = Ice40PlaceRoute.run(Netlist.of(m), seeds, timeoutSeconds, s -> {});
                stages.put(m.name(), new Stage(estimate, r.fmaxMhz(), r.logicCells(), null));
            } catch (IOException e) {
                String first = e.getMessage().lines().findFirst().orElse("nextpnr-ice40 failed");
                stages.put(m.name(), new Stage(estimate, Double.NaN, 0, first));
            }
        }
        return new Result(stages);
    }
}
