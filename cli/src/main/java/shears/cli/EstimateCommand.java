package shears.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import shears.reports.measure.Measure;
import shears.reports.measure.Measurement;
import shears.reports.measure.OperatingPoint;
import shears.rtl.estimate.Estimator;
import shears.rtl.estimate.Ice40PlaceRoute;
import shears.rtl.estimate.YosysCrossCheck;
import shears.rtl.ir.Netlist;
import shears.rtl.util.ExternalTools;
import shears.sim.Engines;
import shears.sim.SimEngine;
import shears.sim.power.PowerEstimator;

/** {@code shears estimate}: area, FPGA resources, timing and power, optionally beside Yosys. */
@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description =
                "Estimate area (transistors, GE, um2), FPGA resources, Fmax and power; --yosys compares with real synthesis.")
final class EstimateCommand implements Callable<Integer> {
    // Obtained only for --yosys: starting the logging backend would compete with the timed estimate for the JIT.
    private static Logger log() {
        return LoggerFactory.getLogger(EstimateCommand.class);
    }

    @Mixin
    DesignOptions design = new DesignOptions();

    @Mixin
    OperatingPointOptions op = new OperatingPointOptions();

    @Option(
            names = "--activity-cycles",
            defaultValue = "4000",
            description = "Cycles of seeded random stimulus simulated for toggle activity (default: ${DEFAULT-VALUE}).")
    long activityCycles;

    @Option(
            names = "--engine",
            defaultValue = "compiled",
            paramLabel = "ENGINE",
            description =
                    "Engine that simulates the activity: interp, compiled or verilator (default: ${DEFAULT-VALUE}); "
                            + "all three count the same toggles.")
    String engine;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Stimulus seed for activity (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--yosys",
            description = "Also synthesise with Yosys and print the estimate beside it with %% error.")
    boolean yosys;

    @Mixin
    YosysOptions yosysLimits = new YosysOptions();

    @Option(
            names = "--nextpnr",
            description = "Also place and route on an iCE40 HX8K with nextpnr-ice40 and print the "
                    + "iCE40 Fmax estimate beside its post-route Fmax.")
    boolean nextpnr;

