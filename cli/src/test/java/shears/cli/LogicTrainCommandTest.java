package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.rtl.testing.ToolCheck;

/** {@code shears logic train} and {@code logic gen}: trained network to verified, lint-clean Verilog. */
class LogicTrainCommandTest {
    @Test
    void trainedMonkNetworkBecomesHardwareThatMatchesSoftwareOnEverySample(@TempDir Path dir) throws IOException {
        ToolCheck.require("verilator");
        Path net = dir.resolve("net");
        MainTest.Run t = MainTest.run(
                "logic",
                "train",
                "--data",
                "monk1",
                "--layers",
                "2",
                "--width",
                "60",
                "--candidates",
                "8",
                "--tau",
                "1",
                "--bits",
                "1",
                "--epochs",
                "150",
                "--lr",
                "0.02",
                "--out",
                net.toString(),
                "--json");
        assertEquals(0, t.code(), t.err());
        JsonObject o = JsonParser.parseString(t.out()).getAsJsonObject();
        var results = o.getAsJsonArray("results");
        assertEquals(1 + 1 + 3 + 3, results.size());
        assertTrue(results.get(0).getAsJsonObject().get("testAccuracy").getAsDouble() >= 0.95, t.out());
        for (int pipeline : new int[] {0, 1, 3, -2}) { // -2: pipeline 2 with the thermometer comparators on chip
            Path v = dir.resolve("v" + pipeline);
            MainTest.Run g = pipeline >= 0
                    ? MainTest.run(
                            "logic",
                            "gen",
                            net.toString(),
                            "--out",
                            v.toString(),
                            "--pipeline",
                            Integer.toString(pipeline),
                            "--json")
                    : MainTest.run(
                            "logic",
                            "gen",
                            net.toString(),
                            "--out",
                            v.toString(),
                            "--pipeline",
                            "2",
                            "--binarize",
                            "--feature-bits",
                            "6",
                            "--json");
            assertEquals(0, g.code(), g.err());
            JsonObject go = JsonParser.parseString(g.out()).getAsJsonObject();
            var checked = go.getAsJsonObject("samplesChecked");
            assertEquals(432, checked.get("interp").getAsInt());
            assertEquals(432, checked.get("compiled").getAsInt());
            assertEquals(432, checked.get("verilator").getAsInt());
            assertEquals(
                    pipeline == 0 ? 0 : go.get("latencyCycles").getAsInt(),
                    go.get("latencyCycles").getAsInt());
            try (var files = Files.list(v)) {
                List<String> names = files.map(p -> p.toString())
                        .filter(n -> n.endsWith(".v"))
                        .toList();
                var lint = shears.rtl.util.ExternalTools.run(
                        new ArrayList<>(List.of("verilator", "--lint-only", "-Wall")) {
                            {
                                addAll(names);
                            }
                        },
                        dir,
                        120);
                assertEquals(0, lint.exitCode(), lint.output());
                assertTrue(lint.output().isBlank(), lint.output());
            }
        }
    }

    static Stream<Arguments> badInputs() {
        List<Function<Path, String[]>> cases = List.of(
                d -> new String[] {"logic", "train", "--data", "nope"},
                d -> new String[] {"logic", "train", "--data", "monk4"},
                d -> new String[] {"logic", "train", "--data", "monk1", "--budgets", "1.5"},
                d -> new String[] {"logic", "train", "--data", "monk1", "--layers", "0"},
                d -> new String[] {"logic", "train", "--data", "monk1", "--candidates", "99"},
                d -> new String[] {
                    "logic",
                    "train",
                    "--data",
                    BadInput.write(d, "bad.csv", "a,b,y\n1,2,x\n3,zz,y\n"),
                    "--out",
                    d.resolve("o").toString()
                },
                d -> new String[] {
                    "logic", "gen", d.toString(), "--out", d.resolve("v").toString()
                },
                d -> new String[] {
                    "logic",
                    "gen",
                    mkdir(d, "m", "{\"format\": \"shears-logicnet\", \"version\": 1}"),
                    "--out",
                    d.resolve("v").toString()
                },
                d -> new String[] {
                    "logic", "gen", d.toString(), "--out", d.resolve("v").toString(), "--pipeline", "-1"
                });
        return cases.stream().map(Arguments::of);
    }

    private static String mkdir(Path d, String name, String json) {
        try {
            Files.createDirectories(d.resolve(name));
            Files.writeString(d.resolve(name).resolve("logicnet.json"), json);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return d.resolve(name).toString();
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputGivesOneLineExit2AndWritesNothing(Function<Path, String[]> args, @TempDir Path dir)
            throws IOException {
        BadInput.check(args.apply(dir), dir);
    }
}
