package shears.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shears.accelerators.logic.AigModule;
import shears.rtl.aig.Aig;
import shears.rtl.aig.Aiger;
import shears.rtl.aig.Blif;
import shears.rtl.aig.Cec;
import shears.rtl.aig.SatSweeper;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Netlist;
import shears.rtl.pass.PassPipeline;
import shears.rtl.util.AtomicFiles;

/** {@code shears logic}: combinational logic networks (AIGER/BLIF): SAT sweeping and equivalence checking. */
@Command(
        name = "logic",
        mixinStandardHelpOptions = true,
        description = "Logic networks: SAT sweeping, equivalence checking, format conversion.",
        subcommands = {
            LogicCommand.Sweep.class,
            LogicCommand.CecCmd.class,
            LogicTrainCommand.class,
            LogicGenCommand.class
        })
final class LogicCommand implements Runnable {
    /** Exit code of {@code logic cec} when the networks differ. */
    static final int NOT_EQUIVALENT = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Suggestions.missingCommand(spec.commandLine());
    }

    static Aig read(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(n.endsWith(".blif") || n.endsWith(".aig") || n.endsWith(".aag"))) {
            throw new UserException(file + ": unknown netlist format (use .blif, .aig or .aag)");
        }
        return Aiger.readAny(file);
    }

    static void write(Aig aig, Path out) {
        try {
            writeFile(aig, out);
        } catch (IOException e) {
            throw shears.rtl.util.IoErrors.output("--out", out, "cannot write file", e);
        }
    }

    private static void writeFile(Aig aig, Path out) throws IOException {
        String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
        String stem = out.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        if (n.endsWith(".blif")) {
            AtomicFiles.write(out, Blif.write(aig, stem));
        } else if (n.endsWith(".aig")) {
            AtomicFiles.write(out, Aiger.writeBinary(aig));
        } else if (n.endsWith(".aag")) {
            AtomicFiles.write(out, Aiger.writeAscii(aig).getBytes(StandardCharsets.US_ASCII));
        } else if (n.endsWith(".v")) {
            String module = PortNamingCheck.moduleName(stem);
            Netlist nl =
                    PassPipeline.standard().run(AigModule.build(aig, module).netlist());
            Map<String, String> files = VerilogEmitter.emit(nl);
            AtomicFiles.write(out, String.join("\n", files.values()));
        } else {
            throw new UserException(out + ": unknown output format (use .blif, .aig, .aag or .v)");
        }
    }

    /** Module names must be identifiers. */
    static final class PortNamingCheck {
        static String moduleName(String stem) {
            String s = stem.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+", "_");
            if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
                s = "m_" + s;
            }
            return shears.rtl.ir.Identifiers.problem(s) == null ? s : s + "_m";
        }
    }

    @Command(
            name = "sweep",
            mixinStandardHelpOptions = true,
            description =
                    "SAT-sweep a combinational network (merge proved-equivalent nodes), prove the result equivalent, write it.")
    static final class Sweep implements Callable<Integer> {
        @Parameters(index = "0", description = "Input netlist (.blif, .aig, .aag).")
        Path in;

        @Option(names = "--out", description = "Output netlist (.blif, .aig, .aag or .v for Verilog).")
        Path out;

        @Option(
                names = "--seed",
                defaultValue = "1",
                description = "Random simulation seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--conflict-limit",
                defaultValue = "0",
                description = "Conflicts per SAT call, 0 = unlimited (default: ${DEFAULT-VALUE}).")
        int conflictLimit;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (conflictLimit < 0) {
                throw new UserException("--conflict-limit must not be negative");
            }
            if (out != null) {
                String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!(n.endsWith(".blif") || n.endsWith(".aig") || n.endsWith(".aag") || n.endsWith(".v"))) {
                    throw new UserException(out + ": unknown output format (use .blif, .aig, .aag or .v)");
                }
                shears.rtl.util.OutputDir.checkFile("--out", out);
            }
            Aig g = read(in);
            SatSweeper.Result r = SatSweeper.sweep(g, new SatSweeper.Options(32, conflictLimit, seed));
            Cec.Verdict v = Cec.check(g, r.aig());
            if (!v.equivalent()) {
                throw new IllegalStateException("sweep result differs from the input at output "
                        + v.output().orElse("?"));
            }
            if (out != null) {
                write(r.aig(), out);
            }
            var w = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("input", in.toString());
                m.put("andsBefore", r.andsBefore());
                m.put("andsAfter", r.andsAfter());
                m.put("depthBefore", g.depth());
                m.put("depthAfter", r.aig().depth());
                m.put("satCalls", r.satCalls());
                m.put("proved", r.proved());
                m.put("refuted", r.refuted());
                m.put("undecided", r.undecided());
                m.put("sweepSeconds", r.seconds());
                m.put("equivalent", true);
                m.put("cecSeconds", v.seconds());
                w.println(Json.of(m));
            } else {
                w.printf(
                        "%s: %d inputs, %d outputs; ANDs %d -> %d, depth %d -> %d; %d SAT calls (%d proved, %d refuted, %d undecided) in %.3f s; "
                                + "result proved equivalent in %.3f s%n",
                        in.getFileName(),
                        g.inputCount(),
                        g.outputCount(),
                        r.andsBefore(),
                        r.andsAfter(),
                        g.depth(),
                        r.aig().depth(),
                        r.satCalls(),
                        r.proved(),
                        r.refuted(),
                        r.undecided(),
                        r.seconds(),
                        v.seconds());
            }
            return 0;
        }
    }

    @Command(
            name = "cec",
            mixinStandardHelpOptions = true,
            description =
                    "Combinational equivalence check of two netlists (inputs matched by name, outputs by position). Exit 0 equivalent, 3 different.")
    static final class CecCmd implements Callable<Integer> {
        @Parameters(index = "0", description = "First netlist.")
        Path a;

        @Parameters(index = "1", description = "Second netlist.")
        Path b;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Aig x = read(a);
            Aig y = read(b);
            Cec.Verdict v;
            try {
                v = Cec.check(x, y);
            } catch (IllegalArgumentException e) {
                throw new UserException(a + " vs " + b + ": " + e.getMessage());
            }
            var w = spec.commandLine().getOut();
            if (v.equivalent()) {
                w.printf("equivalent (%d outputs, %.3f s)%n", x.outputCount(), v.seconds());
                return 0;
            }
            StringBuilder cex = new StringBuilder();
            v.inputs()
                    .forEach((k, val) -> cex.append(cex.length() == 0 ? "" : " ")
                            .append(k)
                            .append('=')
                            .append(val ? 1 : 0));
            w.printf("NOT equivalent: output %s differs for %s%n", v.output().orElse("?"), cex);
            return NOT_EQUIVALENT;
        }
    }
}
