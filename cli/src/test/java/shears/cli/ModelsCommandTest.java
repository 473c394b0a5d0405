package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
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

/** {@code shears models}: a small train-cae end to end, and bad input. */
class ModelsCommandTest {
    private static final String[] SMALL = {
        "--epochs",
        "2",
        "--train-windows",
        "60",
        "--test-windows",
        "10",
        "--width",
        "8",
        "--depth",
        "3",
        "--window",
        "64",
        "--stride",
        "2",
        "--kernel",
        "4"
    };

    private static String[] args(String[] head, String... tail) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(List.of(SMALL));
        a.addAll(List.of(tail));
        return a.toArray(new String[0]);
    }

    @Test
    void trainCaeJsonReportsEveryVersionAndSavesALoadableModel(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("cae");
        MainTest.Run r = MainTest.run(args(
                new String[] {"models", "train-cae"},
                "--json",
                "--strategies",
                "balanced,magnitude",
                "--sparsity",
                "0.5,0.75",
                "--out",
                model.toString()));
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(16 * 64 * 16 / (5.0 * 8 * 8), o.get("compressionRatio").getAsDouble(), 1e-9);
        JsonArray results = o.getAsJsonArray("results");
        assertEquals(2 + 2 * 2, results.size());
        assertEquals("float", results.get(0).getAsJsonObject().get("precision").getAsString());
        assertEquals("int8", results.get(1).getAsJsonObject().get("precision").getAsString());
        for (var e : results) {
            JsonObject x = e.getAsJsonObject();
            for (String k : List.of("precision", "strategy", "sparsity", "sndrDb", "r2")) {
                assertTrue(x.has(k), k);
            }
        }
        MainTest.Run info = MainTest.run("models", "info", model.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(
                info.out().contains("network encoder") && info.out().contains("quantised (int8 weights)"), info.out());
    }

    static Stream<Arguments> badInputs() {
        List<Function<Path, String[]>> cases = List.of(
                d -> new String[] {"models", "train-cae", "--sparsity", "1.0"},
                d -> new String[] {"models", "train-cae", "--sparsity", "-0.2"},
                d -> new String[] {"models", "train-cae", "--strategies", "random-walk"},
                d -> new String[] {"models", "train-cae", "--weight-bits", "5"},
                d -> new String[] {"models", "train-cae", "--window", "100"},
                d -> new String[] {
                    "models",
                    "train-cae",
                    "--pes",
                    "0",
                    "--strategies",
                    "balanced",
                    "--epochs",
                    "1",
                    "--train-windows",
                    "8",
                    "--test-windows",
                    "2",
                    "--out",
                    d.resolve("m").toString()
                },
                d -> new String[] {
                    "models",
                    "train-cae",
                    "--recording",
                    d.resolve("missing.npy").toString()
                },
                d -> new String[] {"models", "train-cae", "--recording", BadInput.write(d, "bad.npy", "not numpy")},
                d -> new String[] {"models", "train-cae", "--recording", BadInput.write(d, "bad.csv", "1,2\n3\n")},
                d -> new String[] {"models", "info", d.toString()},
                d -> new String[] {
                    "models",
                    "info",
                    dirWith(d, "{\"format\": \"shears-model\",\n \"version\": 1,\n \"networks\": {\n}")
                },
                d -> new String[] {
                    "models", "info", dirWith(d, "{\"format\": \"shears-model\", \"version\": 7, \"networks\": {}}")
                });
        return cases.stream().map(f -> Arguments.of(f));
    }

    private static String dirWith(Path d, String json) {
        Path m = d.resolve("model");
        try {
            Files.createDirectories(m);
            Files.writeString(m.resolve("model.json"), json);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return m.toString();
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputGivesOneLineExit2AndWritesNothing(Function<Path, String[]> args, @TempDir Path dir)
            throws IOException {
        BadInput.check(args.apply(dir), dir);
    }
}
