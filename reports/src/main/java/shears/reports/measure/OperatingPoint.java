package shears.reports.measure;

import shears.rtl.estimate.Technology;

/**
 * The technology node, supply and clock behind every area and power figure: declared once, validated
 * once (here), carried as this value from the command line to the estimator.
 *
 * @param nodeNm  process node (a row of asic-nodes.csv: 45 or 65)
 * @param vdd     supply in volts
 * @param freqMhz clock in MHz
 */
public record OperatingPoint(int nodeNm, double vdd, double freqMhz) {
    public static final int DEFAULT_NODE_NM = 65;
    public static final double DEFAULT_VDD = 1.2;
    public static final double DEFAULT_FREQ_MHZ = 2.0;
    /** The RAMAN paper's point (TSMC 65 nm, 1.2 V, 2 MHz), used wherever the user does not choose one. */
    public static final OperatingPoint DEFAULT = new OperatingPoint(DEFAULT_NODE_NM, DEFAULT_VDD, DEFAULT_FREQ_MHZ);

    public OperatingPoint {
        Technology.node(nodeNm); // IllegalArgumentException naming the known nodes
        if (!(vdd > 0) || !(freqMhz > 0)) {
            throw new IllegalArgumentException(
                    "--vdd and --freq-mhz must be positive, got " + vdd + " V, " + freqMhz + " MHz");
        }
    }
}
