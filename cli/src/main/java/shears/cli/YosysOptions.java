package shears.cli;

import picocli.CommandLine.Option;
import shears.rtl.estimate.YosysCrossCheck;

/** How much the Yosys cross-check may spend; shared by the commands that run it. */
final class YosysOptions {
    @Option(
            names = "--yosys-sat-conflicts",
            defaultValue = "" + YosysCrossCheck.DEFAULT_SAT_CONFLICTS,
            paramLabel = "N",
            description = "SAT conflicts ABC's fraig may spend per candidate in the Yosys gate-level run "
                    + "(default: ${DEFAULT-VALUE}; ABC's own default, 1000000, does not finish on wide multipliers).")
    int satConflicts;

    @Option(
            names = "--yosys-timeout-min",
            defaultValue = "" + YosysCrossCheck.DEFAULT_TIMEOUT_SECONDS / 60,
            paramLabel = "MIN",
            description =
                    "Minutes each of the three Yosys runs may take before it is stopped (default: ${DEFAULT-VALUE}).")
    int timeoutMin;

    /** One-line errors for limits out of range. */
    void check() {
        if (satConflicts <= 0) {
            throw new UserException("--yosys-sat-conflicts must be positive");
        }
        if (timeoutMin <= 0 || timeoutMin > 7 * 24 * 60) {
            throw new UserException("--yosys-timeout-min must be between 1 and 10080 (a week)");
        }
    }

    /** The limits only mean something when Yosys runs: given without {@code --yosys}, they are an error, not ignored. */
    static void requireYosys(picocli.CommandLine.ParseResult parsed, boolean yosys) {
        for (String o : new String[] {"--yosys-sat-conflicts", "--yosys-timeout-min"}) {
            if (!yosys && parsed.hasMatchedOption(o)) {
                throw new UserException(o + " applies only with --yosys");
            }
        }
    }

    int timeoutSeconds() {
        return 60 * timeoutMin;
    }
}
