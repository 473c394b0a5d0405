package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.rtl.testing.ToolCheck;

/** {@code shears hsi gen} and {@code hsi sim} on a small model and frame: the "done" command line, scaled down. */
class HsiPipelineCommandTest {
    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void trainSmallModel() {
        model = dir.resolve("model");
        MainTest.Run r = MainTest.run(
                "hsi",
                "train",
                "--epochs",
                "1",
                "--train-crops",
                "4",
                "--test-crops",
                "2",
                "--patch",
                "16x32",
                "--out",
                model.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void genWritesTheVerilogAndTheFoldingSummary() throws IOException {
        Path out = dir.resolve("gen");
        MainTest.Run r = MainTest.run(
                "hsi",
                "gen",
                "--model",
                model.toString(),
                "--frame",
                "16x32",
                "--fps",
                "2000",
                "--clock-mhz",
                "100",
                "--out",
                out.toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(j.get("modelFps").getAsDouble() >= 2000, r.out());
        assertTrue(Files.isRegularFile(out.resolve("hsi_pipeline.v")));
        assertTrue(Files.isRegularFile(out.resolve("hsi_conv_enc0a.v")));
        assertTrue(Files.isRegularFile(out.resolve("pipeline.json")));
        assertTrue(j.getAsJsonObject("fifoDepths").get("cat0").getAsInt() > 0);
        assertTrue(
                j.get("modelFrameIntervalCycles").getAsLong() <= 100_000_000 / 2000,
                "the cycle model meets the budget: " + r.out());
        assertEquals("k26", j.get("device").getAsString());
        assertTrue(j.getAsJsonObject("utilisation").get("lut").getAsDouble() > 0);
        JsonObject res = j.getAsJsonObject("resources");
        assertEquals(
                res.getAsJsonObject("total").get("lut").getAsInt(),
                res.getAsJsonObject("preprocessing").get("lut").getAsInt()
                        + res.getAsJsonObject("cnn").get("lut").getAsInt()
                        + res.getAsJsonObject("fifos").get("lut").getAsInt());
    }

    @Test
    void simOnVerilatorWithStallsIsBitExact() throws IOException {
        ToolCheck.require("verilator");
        Path out = dir.resolve("maps");
        MainTest.Run r = MainTest.run(
                "hsi",
                "sim",
                "--model",
                model.toString(),
                "--frame",
                "16x32",
                "--fold",
                "enc0a=8x5,dec0b=2x8",
                "--engine",
                "verilator",
                "--frames",
                "2",
                "--stall-prob",
                "0.3",
                "--out",
                out.toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(j.get("bitExact").getAsBoolean());
        JsonObject model = j.getAsJsonObject("cycleModel");
        assertEquals(
                j.get("frameIntervalCycles").getAsLong(),
                model.get("frameIntervalCycles").getAsLong(),
                "cycle model under the same stalls");
        assertEquals(
                j.get("latencyCycles").getAsLong(), model.get("latencyCycles").getAsLong());
        assertTrue(model.get("equalToRtl").getAsBoolean(), r.out());
        assertTrue(model.getAsJsonObject("stageStalls")
                        .getAsJsonObject("enc0a")
                        .get("starved")
                        .getAsLong()
                >= 0);
        assertTrue(j.get("lut").getAsInt() > 0 && j.get("dsp").getAsInt() > 0, r.out());
        assertFalse(j.has("powerMw"), "power only with --power");
        assertTrue(j.get("latencyCycles").getAsLong() > 0);
        assertEquals(
                8,
                j.getAsJsonObject("folding").getAsJsonObject("enc0a").get("pe").getAsInt());
        assertTrue(Files.isRegularFile(out.resolve("frame1-hardware.png")));
        assertTrue(Files.isRegularFile(out.resolve("frame1-truth.png")));
    }

    @Test
    void powerComesFromSimulatedToggles() {
        MainTest.Run r = MainTest.run(
                "hsi",
                "sim",
                "--model",
                model.toString(),
                "--frame",
                "8x16",
                "--fps",
                "2000",
                "--clock-mhz",
                "100",
                "--power",
                "--stall-prob",
                "0.2",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(j.get("bitExact").getAsBoolean());
        assertTrue(j.get("powerMw").getAsDouble() > 0, r.out());
        double frameSeconds = j.get("frameIntervalCycles").getAsLong() / 100e6;
        assertEquals(
                j.get("powerMw").getAsDouble() * 1e-3 * frameSeconds * 1e6,
                j.get("energyPerFrameUj").getAsDouble(),
                1e-6,
                "energy = power x frame time");
    }

    @Test
    void unstreamableChoicesNameTheLayerAndWriteNothing() {
        Path out = dir.resolve("refused");
        MainTest.Run r = MainTest.run(
                "hsi",
                "gen",
                "--model",
                model.toString(),
                "--frame",
                "16x32",
                "--fold",
                "enc0a=3x1",
                "--out",
                out.toString());
        assertEquals(2, r.code());
        assertEquals(
                "shears: error: layer 'enc0a': PE 3 does not divide its 8 outputs",
                r.err().strip());
        MainTest.Run small = MainTest.run(
                "hsi",
                "gen",
                "--model",
                model.toString(),
                "--frame",
                "16x32",
                "--device",
                "up5k",
                "--fps",
                "6500",
                "--out",
                out.toString());
        assertEquals(2, small.code());
        assertTrue(small.err().contains("device up5k too small"), small.err());
        MainTest.Run fast = MainTest.run(
                "hsi",
                "gen",
                "--model",
                model.toString(),
                "--frame",
                "16x32",
                "--fps",
                "20000",
                "--out",
                out.toString());
        assertEquals(2, fast.code());
        assertTrue(
                fast.err().contains("stage 'demosaic' needs 25540 cycles per frame, over the budget of 10000"),
                fast.err());
        MainTest.Run luts = MainTest.run(
                "hsi",
                "gen",
                "--model",
                model.toString(),
                "--frame",
                "8x16",
                "--fold",
                "head=1x1",
                "--device",
                "hx8k",
                "--out",
                out.toString());
        assertEquals(2, luts.code());
        assertTrue(
                luts.err()
                        .matches(
                                "shears: error: device hx8k too small: the pipeline needs \\d+ (EBRs, it has 32|LUTs, it has 7680)\\s*"),
                luts.err());
        MainTest.Run frame =
                MainTest.run("hsi", "gen", "--model", model.toString(), "--frame", "18x32", "--out", out.toString());
        assertEquals(2, frame.code());
        assertTrue(frame.err().contains("divisible by 4"), frame.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
