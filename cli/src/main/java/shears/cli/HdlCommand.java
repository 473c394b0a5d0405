package shears.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Netlist;
import shears.rtl.util.OutputDir;

/** {@code shears hdl ...}: hardware generation commands. */
@Command(
        name = "hdl",
        mixinStandardHelpOptions = true,
        description = "Generate hardware.",
        subcommands = {HdlCommand.Emit.class})
final class HdlCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Suggestions.missingCommand(spec.commandLine());
    }

    @Command(
            name = "emit",
            mixinStandardHelpOptions = true,
            description = "Write a built-in design as Verilog-2005, one file per module.")
    static final class Emit implements Callable<Integer> {
        @Mixin
        DesignOptions design = new DesignOptions();

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--flatten", description = "Inline every instance into one module.")
        boolean flatten;

        @Option(names = "--dump", description = "Also write the netlist text dump (<top>.netlist).")
        boolean dump;

        @Mixin
        ForceOption force = new ForceOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            OutputDir.probe("--out", out, "hdl emit", force.force);
            DesignOptions.Built b = design.build();
            Netlist nl = flatten ? b.netlist().flatten() : b.netlist();
            Map<String, String> files = VerilogEmitter.emit(nl);
            if (dump) {
                files = new java.util.TreeMap<>(files);
                files.put(nl.topName() + ".netlist", nl.dump());
            }
            try (OutputDir dir = OutputDir.open("--out", out, "hdl emit", force.force)) {
                dir.writeAll(files);
                dir.commit();
            }
            var w = spec.commandLine().getOut();
            for (Map.Entry<String, String> e : files.entrySet()) {
                w.printf(
                        "wrote %s (%d lines)%n",
                        out.resolve(e.getKey()), e.getValue().lines().count());
            }
            w.printf("%s: %d cells, top module %s%n", b.spec().name(), nl.cellCount(), nl.topName());
            return 0;
        }
    }
}
