package shears.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shears.accelerators.logic.LogicNetModule;
import shears.models.data.DataCache;
import shears.models.data.Table;
import shears.models.logicnet.FixedPointThermometer;
import shears.models.logicnet.HardNet;
import shears.models.logicnet.LogicNetFiles;
import shears.reports.logicnet.LogicHardware;
import shears.reports.measure.Measure;
import shears.reports.measure.OperatingPoint;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.estimate.Estimator;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.util.ExternalTools;
import shears.rtl.util.OutputDir;
import shears.sim.Engines;
import shears.sim.SimEngine;

/** {@code shears logic gen}: Verilog of a saved logic network, checked against the software netlist. */
@Command(
        name = "gen",
        mixinStandardHelpOptions = true,
        description =
                "Generate the classifier (gates, GroupSum popcounts, argmax) as Verilog, estimate it, and check it sample by sample "
                        + "under both Java engines and Verilator against the software netlist.")
final class LogicGenCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Directory written by 'shears logic train --out'.")
    Path model;

    @Option(names = "--out", required = true, description = "Directory for the Verilog.")
    Path out;

    @Option(
            names = "--pipeline",
            defaultValue = "0",
            description = "Register every k gate levels; 0 = combinational (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(
            names = "--binarize",
            description = "Put the thermometer encoder on chip: the module reads signed fixed-point features.")
    boolean binarize;

    @Option(
            names = "--feature-bits",
            defaultValue = "12",
            description = "Bits per on-chip feature with --binarize (default: ${DEFAULT-VALUE}).")
    int featureBits;

    @Option(names = "--no-verilator", description = "Check only the Java engines.")
    boolean noVerilator;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Mixin
    ForceOption force = new ForceOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (pipeline < 0) {
            throw new UserException("--pipeline must not be negative");
        }
        if (!binarize && spec.commandLine().getParseResult().hasMatchedOption("--feature-bits")) {
            throw new UserException("--feature-bits applies only with --binarize");
        }
        if (featureBits < 2 || featureBits > 32) {
            throw new UserException("--feature-bits must be 2..32");
        }
        OutputDir.probe("--out", out, "logic gen", force.force);
        LogicNetFiles.Saved s = LogicNetFiles.load(model);
        String data = s.metadata().getOrDefault("data", "");
        long seed = Long.parseLong(s.metadata().getOrDefault("seed", "1"));
        Table[] split =
                data.isEmpty() || data.endsWith(".csv") || data.endsWith(".gz") ? null : DataCache.load(data, seed);
        if (binarize && split == null) {
            throw new UserException("--binarize needs the training data the network was trained on (a named data set)");
        }
        FixedPointThermometer fixed =
                binarize ? FixedPointThermometer.of(s.encoder(), split[0].features(), featureBits) : null;
        LogicNetModule.Design d = LogicNetModule.build(s.netlist(), s.classes(), pipeline, "logicnet", fixed);
        Netlist nl = PassPipeline.standard().run(d.module().netlist());
        Netlist flat = nl.flatten();
        Table test = split == null ? null : split[1];
        boolean[][] samples = test == null
                ? new boolean[0][]
                : binarize
                        ? Arrays.stream(test.features())
                                .map(x -> fixed.encode(fixed.quantize(x)))
                                .toArray(boolean[][]::new)
                        : Arrays.stream(test.features())
                                .map(s.encoder()::encode)
                                .toArray(boolean[][]::new);
        boolean verilator = !noVerilator && ExternalTools.available("verilator");
        List<SimEngine> engines = Engines.all().stream()
                .filter(e -> e.inProcess() || (verilator && e.cliName().equals("verilator")))
                .toList();
        Map<String, Integer> checked = samples.length == 0
                ? Map.of()
                : LogicHardware.verify(
                        binarize
                                ? LogicHardware.binarized(
                                        d,
                                        flat,
                                        s.netlist(),
                                        s.classes(),
                                        fixed,
                                        Arrays.stream(test.features())
                                                .map(fixed::quantize)
                                                .toArray(int[][]::new))
                                : LogicHardware.encoded(d, flat, s.netlist(), s.classes(), samples),
                        flat,
                        engines);
        try (OutputDir dir = OutputDir.open("--out", out, "logic gen", force.force)) {
            dir.writeAll(VerilogEmitter.emit(nl));
            dir.commit();
        }
        String verilatorSkipped =
                samples.length == 0 || verilator ? null : noVerilator ? "--no-verilator" : "verilator not installed";
        Estimator.Estimate e = Measure.estimate(flat, OperatingPoint.DEFAULT);
        double acc = test == null ? Double.NaN : HardNet.accuracy(s.netlist(), s.classes(), samples, test.labels());
        var w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ands", s.netlist().andCount());
            m.put("depth", s.netlist().depth());
            m.put("latencyCycles", d.latencyCycles());
            m.put("samplesChecked", checked);
            m.put("verilatorSkipped", verilatorSkipped);
            m.put("testAccuracy", acc);
            m.put("areaUm2", e.asic().areaUm2());
            m.put("lut4", e.ice40().luts());
            m.put("lut6", e.xilinx().luts());
            m.put("ff", e.xilinx().ffs());
            m.put("fmaxMhz", e.timing().fmaxMhz());
            w.println(Json.of(m));
        } else {
            w.printf(
                    "logicnet: %d ANDs, depth %d, %d classes; latency %d cycles; %.0f um2 at 65 nm, %d LUT6, %d LUT4, %d FF, Fmax %.0f MHz%n",
                    s.netlist().andCount(),
                    s.netlist().depth(),
                    s.classes(),
                    d.latencyCycles(),
                    e.asic().areaUm2(),
                    e.xilinx().luts(),
                    e.ice40().luts(),
                    e.xilinx().ffs(),
                    e.timing().fmaxMhz());
            if (!checked.isEmpty()) {
                w.printf(
                        "hardware equals the software netlist on every test sample: %s; test accuracy %.4f%n",
                        checked, acc);
            }
            if (verilatorSkipped != null) {
                w.printf("verilator check skipped: %s%n", verilatorSkipped);
            }
            w.println("wrote " + out);
        }
        return 0;
    }
}
