package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.accelerators.logic.AigModule;
import shears.rtl.aig.Aig;
import shears.rtl.aig.Aiger;
import shears.rtl.aig.Blif;
import shears.rtl.aig.SatSweeper;
import shears.rtl.ir.Netlist;
import shears.rtl.testing.Lint;
import shears.rtl.testing.ToolCheck;
import shears.rtl.util.ExternalTools;

/** {@code shears logic}: sweeping and equivalence on the shared EPFL netlists, against ABC, and bad input. */
class LogicCommandTest {
    static final Path EPFL = Path.of("..", "..", "shared", "benchmarks", "epfl");

    static List<Path> epfl() throws IOException {
        if (!Files.isDirectory(EPFL)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("EPFL benchmarks missing at " + EPFL.toAbsolutePath());
            }
            org.junit.jupiter.api.Assumptions.abort("EPFL benchmarks not found at " + EPFL.toAbsolutePath());
        }
        try (var s = Files.list(EPFL)) {
            return s.filter(p -> p.toString().endsWith(".blif")).sorted().toList();
        }
    }

    @Test
    void everyEpflNetlistSweepsProvedEquivalentAndNoLargerThanAbcFraig(@TempDir Path dir) throws IOException {
        ToolCheck.require("yosys-abc");
        int checked = 0;
        for (Path f : epfl()) {
            Path out = dir.resolve(f.getFileName().toString().replace(".blif", ".aig"));
            MainTest.Run r = MainTest.run("logic", "sweep", f.toString(), "--out", out.toString(), "--json");
            assertEquals(0, r.code(), r.err());
            JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
            assertTrue(o.get("equivalent").getAsBoolean());
            AbcFraig.Result abc = AbcFraig.run(f.toAbsolutePath());
            int ours = o.get("andsAfter").getAsInt();
            assertTrue(
                    ours <= abc.andsFraig(), f + ": " + ours + " ANDs after our sweep, ABC fraig " + abc.andsFraig());
            // ABC independently agrees that our written result equals the original
            ExternalTools.Result cec =
                    ExternalTools.run(List.of("yosys-abc", "-c", "cec " + f.toAbsolutePath() + " " + out), dir, 600);
            assertTrue(cec.output().contains("Networks are equivalent"), f + ": " + cec.output());
            checked++;
        }
        assertEquals(10, checked);
    }

    @Test
    void verilogOfASweptNetlistIsLintCleanAndBusesAreGrouped(@TempDir Path dir) throws IOException {
        ToolCheck.require("verilator");
        List<Path> files = epfl();
        Path ctrl = files.stream()
                .filter(p -> p.getFileName().toString().equals("ctrl.blif"))
                .findFirst()
                .orElseThrow();
        Aig swept =
                SatSweeper.sweep(Blif.read(ctrl), SatSweeper.Options.defaults()).aig();
        Netlist nl = shears.rtl.pass.PassPipeline.standard()
                .run(AigModule.build(swept, "ctrl").netlist());
        Lint.verilator(nl);
        Lint.iverilog(nl);
        Lint.yosys(nl, false);
        String v = String.join("\n", Lint.text(nl).values());
        assertTrue(v.contains("input wire [4:0] opcode"), "opcode[0..4] became a bus");
        MainTest.Run r = MainTest.run(
                "logic",
                "sweep",
                ctrl.toString(),
                "--out",
                dir.resolve("ctrl.v").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(
                v.strip(),
                Files.readString(dir.resolve("ctrl.v")).strip(),
                "CLI writes the same, deterministic Verilog");
    }

    @Test
    void cecReportsDifferencesWithExit3(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.blif");
        Path b = dir.resolve("b.blif");
        Files.writeString(a, ".model m\n.inputs x y\n.outputs z\n.names x y z\n11 1\n.end\n");
        Files.writeString(b, ".model m\n.inputs x y\n.outputs z\n.names x y z\n1- 1\n.end\n");
        MainTest.Run same = MainTest.run("logic", "cec", a.toString(), a.toString());
        assertEquals(0, same.code(), same.err());
        MainTest.Run diff = MainTest.run("logic", "cec", a.toString(), b.toString());
        assertEquals(3, diff.code(), diff.err());
        assertTrue(diff.out().contains("NOT equivalent: output z differs for x=1 y=0"), diff.out());
        Path aig = dir.resolve("a.aig");
        Files.write(aig, Aiger.writeBinary(Blif.read(a)));
        assertEquals(
                0, MainTest.run("logic", "cec", a.toString(), aig.toString()).code());
    }

    static Stream<Arguments> badInputs() {
        List<Function<Path, String[]>> cases = List.of(
                d -> new String[] {
                    "logic",
                    "sweep",
                    BadInput.write(d, "seq.blif", ".model m\n.inputs a\n.outputs q\n.latch a q 0\n.end\n")
                },
                d -> new String[] {
                    "logic",
                    "sweep",
                    BadInput.write(d, "undef.blif", ".model m\n.inputs a\n.outputs y\n.names a b y\n11 1\n.end\n"),
                    "--out",
                    d.resolve("o.blif").toString()
                },
                d -> new String[] {
                    "logic",
                    "sweep",
                    BadInput.write(d, "loop.aag", "aag 3 1 0 1 2\n2\n6\n4 6 2\n6 4 2\n"),
                    "--out",
                    d.resolve("o.aig").toString()
                },
                d -> new String[] {"logic", "sweep", BadInput.write(d, "hdr.aig", "aig x 1 0 1 0\n")},
                d -> new String[] {
                    "logic",
                    "sweep",
                    BadInput.write(d, "ok.blif", ".model m\n.inputs a\n.outputs y\n.names a y\n1 1\n.end\n"),
                    "--out",
                    d.resolve("o.txt").toString()
                },
                d -> new String[] {"logic", "sweep", d.resolve("missing.blif").toString()},
                d -> new String[] {"logic", "sweep", BadInput.write(d, "n.vhd", "x")},
                d -> new String[] {
                    "logic",
                    "cec",
                    BadInput.write(d, "one.blif", ".model m\n.inputs a\n.outputs y\n.names a y\n1 1\n.end\n"),
                    BadInput.write(d, "two.blif", ".model m\n.inputs a b\n.outputs y\n.names a b y\n11 1\n.end\n")
                },
                d -> new String[] {
                    "bench", "logic", "--netlists", d.resolve("nowhere").toString()
                });
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputGivesOneLineExit2AndWritesNothing(Function<Path, String[]> args, @TempDir Path dir)
            throws IOException {
        BadInput.check(args.apply(dir), dir);
    }
}
