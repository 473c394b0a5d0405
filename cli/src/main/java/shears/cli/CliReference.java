package shears.cli;

import java.util.Map;
import picocli.CommandLine;

/** docs/cli.md: the usage help of every command, rendered from the same annotations {@code --help} prints. */
final class CliReference {
    private CliReference() {}

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Shears command reference\n\n")
                .append(
                        "Every command's `--help`, generated from the command definitions (a test keeps this file equal to them).\n")
                .append("Exit codes, output directories and resuming are described in the README.\n");
        append(sb, new CommandLine(new Main()), "shears");
        return sb.toString();
    }

    private static void append(StringBuilder sb, CommandLine cl, String path) {
        sb.append("\n## ")
                .append(path)
                .append("\n\n```\n")
                .append(cl.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
                .append("\n```\n");
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            if (!e.getKey().equals("help")) {
                append(sb, e.getValue(), path + " " + e.getKey());
            }
        }
    }
}
