package shears.testbench.fuzz;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Netlist;
import shears.rtl.util.ExternalTools;
import shears.sim.PortLayout;
import shears.sim.Stimulus;
import shears.sim.bits.WideBits;

/**
 * Icarus Verilog as a third opinion: a generated testbench reads the stimulus from a hex file, applies
 * one row per cycle, prints every output after settling and then clocks. The design is emitted with
 * {@link VerilogEmitter.Options#SIMULATION} so registers and RAMs start at 0 as in Shears; a value
 * Icarus still prints with X or Z is reported as null and not compared.
 */
public final class IcarusRunner {
    private IcarusRunner() {}

    /**
     * @param outputs per cycle, per output port: the value, or null where Icarus printed X/Z
     */
    public record Trace(List<BigInteger[]> outputs) {}

    public static Trace run(Netlist flat, Stimulus stim, Path dir) throws IOException {
        PortLayout layout = PortLayout.of(flat.top());
        Map<String, String> files = VerilogEmitter.write(flat, dir, VerilogEmitter.Options.SIMULATION);
        StringBuilder hex = new StringBuilder();
        int total = 0;
        for (PortLayout.Port p : layout.inputs()) {
            total += p.width();
        }
        for (int c = 0; c < stim.cycles(); c++) {
            BigInteger row = BigInteger.ZERO;
            for (PortLayout.Port p : layout.inputs()) {
                long[] w = new long[p.words()];
                System.arraycopy(stim.words(), c * layout.inputWords() + p.offset(), w, 0, p.words());
                row = row.shiftLeft(p.width()).or(WideBits.toBig(w));
            }
            hex.append(row.toString(16)).append('\n');
        }
        Files.writeString(dir.resolve("stim.hex"), hex.toString());
        StringBuilder tb = new StringBuilder("module shears_tb;\n");
        boolean clocked = flat.needsClock(flat.topName());
        List<String> pins = new ArrayList<>();
        if (clocked) {
            tb.append("  reg clk = 1'b0;\n");
            pins.add("." + flat.top().clocking().clock() + "(clk)");
        }
        List<String> ins = new ArrayList<>();
        for (PortLayout.Port p : layout.inputs()) {
            tb.append("  reg ")
                    .append(range(p.width()))
                    .append("s_")
                    .append(p.name())
                    .append(";\n");
            pins.add("." + p.name() + "(s_" + p.name() + ")");
            ins.add("s_" + p.name());
        }
        List<String> outs = new ArrayList<>();
        for (PortLayout.Port p : layout.outputs()) {
            tb.append("  wire ")
                    .append(range(p.width()))
                    .append("o_")
                    .append(p.name())
                    .append(";\n");
            pins.add("." + p.name() + "(o_" + p.name() + ")");
            outs.add("o_" + p.name());
        }
        tb.append("  ")
                .append(flat.topName())
                .append(" dut (")
                .append(String.join(", ", pins))
                .append(");\n");
        tb.append("  reg [")
                .append(Math.max(total, 1) - 1)
                .append(":0] stim [0:")
                .append(stim.cycles() - 1)
                .append("];\n");
        tb.append("  integer c;\n  initial begin\n    $readmemh(\"stim.hex\", stim);\n");
        tb.append("    for (c = 0; c < ").append(stim.cycles()).append("; c = c + 1) begin\n");
        if (!ins.isEmpty()) {
            tb.append("      {").append(String.join(", ", ins)).append("} = stim[c];\n");
        }
        tb.append("      #1;\n      $display(\"")
                .append("%h ".repeat(outs.size()).trim())
                .append('"')
                .append(outs.isEmpty() ? "" : ", " + String.join(", ", outs))
                .append(");\n");
        if (clocked) {
            tb.append("      clk = 1'b1;\n      #1;\n      clk = 1'b0;\n");
        } else {
            tb.append("      #1;\n");
        }
        tb.append("    end\n    $finish;\n  end\nendmodule\n");
        Files.writeString(dir.resolve("shears_tb.v"), tb.toString());
        List<String> cmd =
                new ArrayList<>(List.of("iverilog", "-g2005", "-o", "sim.vvp", "-s", "shears_tb", "shears_tb.v"));
        cmd.addAll(files.keySet());
        ExternalTools.Result build = ExternalTools.run(cmd, dir, 600);
        if (!build.ok()) {
            throw new IOException("iverilog failed:\n" + build.output());
        }
        ExternalTools.Result run = ExternalTools.run(List.of("vvp", "-n", "sim.vvp"), dir, 600);
        if (!run.ok()) {
            throw new IOException("vvp failed:\n" + run.output());
        }
        List<BigInteger[]> rows = new ArrayList<>();
        for (String line : run.output().lines().toList()) {
            if (line.isBlank() || line.contains("$finish") || line.startsWith("VCD")) {
                continue;
            }
            String[] tok = line.trim().split("\\s+");
            BigInteger[] vals = new BigInteger[outs.size()];
            for (int k = 0; k < vals.length && k < tok.length; k++) {
                String t = tok[k].toLowerCase();
                vals[k] = t.matches("[0-9a-f]+") ? new BigInteger(t, 16) : null;
            }
            rows.add(vals);
        }
        return new Trace(rows);
    }

    private static String range(int w) {
        return w == 1 ? "" : "[" + (w - 1) + ":0] ";
    }
}
