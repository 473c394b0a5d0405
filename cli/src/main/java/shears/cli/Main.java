package shears.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import shears.models.io.ModelFormatException;
import shears.rtl.hdl.DesignException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The {@code shears} command. */
@Command(name = "shears", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Pruned neural and logic models to Verilog: generate, simulate, verify, estimate.",
        subcommands = {VersionCommand.class, HdlCommand.class, SimCommand.class, CosimCommand.class, FuzzCommand.class,
                EstimateCommand.class, CompareCommand.class, ModelsCommand.class, LogicCommand.class, DataCommand.class,
                BenchCommand.class, DemoCommand.class, RamanCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces for errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code (0 ok, 1 internal error, 2 bad input). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("shears: error: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean debug = parsed.matchedOption("--debug") != null || hasDebug(parsed);
            boolean user = ex instanceof UserException || ex instanceof DesignException
                    || ex instanceof IllegalArgumentException || ex instanceof IOException
                    || ex instanceof UncheckedIOException || ex instanceof ModelFormatException;
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println(user ? "shears: error: " + msg
                    : "shears: internal error: " + ex.getClass().getSimpleName() + ": " + msg
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return user ? 2 : 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static boolean hasDebug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.matchedOption("--debug") != null) {
                return true;
            }
        }
        return false;
    }
}
