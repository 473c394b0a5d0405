package shears.cli;

import picocli.CommandLine;
import shears.rtl.estimate.Ice40PlaceRoute;

/** The checks every command with {@code --nextpnr} and {@code --nextpnr-seeds} makes before any work. */
final class NextpnrCheck {
    private NextpnrCheck() {}

    static void check(CommandLine.ParseResult parsed, boolean nextpnr, int seeds) {
        if (!nextpnr && parsed.hasMatchedOption("--nextpnr-seeds")) {
            throw new UserException("--nextpnr-seeds applies only with --nextpnr");
        }
        if (seeds < 1) {
            throw new UserException("--nextpnr-seeds must be at least 1");
        }
        if (nextpnr && !Ice40PlaceRoute.available()) {
            throw new UserException(
                    "--nextpnr needs yosys and nextpnr-ice40 on the PATH (Debian packages: yosys nextpnr-ice40)");
        }
    }
}
