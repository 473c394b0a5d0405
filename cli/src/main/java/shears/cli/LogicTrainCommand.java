package shears.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import shears.models.data.DataCache;
import shears.models.data.Table;
import shears.models.data.TableLoader;
import shears.models.logicnet.LogicExperiment;
import shears.models.logicnet.LogicNetFiles;
import shears.rtl.util.OutputDir;

/** {@code shears logic train}: train a logic-gate network, harden it, prune it three ways. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train a differentiable logic-gate network, harden it to gates, and prune it (sat, similarity, greedy) to gate budgets.")
final class LogicTrainCommand implements Callable<Integer> {
    @Option(
            names = "--data",
            defaultValue = "monk1",
            description =
                    "monk1|monk2|monk3|breast_cancer|digits|iris, or a CSV file with the label last (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--layers", defaultValue = "4", description = "Layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(
            names = "--width",
            defaultValue = "256",
            description = "Neurons per layer, rounded to a multiple of the classes (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(
            names = "--candidates",
            defaultValue = "8",
            description =
                    "Learned-interconnect candidates per gate input; 1 = fixed random wiring (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--tau", defaultValue = "10", description = "GroupSum temperature (default: ${DEFAULT-VALUE}).")
    double tau;

    @Option(
            names = "--bits",
            defaultValue = "4",
            description = "Thermometer bits per feature (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--epochs", defaultValue = "100", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.01", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed for the split, wiring and training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--budgets",
            split = ",",
            defaultValue = "0.75,0.5,0.25",
            description = "Gate budgets as fractions of the hardened net (default: ${DEFAULT-VALUE}).")
    List<Double> budgets;

    @Option(names = "--out", description = "Save the hardened network (netlist.aig + logicnet.json) here.")
    Path out;

    @CommandLine.Mixin
    ForceOption force = new ForceOption();

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (double b : budgets) {
            if (!(b > 0 && b <= 1)) {
                throw new UserException("--budgets must be fractions in (0, 1], got " + b);
            }
        }
        LogicExperiment.Settings s;
        try {
            s = new LogicExperiment.Settings(layers, width, candidates, tau, bits, epochs, 32, lr, seed);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (candidates < 1 || candidates > 64) {
            throw new UserException("--candidates must be 1..64");
        }
        if (out != null) {
            OutputDir.probe("--out", out, "logic train", force.force);
        }
        Table[] tt = data.endsWith(".csv") || data.endsWith(".csv.gz")
                ? TableLoader.load(Path.of(data), Path.of(data).getFileName().toString())
                        .split(0.8, seed)
                : DataCache.load(data, seed);
        LogicExperiment.Trained t = LogicExperiment.train(tt[0], tt[1], s);
        List<LogicExperiment.Row> rows = LogicExperiment.prune(t, LogicExperiment.strategies(), budgets);
        if (out != null) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("data", data);
            meta.put("seed", Long.toString(seed));
            meta.put("settings", s.toString());
            meta.put("trainAccuracy", Double.toString(rows.get(0).trainAccuracy()));
            meta.put("testAccuracy", Double.toString(rows.get(0).testAccuracy()));
            try (OutputDir dir = OutputDir.open("--out", out, "logic train", force.force)) {
                dir.writeAllBytes(
                        LogicNetFiles.files(new LogicNetFiles.Saved(t.netlist(), t.classes(), t.encoder(), meta)));
                dir.commit();
            }
        }
        var w = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("data", data);
            m.put("trainSamples", t.trainX().length);
            m.put("testSamples", t.testX().length);
            m.put("inputs", t.netlist().inputCount());
            m.put("neurons", layers * t.net().config().widths()[0]);
            m.put("parameters", t.net().parameterCount());
            m.put("trainSeconds", t.trainSeconds());
            List<Map<String, Object>> list = new ArrayList<>();
            for (LogicExperiment.Row r : rows) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("strategy", r.strategy());
                row.put("budgetFraction", r.budgetFraction());
                row.put("ands", r.ands());
                row.put("depth", r.depth());
                row.put("trainAccuracy", r.trainAccuracy());
                row.put("testAccuracy", r.testAccuracy());
                row.put("provedEquivalent", r.provedEquivalent());
                list.add(row);
            }
            m.put("results", list);
            w.println(Json.of(m));
        } else {
            w.printf(
                    "%s: %d train / %d test samples, %d encoded inputs, %d layers x %d neurons (%s wiring), trained in %.1f s%n",
                    data,
                    t.trainX().length,
                    t.testX().length,
                    t.netlist().inputCount(),
                    layers,
                    t.net().config().widths()[0],
                    candidates == 1 ? "fixed random" : "learned, " + candidates + " candidates",
                    t.trainSeconds());
            w.printf(
                    "%-11s %7s %7s %6s %10s %10s %s%n",
                    "strategy", "budget", "ANDs", "depth", "train acc", "test acc", "");
            for (LogicExperiment.Row r : rows) {
                w.printf(
                        "%-11s %7.2f %7d %6d %10.4f %10.4f %s%n",
                        r.strategy(),
                        r.budgetFraction(),
                        r.ands(),
                        r.depth(),
                        r.trainAccuracy(),
                        r.testAccuracy(),
                        r.provedEquivalent() ? "proved equivalent" : "");
            }
        }
        return 0;
    }
}