    @Option(
            names = "--nextpnr-seeds",
            defaultValue = "3",
            paramLabel = "N",
            description = "Placement seeds for --nextpnr; the median Fmax is reported (default: ${DEFAULT-VALUE}).")
    int nextpnrSeeds;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings("try") // the heartbeat runs for the block, not read in it
    public Integer call() throws IOException {
        OperatingPoint point = op.point();
        if (activityCycles <= 0) {
            throw new UserException("--activity-cycles must be positive");
        }
        SimEngine activityEngine = Engines.available(engine);
        yosysLimits.check();
        YosysOptions.requireYosys(spec.commandLine().getParseResult(), yosys);
        NextpnrCheck.check(spec.commandLine().getParseResult(), nextpnr, nextpnrSeeds);
        if (yosys && !ExternalTools.available("yosys")) {
            throw new UserException("--yosys needs yosys on the PATH (Debian package: yosys)");
        }
        DesignOptions.Built b = design.build();
        Netlist flat = b.netlist().flatten();
        Measurement x;
        try (Heartbeat h = Heartbeat.every(10, "estimate " + b.spec().name())) {
            x = Measure.run(
                    new Measure.Request(flat, new Measure.Drive.Random(activityCycles, seed), activityEngine, point));
        }
        Estimator.Estimate e = x.estimate();
        PowerEstimator.Power p = x.power();
        YosysCrossCheck.Result y = yosys
                ? YosysCrossCheck.run(flat, yosysLimits.satConflicts, yosysLimits.timeoutSeconds(), log()::info)
                : null;
        Ice40PlaceRoute.Result pnr = null;
        if (nextpnr) {
            try {
                pnr = Ice40PlaceRoute.run(flat, nextpnrSeeds, yosysLimits.timeoutSeconds(), log()::info);
            } catch (IOException ex) {
                throw new UserException(
                        "--nextpnr: " + ex.getMessage().lines().findFirst().orElse(""));
            }
        }
        // The first call includes JIT warm-up; a second call shows the steady-state cost a flow pays per design.
        double warmSeconds = yosys ? Estimator.estimate(flat, point.nodeNm()).seconds() : e.seconds();
        var w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = figures(e, p);
            m.put("design", b.spec().name());
            m.put("params", b.params());
            m.put("nodeNm", point.nodeNm());
            m.put("vdd", point.vdd());
            m.put("freqMhz", point.freqMhz());
            m.put("estimatorSeconds", e.seconds());
            m.put("estimatorWarmSeconds", warmSeconds);
            Map<String, Object> act = new LinkedHashMap<>();
            act.put("engine", x.engine());
            act.put("cycles", x.cycles());
            act.put("seed", seed);
            act.put("toggles", x.toggles().total());
            m.put("activity", act);
            m.put("powerBreakdownUw", p.byCategoryUw());
            m.put("powerByModuleUw", p.byModuleUw());
            m.put("criticalPath", e.timing().path());
            // Estimate against the references asked for (--yosys, --nextpnr), in %, and the speed ratios.
            Map<String, Object> err = new LinkedHashMap<>();
            if (y != null) {
                Map<String, Object> ym = new LinkedHashMap<>();
                ym.put("transistors", y.transistors());
                ym.put("gateLevels", y.gateLevels());
                ym.put("lut4", y.ice40().luts());
                ym.put("lut6", y.xilinx().luts());
                ym.put("ff", y.xilinx().ffs());
                ym.put("ffIce40", y.ice40().ffs());
                ym.put("bram", y.xilinx().bram());
                ym.put("bramIce40", y.ice40().bram());
                ym.put("dsp", y.xilinx().dsp());
                ym.put("seconds", y.seconds());
                m.put("yosys", ym);
                err.put("transistorsPct", pct(e.asic().transistors(), y.transistors()));
                err.put("gateLevelsPct", pct(e.timing().levels(), y.gateLevels()));
                err.put("lut4Pct", pct(e.ice40().luts(), y.ice40().luts()));
                err.put("lut6Pct", pct(e.xilinx().luts(), y.xilinx().luts()));
                err.put("speedupFirstCall", y.seconds() / e.seconds());
                err.put("speedupWarm", y.seconds() / warmSeconds);
            }
            if (pnr != null) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("device", "iCE40 HX8K ct256");
                pm.put("fmaxMhz", pnr.fmaxMhz());
                pm.put("seedFmaxMhz", pnr.seedFmaxMhz());
                pm.put("logicCells", pnr.logicCells());
                pm.put("seconds", pnr.seconds());
                m.put("nextpnr", pm);
                err.put("fmaxIce40Pct", pct(e.ice40Timing().fmaxMhz(), pnr.fmaxMhz()));
            }
            if (!err.isEmpty()) {
                m.put("errors", err);
            }
            w.println(Json.of(m));
            return 0;
        }
        w.printf(
                "%s %s at %d nm, %.2f V, %.3g MHz%n",
                b.spec().name(), b.params(), point.nodeNm(), point.vdd(), point.freqMhz());
        w.printf(
                "%-26s %14s %14s %9s%n",
                "figure",
                "estimate",
                y == null && pnr == null ? "" : pnr == null ? "yosys" : "reference",
                y == null && pnr == null ? "" : "error");
        row(w, "transistors", e.asic().transistors(), y == null ? null : (double) y.transistors());
        row(w, "gate equivalents", e.asic().gateEquivalents(), y == null ? null : y.transistors() / 4.0);
        row(w, "area um2", e.asic().areaUm2(), null);
        row(
                w,
                "iCE40 LUT4",
                e.ice40().luts(),
                y == null ? null : (double) y.ice40().luts());
        row(
                w,
                "iCE40 FF",
                e.ice40().ffs(),
                y == null ? null : (double) y.ice40().ffs());
        row(
                w,
                "iCE40 carry",
                e.ice40().carries(),
                y == null ? null : (double) y.ice40().carries());
        row(
                w,
                "iCE40 BRAM",
                e.ice40().bram(),
                y == null ? null : (double) y.ice40().bram());
        row(
                w,
                "7-series LUT6",
                e.xilinx().luts(),
                y == null ? null : (double) y.xilinx().luts());
        row(
                w,
                "7-series FF",
                e.xilinx().ffs(),
                y == null ? null : (double) y.xilinx().ffs());
        row(
                w,
                "7-series DSP48",
                e.xilinx().dsp(),
                y == null ? null : (double) y.xilinx().dsp());
        row(
                w,
                "7-series BRAM",
                e.xilinx().bram(),
                y == null ? null : (double) y.xilinx().bram());
        row(
                w,
                "7-series LUTRAM",
                e.xilinx().lutram(),
                y == null ? null : (double) y.xilinx().lutram());
        row(w, "gate levels", e.timing().levels(), y == null ? null : (double) y.gateLevels());
        row(w, "critical path ps", e.timing().criticalPathPs(), null);
        row(w, "Fmax MHz", e.timing().fmaxMhz(), null);
        row(w, "iCE40 LUT levels", e.ice40Timing().lutLevels(), null);
        row(w, "iCE40 Fmax MHz", e.ice40Timing().fmaxMhz(), pnr == null ? null : pnr.fmaxMhz());
        row(w, "power uW", p.totalUw(), null);
        row(w, "energy per cycle pJ", p.energyPerCyclePj(), null);
        w.printf(
                "activity: %d cycles of seeded random stimulus (seed %d) on %s, %d toggles%n",
                x.cycles(), seed, x.engine(), x.toggles().total());
        w.printf("power by category (uW): %s%n", format(p.byCategoryUw()));
        w.printf("power by module (uW):   %s%n", format(p.byModuleUw()));
        w.printf(
                "critical path (%d gate levels): %s%n",
                e.timing().levels(), shortPath(e.timing().path()));
        w.printf(
                "iCE40 critical path (%d LUTs, %d carry bits, %.2f ns): %s%n",
                e.ice40Timing().lutLevels(),
                e.ice40Timing().carryBits(),
                e.ice40Timing().pathNs(),
                shortPath(e.ice40Timing().path()));
        if (pnr != null) {
            w.printf(
                    "reference for iCE40 Fmax: nextpnr-ice40 on an HX8K after routing, median of %d seeds (%s MHz), "
                            + "%d logic cells with the port harness, %.1f s%n",
                    pnr.seedFmaxMhz().length, format(pnr.seedFmaxMhz()), pnr.logicCells(), pnr.seconds());
        }
        w.printf("estimator %.3f s (first call, with JIT warm-up)", e.seconds());
        if (y != null) {
            w.printf(
                    ", %.3f s warm; yosys %.2f s (%.0fx / %.0fx slower)",
                    warmSeconds, y.seconds(), y.seconds() / e.seconds(), y.seconds() / warmSeconds);
        }
        w.println();
        return 0;
    }

    /** The path's cells, the middle elided past 16 of them (--json lists every cell). */
    static String shortPath(java.util.List<String> path) {
        if (path.size() <= 16) {
            return String.join(" -> ", path);
        }
        return String.join(" -> ", path.subList(0, 8)) + " -> ... " + (path.size() - 16)
                + " more (--json lists all) ... -> " + String.join(" -> ", path.subList(path.size() - 8, path.size()));
    }

    private static Map<String, Object> figures(Estimator.Estimate e, PowerEstimator.Power p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transistors", e.asic().transistors());
        m.put("gateEquivalents", e.asic().gateEquivalents());
        m.put("areaUm2", e.asic().areaUm2());
        m.put("lut4", e.ice40().luts());
        m.put("lut6", e.xilinx().luts());
        m.put("ff", e.xilinx().ffs());
        m.put("bram", e.xilinx().bram());
        m.put("bramIce40", e.ice40().bram());
        m.put("dsp", e.xilinx().dsp());
        m.put("lutram", e.xilinx().lutram());
        m.put("carriesIce40", e.ice40().carries());
        m.put("fmaxMhz", e.timing().fmaxMhz());
        m.put("fmaxIce40Mhz", e.ice40Timing().fmaxMhz());
        Map<String, Object> ice = new LinkedHashMap<>();
        ice.put("lutLevels", e.ice40Timing().lutLevels());
        ice.put("carryBits", e.ice40Timing().carryBits());
        ice.put("pathNs", e.ice40Timing().pathNs());
        ice.put("path", e.ice40Timing().path());
        m.put("ice40Timing", ice);
        m.put("gateLevels", e.timing().levels());
        m.put("criticalPathPs", e.timing().criticalPathPs());
        m.put("powerUw", p.totalUw());
        m.put("energyPerCyclePj", p.energyPerCyclePj());
        return m;
    }

    static double pct(double estimate, double reference) {
        return reference == 0 ? (estimate == 0 ? 0 : 100) : 100.0 * (estimate - reference) / reference;
    }

    private static void row(java.io.PrintWriter w, String name, double est, Double ref) {
        if (ref == null) {
            w.printf("%-26s %14s%n", name, number(est));
        } else {
            w.printf("%-26s %14s %14s %+8.1f%%%n", name, number(est), number(ref), pct(est, ref));
        }
    }

    /** Counts as integers ("8", not "8.00000"); measured quantities to six significant digits. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    private static String format(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.1f", v));
        }
        return sb.toString();
    }

    private static String format(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) ->
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("%.4g", v)));
        return sb.toString();
    }
}
