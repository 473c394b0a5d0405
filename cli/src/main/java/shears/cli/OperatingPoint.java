package shears.cli;

import picocli.CommandLine.Option;
import shears.rtl.estimate.Technology;

/** Technology node, supply and clock behind area and power figures; shared by the commands that report them. */
final class OperatingPoint {
    static final int DEFAULT_NODE_NM = 65;

    @Option(names = "--node", defaultValue = "" + DEFAULT_NODE_NM, description = "Process node in nm, 45 or 65 (default: ${DEFAULT-VALUE}).")
    int node;

    @Option(names = "--vdd", defaultValue = "1.2", description = "Supply voltage in V (default: ${DEFAULT-VALUE}).")
    double vdd;

    @Option(names = "--freq-mhz", defaultValue = "2", description = "Clock in MHz (default: ${DEFAULT-VALUE}).")
    double freqMhz;

    /** One-line errors for an unknown node or a non-positive supply or clock. */
    void check() {
        try {
            Technology.node(node);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        if (!(vdd > 0) || !(freqMhz > 0)) {
            throw new UserException("--vdd and --freq-mhz must be positive");
        }
    }
}
