package shears.rtl.estimate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A process node's figures, read from the data file {@code asic-nodes.csv} (sources cited there).
 *
 * @param nodeNm              feature size
 * @param geAreaUm2           area of one gate equivalent (NAND2)
 * @param vddNominalV         supply the energy figure was taken at
 * @param energyPerGeToggleFj switching energy per gate-equivalent output toggle at nominal supply
 * @param gateDelayPs         delay per and-inverter-graph level
 * @param leakageNwPerGe      static power per gate equivalent
 * @param sramLeakagePaPerBit leakage current per SRAM macro bit
 */
public record Technology(
        int nodeNm,
        double geAreaUm2,
        double vddNominalV,
        double energyPerGeToggleFj,
        double gateDelayPs,
        double leakageNwPerGe,
        double sramLeakagePaPerBit) {
    /** Transistors per cell in Yosys's {@code stat -tech cmos} (Yosys kernel/cost.h). */
    public static final int TRANSISTORS_PER_NAND2 = 4;

    public static final int TRANSISTORS_PER_DFF = 16;

    private static final TreeMap<Integer, Technology> NODES = load();

    private static TreeMap<Integer, Technology> load() {
        TreeMap<Integer, Technology> m = new TreeMap<>();
        for (String[] f : rows("asic-nodes.csv")) {
            Technology t = new Technology(
                    Integer.parseInt(f[0]),
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]));
            m.put(t.nodeNm(), t);
        }
        return m;
    }

    /** iCE40 path delays from {@code fpga-timing.csv} (how they were obtained is given there). */
    static final LutMapper.Delays ICE40_DELAYS = ice40Delays();

    private static LutMapper.Delays ice40Delays() {
        for (String[] f : rows("fpga-timing.csv")) {
            if (f[0].equals("ice40")) {
                return new LutMapper.Delays(
                        Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]),
                        Double.parseDouble(f[5]));
            }
        }
        throw new IllegalStateException("fpga-timing.csv has no ice40 row");
    }

    /** The data rows of a bundled CSV file (comment lines and the header skipped), split on commas. */
    private static List<String[]> rows(String file) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = Technology.class.getResourceAsStream("/shears/estimate/" + file);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                rows.add(line.split(","));
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return rows;
    }

    /** The node's figures; unknown nodes are an {@link IllegalArgumentException} naming the known ones. */
    public static Technology node(int nm) {
        Technology t = NODES.get(nm);
        if (t == null) {
            throw new IllegalArgumentException("unknown process node " + nm + " nm (known: " + NODES.keySet() + ")");
        }
        return t;
    }

    public static List<Integer> nodes() {
        return new ArrayList<>(NODES.keySet());
    }
}
