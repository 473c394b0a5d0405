package shears.rtl.estimate;

import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Netlist;
import shears.rtl.util.ExternalTools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real synthesis of the emitted Verilog with Yosys, for comparison with {@link Estimator}:
 * {@code synth -flatten; dfflegalize -cell $_DFF_P_ 01; abc -g cmos2; stat -tech cmos} for
 * transistors (flip-flops with enables and resets are legalised to plain DFFs plus gates, as the
 * estimator counts them) and {@code ltp -noff} for the gates on the longest path between flip-flops and
 * ports, {@code synth_ice40} and {@code synth_xilinx -flatten} for FPGA cells.
 */
public final class YosysCrossCheck {
    private static final Pattern CELL = Pattern.compile("^\\s+(\\S+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    private YosysCrossCheck() {
    }

    /**
     * @param gateLevels NAND2/NOR2/NOT gates on the longest combinational path of the mapped netlist
     *                   (what {@link Estimator.Timing#levels()} estimates)
     */
    public record Result(long transistors, int gateLevels, Estimator.Fpga ice40, Estimator.Fpga xilinx, double seconds) {
    }

    public static Result run(Netlist netlist) throws IOException {
        if (!ExternalTools.available("yosys")) {
            throw new IOException("yosys is not on the PATH (Debian package: yosys)");
        }
        long t0 = System.nanoTime();
        Netlist flat = netlist.flatten();
        Path dir = Files.createTempDirectory("shears-yosys-");
        Map<String, String> files = VerilogEmitter.write(flat, dir);
        String read = "read_verilog " + String.join(" ", files.keySet()) + "; ";
        String top = flat.topName();
        String cmos = yosys(dir, read + "synth -top " + top + " -flatten; dfflegalize -cell $_DFF_P_ 01; abc -g cmos2; "
                + "tee -q -o stat.txt stat -tech cmos; tee -q -a stat.txt ltp -noff", "stat.txt");
        Matcher m = Pattern.compile("Estimated number of transistors:\\s+(\\d+)").matcher(cmos);
        if (!m.find()) {
            throw new IOException("no transistor count in Yosys output:\n" + cmos);
        }
        long transistors = Long.parseLong(m.group(1));
        Matcher path = Pattern.compile("Longest topological path in \\S+ \\(length=(\\d+)\\)").matcher(cmos);
        int gateLevels = path.find() ? Integer.parseInt(path.group(1)) : 0;
        String ice = yosys(dir, read + "synth_ice40 -top " + top + "; tee -q -o stat.txt stat", "stat.txt");
        String xil = yosys(dir, read + "synth_xilinx -top " + top + " -flatten; tee -q -o stat.txt stat", "stat.txt");
        return new Result(transistors, gateLevels, ice40(ice), xilinx(xil), (System.nanoTime() - t0) / 1e9);
    }

    private static String yosys(Path dir, String script, String out) throws IOException {
        ExternalTools.Result r = ExternalTools.run(List.of("yosys", "-q", "-p", script), dir, 3600);
        if (!r.ok()) {
            throw new IOException("yosys failed:\n" + r.output().lines().limit(30).reduce("", (a, b) -> a + b + "\n"));
        }
        return Files.readString(dir.resolve(out));
    }

    private static int sum(String stat, String regex) {
        int n = 0;
        Matcher m = CELL.matcher(stat);
        while (m.find()) {
            if (m.group(1).matches(regex)) {
                n += Integer.parseInt(m.group(2));
            }
        }
        return n;
    }

    static Estimator.Fpga ice40(String stat) {
        return new Estimator.Fpga("ice40", 4, sum(stat, "SB_LUT4"), sum(stat, "SB_DFF.*"), sum(stat, "SB_CARRY"),
                sum(stat, "SB_RAM40_4K.*"), sum(stat, "SB_MAC16"), 0);
    }

    static Estimator.Fpga xilinx(String stat) {
        return new Estimator.Fpga("xilinx7", 6, sum(stat, "LUT[1-6]"), sum(stat, "FD.*"), sum(stat, "CARRY4"),
                sum(stat, "RAMB(18|36).*"), sum(stat, "DSP48.*"), sum(stat, "RAM(32|64|128|256)[MX].*"));
    }
}
