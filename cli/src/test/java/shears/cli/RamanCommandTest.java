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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import shears.rtl.testing.ToolCheck;

/** {@code shears raman gen|sim} on a small DS-CAE, and bad input. */
class RamanCommandTest {
    private static final AtomicInteger BAD = new AtomicInteger();
    /** A small DS-CAE (8 hidden channels, 64-sample windows) trained briefly: the commands' logic, not the model's quality. */
    private static final String[] SMALL = {
        "--epochs",
        "1",
        "--train-windows",
        "40",
        "--test-windows",
        "4",
        "--width",
        "8",
        "--depth",
        "2",
        "--window",
        "64",
        "--stride",
        "2",
        "--kernel",
        "4"
    };

    /** What a saved model does not fix: the data it is tested on. */
    private static final String[] DATA = {"--train-windows", "40", "--test-windows", "4"};

    private static String[] withModel(String[] head, String... tail) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(List.of(DATA));
        a.addAll(List.of(tail));
        return a.toArray(new String[0]);
    }

    private static String[] args(String[] head, String... tail) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(List.of(SMALL));
        a.addAll(List.of(tail));
        return a.toArray(new String[0]);
    }

    @Test
    void simJsonIsBitExactAndReportsCyclesPowerAreaAndQuality() {
        MainTest.Run r = MainTest.run(args(new String[] {"raman", "sim"}, "--json", "--pes", "4", "--windows", "2"));
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        MainTest.Run g = MainTest.run(
                args(new String[] {"raman", "sim"}, "--json", "--pes", "4", "--windows", "2", "--clock-gating"));
        assertEquals(0, g.code(), g.err());
        JsonObject gated = JsonParser.parseString(g.out()).getAsJsonObject();
        double clock = o.getAsJsonObject("powerByCategoryUw").get("clock").getAsDouble();
        double gatedClock =
                gated.getAsJsonObject("powerByCategoryUw").get("clock").getAsDouble();
        assertTrue(gatedClock < clock, "clock gating saves clock power: " + gatedClock + " vs " + clock);
        assertEquals(o.get("cycles").getAsLong(), gated.get("cycles").getAsLong());
        assertTrue(o.get("bitExact").getAsBoolean());
        assertEquals("LFSR", o.get("format").getAsString());
        assertTrue(o.get("cycles").getAsLong() > 0);
        assertEquals(
                o.get("goldenSndrDb").getAsDouble(),
                o.get("sndrDb").getAsDouble(),
                0.0,
                "SNDR from hardware latents = golden");
        assertTrue(o.get("areaMm2").getAsDouble() > 0 && o.get("powerUw").getAsDouble() > 0);
        assertEquals(
                o.get("powerUw").getAsDouble() / 16, o.get("powerPerChannelUw").getAsDouble(), 1e-9);
        double latencyMs = o.get("cycles").getAsDouble() / (2.0 * 1e3);
        assertEquals(
                o.get("powerUw").getAsDouble() * latencyMs,
                o.get("energyPerWindowNj").getAsDouble(),
                1e-3 * o.get("energyPerWindowNj").getAsDouble());
        assertEquals(0, o.get("indexBits").getAsLong(), "index-free");
        // per channel and in real time: a window's dynamic energy spread over the window plus leakage
        assertEquals(16, o.get("channels").getAsInt());
        assertEquals(
                o.get("areaMm2").getAsDouble() / 16, o.get("areaPerChannelMm2").getAsDouble(), 1e-12);
        assertEquals(
                o.get("energyPerWindowNj").getAsDouble() / 16,
                o.get("energyPerWindowPerChannelNj").getAsDouble(),
                1e-9);
        double windowMs = o.get("windowMs").getAsDouble();
        assertTrue(o.get("realTime").getAsBoolean() && windowMs > latencyMs, windowMs + " ms window");
        double leakage = o.get("leakageUw").getAsDouble();
        double dynamicNj = (o.get("powerUw").getAsDouble() - leakage) * latencyMs;
        assertEquals(
                dynamicNj / windowMs + leakage,
                o.get("averagePowerUw").getAsDouble(),
                1e-3 * o.get("averagePowerUw").getAsDouble());
        assertTrue(o.get("averagePowerUw").getAsDouble() < o.get("powerUw").getAsDouble());
        assertEquals(
                o.get("averagePowerUw").getAsDouble() / 16,
                o.get("averagePowerPerChannelUw").getAsDouble(),
                1e-9);
        for (String k : List.of(
                "r2",
                "lut6",
                "ff",
                "bram",
                "dsp",
                "carry4",
                "ice40Ff",
                "ice40Bram",
                "ice40Carry",
                "fmaxMhz",
                "utilisation",
                "compressionRatio",
                "storageBits")) {
            assertTrue(o.has(k), k);
        }
    }

    @Test
    void savedModelRunsOnVerilatorWithStoredIndices(@TempDir Path dir) {
        Path model = dir.resolve("cae");
        MainTest.Run t = MainTest.run(
                args(new String[] {"models", "train-cae"}, "--strategies", "none", "--out", model.toString()));
        assertEquals(0, t.code(), t.err());
        ToolCheck.require("verilator");
        MainTest.Run r = MainTest.run(withModel(
                new String[] {"raman", "sim"},
                "--model",
                model.toString(),
                "--engine",
                "verilator",
                "--strategy",
                "magnitude",
                "--windows",
                "1",
                "--json"));
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(o.get("bitExact").getAsBoolean());
        assertEquals("INDEX", o.get("format").getAsString());
        assertTrue(o.get("indexBits").getAsLong() > 0);
        // Power from the toggles Verilator counted: the compiled engine's, to the last bit.
        MainTest.Run c = MainTest.run(withModel(
                new String[] {"raman", "sim"},
                "--model",
                model.toString(),
                "--engine",
                "compiled",
                "--strategy",
                "magnitude",
                "--windows",
                "1",
                "--json"));
        assertEquals(0, c.code(), c.err());
        JsonObject compiled = JsonParser.parseString(c.out()).getAsJsonObject();
        assertTrue(compiled.get("powerUw").getAsDouble() > 0);
        assertEquals(compiled.get("powerUw"), o.get("powerUw"));
        assertEquals(compiled.get("powerByCategoryUw"), o.get("powerByCategoryUw"));
    }

    @Test
    void genWritesVerilogAndTheProgram(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("rtl");
        MainTest.Run r = MainTest.run(
                args(new String[] {"raman", "gen"}, "--out", out.toString(), "--strategy", "dense", "--pes", "2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("raman_top.v")).contains("module raman_top"));
        String program = Files.readString(out.resolve("program.txt"));
        assertTrue(program.contains("format DENSE") && program.contains("enc0"), program);
        assertTrue(r.out().contains("wrote"), r.out());
    }

    static Stream<Arguments> badInputs() {
        List<Function<Path, String[]>> cases = List.of(
                d -> new String[] {"raman", "sim", "--strategy", "random"},
                d -> new String[] {"raman", "sim", "--sparsity", "1.5"},
                d -> new String[] {"raman", "sim", "--pes", "3"},
                d -> new String[] {"raman", "sim", "--engine", "spice"},
                d -> new String[] {"raman", "sim", "--windows", "0"},
                d -> new String[] {"raman", "sim", "--node", "7"},
                d -> new String[] {
                    "raman", "sim", "--model", d.resolve("missing").toString()
                },
                d -> new String[] {"raman", "sim", "--model", badModel(d)},
                d -> withModel(
                        new String[] {"raman", "gen"},
                        "--model",
                        pooledModel(d),
                        "--strategy",
                        "dense",
                        "--out",
                        d.resolve("out").toString()),
                d -> new String[] {"raman", "sim", "--pes", "128"},
                d -> args(
                        new String[] {"raman", "gen"},
                        "--bank-depth",
                        "100",
                        "--out",
                        d.resolve("o1").toString()),
                d -> args(
                        new String[] {"raman", "gen"},
                        "--weight-depth",
                        "10",
                        "--out",
                        d.resolve("o2").toString()),
                d -> args(
                        new String[] {"raman", "gen"},
                        "--acc-bits",
                        "16",
                        "--strategy",
                        "dense",
                        "--out",
                        d.resolve("o3").toString()),
                d -> args(new String[] {"raman", "sim"}, "--windows", "99"),
                d -> new String[] {"raman", "gen", "--out", BadInput.write(d, "file.txt", "x")});
        return cases.stream().map(Arguments::of);
    }

    /** A saved "DS-CAE" whose encoder ends in a transposed convolution, which the accelerator does not run. */
    private static String pooledModel(Path dir) {
        shears.models.nn.Network.Builder b = shears.models.nn.Network.builder(shears.models.tensor.Shape.of1d(16, 64));
        b.add("enc0", shears.models.nn.Conv.conv1d(16, 8, 4, 2, 1, 1));
        b.add("up", shears.models.nn.ConvTranspose.convTranspose1d(8, 8, 4, 2, 1, 0));
        shears.models.nn.Network enc = b.build();
        enc.initialize(1);
        Path m = dir.resolve("pooled");
        shears.models.io.ModelFiles.save(
                m,
                new shears.models.io.ModelBundle(
                        java.util.Map.of("encoder", enc, "decoder", enc.copy()),
                        java.util.Map.of(),
                        java.util.Map.of(),
                        java.util.Map.of(
                                "cae",
                                shears.models.cae.CaeConfig.defaults()
                                        .toString()
                                        .replace("window=256", "window=64"),
                                "seed",
                                "1")));
        return m.toString();
    }

    private static String badModel(Path dir) {
        Path m = dir.resolve("bad");
        try {
            Files.createDirectories(m);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        BadInput.write(m, "model.json", "{\"format\": \"shears-model\",\n  \"version\": 1,\n  \"networks\": [oops\n");
        return m.toString();
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputIsOneLineExitTwoAndWritesNothing(Function<Path, String[]> args, @TempDir Path dir) throws IOException {
        String[] a = args.apply(dir);
        BadInput.check(a, dir);
        BAD.incrementAndGet();
    }

    @AfterAll
    static void ranEveryBadInput() {
        assertTrue(BAD.get() == 0 || BAD.get() == 15, "ran " + BAD.get() + " of 15 bad inputs");
    }
}
