package shears.rtl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import shears.rtl.emit.VerilogEmitter;
import shears.rtl.ir.Netlist;
import shears.rtl.util.ExternalTools;

/** Emits a netlist into a temporary directory and runs the external checkers on it. */
public final class Lint {
    private Lint() {}

    /** Emits into a new temporary directory; the caller deletes it ({@link #deleteTree}). */
    public static Path emit(Netlist nl) throws IOException {
        Path dir = Files.createTempDirectory("shears-lint-");
        VerilogEmitter.write(nl, dir);
        return dir;
    }

    public static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static List<String> files(Netlist nl) {
        return new ArrayList<>(VerilogEmitter.emit(nl).keySet());
    }

    /** Asserts {@code verilator --lint-only -Wall} prints nothing. */
    public static void verilator(Netlist nl) throws IOException {
        ToolCheck.require("verilator");
        Path dir = emit(nl);
        ExternalTools.Result r;
        try {
            r = ExternalTools.verilatorLint(dir, files(nl), nl.topName());
        } finally {
            deleteTree(dir);
        }
        assertEquals("", r.output().strip(), "verilator -Wall output for " + nl.topName());
        assertEquals(0, r.exitCode());
    }

    /** Asserts Yosys reads and synthesises the design ({@code full} = generic synth, else read + proc). */
    public static void yosys(Netlist nl, boolean full) throws IOException {
        ToolCheck.require("yosys");
        Path dir = emit(nl);
        String script = "read_verilog " + String.join(" ", files(nl)) + "; "
                + (full ? "synth -top " + nl.topName() : "hierarchy -check -top " + nl.topName() + "; proc; opt -fast");
        ExternalTools.Result r;
        try {
            r = ExternalTools.run(List.of("yosys", "-q", "-p", script), dir, 600);
        } finally {
            deleteTree(dir);
        }
        assertTrue(r.ok(), "yosys failed on " + nl.topName() + ":\n" + r.output());
    }

    /** Asserts Icarus Verilog compiles the design. */
    public static void iverilog(Netlist nl) throws IOException {
        ToolCheck.require("iverilog");
        Path dir = emit(nl);
        List<String> cmd =
                new ArrayList<>(List.of("iverilog", "-g2005", "-Wall", "-o", "/dev/null", "-s", nl.topName()));
        cmd.addAll(files(nl));
        ExternalTools.Result r;
        try {
            r = ExternalTools.run(cmd, dir, 300);
        } finally {
            deleteTree(dir);
        }
        assertTrue(r.ok(), "iverilog failed on " + nl.topName() + ":\n" + r.output());
    }

    public static Map<String, String> text(Netlist nl) {
        return VerilogEmitter.emit(nl);
    }
}
