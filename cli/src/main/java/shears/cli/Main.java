package shears.cli;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import shears.rtl.hdl.DesignException;
import shears.rtl.util.OutputException;

/** The {@code shears} command. */
@Command(
        name = "shears",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Pruned neural and logic models to Verilog: generate, simulate, verify, estimate.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a check failed (mismatch, bound missed, finding)",
            "2:bad input or usage",
            "3:not equivalent (logic cec)",
            "70:internal error (a bug: please report it with --debug)"
        },
        subcommands = {
            VersionCommand.class,
            HdlCommand.class,
            SimCommand.class,
            CosimCommand.class,
            FuzzCommand.class,
            EstimateCommand.class,
            CompareCommand.class,
            SearchCommand.class,
            ModelsCommand.class,
            LogicCommand.class,
            DataCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            RamanCommand.class,
            HsiCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Exit codes, as documented in README and {@code shears --help}. */
    static final int OK = 0;

    static final int CHECK_FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_EQUIVALENT = 3;
    static final int INTERNAL = 70;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces for errors.")
    boolean debug;

    @Option(
            names = {"-q", "--quiet"},
            scope = ScopeType.INHERIT,
            description = "Only results and errors: no progress or log lines.")
    void quiet(boolean quiet) {
        Logs.quiet(quiet);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw Suggestions.missingCommand(spec.commandLine());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code (see {@link #OK} and the others). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String qualified = ex.getCommandLine().getCommandSpec().qualifiedName();
            if (a.length == 0) {
                ex.getCommandLine().usage(err);
                return USAGE;
            }
            err.println("shears: error: " + Suggestions.message(ex) + " (see '" + qualified + " --help')");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> handle(ex, hasDebug(parsed), err));
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            code = handle(e, java.util.Arrays.asList(args).contains("--debug"), err);
        } finally {
            Logs.quiet(false);
        }
        out.flush();
        err.flush();
        return code;
    }

    private static int handle(Throwable ex, boolean debug, PrintWriter err) {
        boolean user = ex instanceof UserException
                || ex instanceof DesignException
                || ex instanceof OutputException
                || ex instanceof IllegalArgumentException
                || ex instanceof IOException
                || ex instanceof UncheckedIOException
                || ex instanceof shears.rtl.util.InputFormatException
                || ex instanceof shears.models.onnx.OnnxException;
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (ex instanceof OutOfMemoryError) {
            err.println("shears: error: out of memory (Java heap of "
                    + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB); give it more with SHEARS_JAVA_OPTS=\"-Xss16m -Xmx16g\", or a smaller design");
        } else if (ex instanceof StackOverflowError) {
            err.println(
                    "shears: error: out of stack (the design nests too deeply); give it more with SHEARS_JAVA_OPTS=-Xss256m");
        } else {
            err.println(
                    user
                            ? "shears: error: " + msg.lines().findFirst().orElse(msg)
                            : "shears: internal error: " + ex.getClass().getSimpleName() + ": " + msg
                                    + (debug ? "" : " (run with --debug for the stack trace)"));
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return user || ex instanceof OutOfMemoryError || ex instanceof StackOverflowError ? USAGE : INTERNAL;
    }

    private static boolean hasDebug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.matchedOption("--debug") != null) {
                return true;
            }
        }
        return false;
    }

    /** The root logger's level, set once per run from {@code --quiet}. */
    static final class Logs {
        private Logs() {}

        static void quiet(boolean quiet) {
            org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            if (root instanceof ch.qos.logback.classic.Logger l) {
                l.setLevel(
                        quiet
                                ? Level.WARN
                                : Level.toLevel(System.getenv().getOrDefault("SHEARS_LOG_LEVEL", "INFO"), Level.INFO));
            }
        }
    }
}
