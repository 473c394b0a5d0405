package shears.cli;

import picocli.CommandLine.Option;
import shears.reports.measure.OperatingPoint;

/** {@code --node}, {@code --vdd}, {@code --freq-mhz}: the options of an {@link OperatingPoint}, which validates them. */
final class OperatingPointOptions {
    @Option(
            names = "--node",
            defaultValue = "" + OperatingPoint.DEFAULT_NODE_NM,
            description = "Process node in nm, 45 or 65 (default: ${DEFAULT-VALUE}).")
    int node;

    @Option(
            names = "--vdd",
            defaultValue = "" + OperatingPoint.DEFAULT_VDD,
            description = "Supply voltage in V (default: ${DEFAULT-VALUE}).")
    double vdd;

    @Option(
            names = "--freq-mhz",
            defaultValue = "" + OperatingPoint.DEFAULT_FREQ_MHZ,
            description = "Clock in MHz (default: ${DEFAULT-VALUE}).")
    double freqMhz;

    OperatingPoint point() {
        return new OperatingPoint(node, vdd, freqMhz);
    }
}
