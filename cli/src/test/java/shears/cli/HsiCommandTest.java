package shears.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.models.hsi.Envi;
import shears.models.io.Npy;

/** {@code shears hsi scene}: the files a user opens in other tools, and the same bytes for the same seed. */
class HsiCommandTest {
    @Test
    void sceneWritesReadableFilesDeterministically(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        MainTest.Run r = MainTest.run(
                "hsi", "scene", "--seed", "5", "--width", "40", "--height", "24", "--out", a.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(25, j.get("bands").getAsInt());
        double total = j.getAsJsonObject("classFractions").entrySet().stream()
                .mapToDouble(e -> e.getValue().getAsDouble())
                .sum();
        assertEquals(1.0, total, 1e-9);
        Envi.Cube cube = Envi.read(a.resolve("reflectance.hdr"));
        assertEquals(40, cube.width());
        assertEquals(24, cube.height());
        assertEquals(25, cube.bands());
        Npy.Array raw = Npy.read(a.resolve("raw.npy"));
        assertArrayEquals(new int[] {120, 200}, raw.shape());
        Npy.Array labels = Npy.read(a.resolve("labels.npy"));
        assertArrayEquals(new int[] {24, 40}, labels.shape());
        assertTrue(javax.imageio.ImageIO.read(a.resolve("labels.png").toFile()).getWidth() > 40);
        Path b = dir.resolve("b");
        assertEquals(
                0,
                MainTest.run("hsi", "scene", "--seed", "5", "--width", "40", "--height", "24", "--out", b.toString())
                        .code());
        List<String> files;
        try (Stream<Path> s = Files.list(a)) {
            files = s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
        assertEquals(
                List.of(
                        "dark.npy",
                        "false-colour.png",
                        "labels.npy",
                        "labels.png",
                        "raw.npy",
                        "reflectance.hdr",
                        "reflectance.raw",
                        "scene.json",
                        "white.npy"),
                files);
        for (String f : files) {
            assertEquals(-1L, Files.mismatch(a.resolve(f), b.resolve(f)), f + " is byte-identical for the same seed");
        }
    }

    @Test
    void trainReportsFloatResultsBesideTheLinearBaselineAndSavesTheModel(@TempDir Path dir) throws IOException {
        Path m = dir.resolve("m");
        MainTest.Run r = MainTest.run(
                "hsi",
                "train",
                "--epochs",
                "2",
                "--train-crops",
                "4",
                "--test-crops",
                "2",
                "--patch",
                "16x32",
                "--out",
                m.toString(),
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(31_121, j.get("params").getAsLong(), "the deployable U-Net");
        assertTrue(j.get("macsPerFrame").getAsLong() > 600_000_000L);
        var results = j.getAsJsonArray("results");
        assertEquals(
                List.of("float", "int8", "int4"),
                results.asList().stream()
                        .map(x -> x.getAsJsonObject().get("precision").getAsString())
                        .toList());
        for (var x : results) {
            double miou = x.getAsJsonObject().get("mIoU").getAsDouble();
            assertTrue(miou >= 0 && miou <= 1, "mIoU " + miou);
        }
        assertEquals(
                9,
                results.get(0).getAsJsonObject().getAsJsonObject("perClassIoU").size());
        assertTrue(j.getAsJsonObject("linearBaseline").has("mIoU"));
        assertTrue(
                Files.isRegularFile(m.resolve("model.json")) && Files.isRegularFile(m.resolve("test0-predicted.png")));
        assertEquals(
                16,
                shears.models.io.ModelFiles.load(m)
                        .network("unet")
                        .outputShape()
                        .height(),
                "the saved model loads");
        // the saved model segments a whole scene written by 'hsi scene', scored against its labels
        Path scene = dir.resolve("scene");
        assertEquals(
                0,
                MainTest.run(
                                "hsi",
                                "scene",
                                "--seed",
                                "9",
                                "--width",
                                "48",
                                "--height",
                                "24",
                                "--out",
                                scene.toString())
                        .code());
        MainTest.Run e = MainTest.run(
                "hsi",
                "eval",
                "--model",
                m.toString(),
                "--cube",
                scene.resolve("reflectance.hdr").toString(),
                "--labels",
                scene.resolve("labels.npy").toString(),
                "--out",
                dir.resolve("eval").toString(),
                "--json");
        assertEquals(0, e.code(), e.err());
        JsonObject ej = JsonParser.parseString(e.out()).getAsJsonObject();
        assertEquals("48x24", ej.get("evaluated").getAsString());
        assertTrue(Files.isRegularFile(dir.resolve("eval").resolve("predicted.png")));
    }
}
