package shears.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code shears version}: Shears, Java and external tool versions. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print Shears, Java and tool versions.")
final class VersionCommand implements Runnable {
    static final String VERSION = shears.rtl.util.Version.SHEARS;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        out.println("shears " + VERSION);
        out.println("java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        for (String tool : new String[] {"verilator", "yosys", "iverilog"}) {
            out.println(tool + " " + shears.rtl.util.ExternalTools.version(tool).orElse("not found"));
        }
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"shears " + VERSION};
        }
    }
}
