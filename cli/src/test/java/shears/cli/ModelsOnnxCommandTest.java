package shears.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.models.io.Npy;

/**
 * ONNX through the command line: {@code models info} on a Brevitas model from ../shared, and a
 * trained DS-CAE exported ({@code models export}), run ({@code models run}) and mapped onto the
 * RAMAN accelerator from its ONNX files ({@code raman sim --model}), bit-exact.
 */
class ModelsOnnxCommandTest {
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

    @Test
    void infoListsTheLayersAndBitWidthsOfABrevitasModel() {
        Path f = Path.of(System.getProperty("shears.repoRoot", ".."))
                .resolve("../shared/models/qonnx/bsd300x3-espcn/subpixel/quant_model.onnx");
        if (!Files.isRegularFile(f)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("QONNX models missing at " + f.toAbsolutePath());
            }
            Assumptions.abort("QONNX models not found at " + f.toAbsolutePath());
        }
        MainTest.Run r = MainTest.run("models", "info", f.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        for (String s : List.of(
                "onnx.brevitas:Quant=8",
                "Conv_5 + BatchNormalization_6",
                "weights int8 per channel, output uint4",
                "weights int4 per channel",
                "depth-to-space  [3, 256, 256]",
                "output uint8",
                "raman: does not map",
                "hsi:   does not map")) {
            assertTrue(out.contains(s), "expected '" + s + "' in:\n" + out);
        }
    }

    @Test
    void anExportedDsCaeRunsAndMapsBitExactFromItsOnnxFiles(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("cae");
        List<String> train = new java.util.ArrayList<>(
                List.of("models", "train-cae", "--strategies", "balanced", "--sparsity", "0.5"));
        train.addAll(List.of(SMALL));
        train.addAll(List.of("--out", model.toString()));
        MainTest.Run t = MainTest.run(train.toArray(new String[0]));
        assertEquals(0, t.code(), t.err());
        Path onnx = dir.resolve("onnx");
        MainTest.Run e = MainTest.run("models", "export", model.toString(), "--out", onnx.toString());
        assertEquals(0, e.code(), e.err());
        for (String f : List.of("encoder.onnx", "encoder-qdq.onnx", "decoder.onnx")) {
            assertTrue(Files.isRegularFile(onnx.resolve(f)), f);
        }
        // the same input through the Shears directory and through the exported file
        double[] x = new double[2 * 16 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i * 0.1) * 0.5;
        }
        Files.write(dir.resolve("x.npy"), Npy.encode(new Npy.Array(new int[] {2, 16, 64}, x), Npy.Type.FLOAT64));
        MainTest.Run a = MainTest.run(
                "models",
                "run",
                model.toString(),
                "--input",
                dir.resolve("x.npy").toString(),
                "--out",
                dir.resolve("a.npy").toString());
        MainTest.Run b = MainTest.run(
                "models",
                "run",
                onnx.resolve("encoder.onnx").toString(),
                "--input",
                dir.resolve("x.npy").toString(),
                "--out",
                dir.resolve("b.npy").toString());
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        Npy.Array ya = Npy.read(dir.resolve("a.npy"));
        Npy.Array yb = Npy.read(dir.resolve("b.npy"));
        assertEquals(2 * 5 * 8, yb.values().length, "two samples of 5 latent channels x 8");
        assertArrayEquals(new int[] {2, 5, 8}, yb.shape());
        for (int i = 0; i < ya.values().length; i++) {
            assertEquals(ya.values()[i], yb.values()[i], 1e-5 + 1e-5 * Math.abs(ya.values()[i]), "latent " + i);
        }
        // the QDQ file on the accelerator: its own integers, bit-exact, with SNDR through the decoder
        MainTest.Run sim = MainTest.run(
                "raman",
                "sim",
                "--model",
                onnx.resolve("encoder-qdq.onnx").toString(),
                "--decoder",
                onnx.resolve("decoder.onnx").toString(),
                "--strategy",
                "dense",
                "--windows",
                "1",
                "--json");
        assertEquals(0, sim.code(), sim.err());
        JsonObject j = JsonParser.parseString(sim.out()).getAsJsonObject();
        assertTrue(j.get("bitExact").getAsBoolean(), sim.out());
        assertTrue(Double.isFinite(j.get("sndrDb").getAsDouble()), sim.out());
        // the float file, pruned on the way (fine-tuned through the decoder)
        MainTest.Run pruned = MainTest.run(
                "raman",
                "sim",
                "--model",
                onnx.resolve("encoder.onnx").toString(),
                "--decoder",
                onnx.resolve("decoder.onnx").toString(),
                "--strategy",
                "balanced",
                "--sparsity",
                "0.5",
                "--windows",
                "1",
                "--json");
        assertEquals(0, pruned.code(), pruned.err());
        assertTrue(
                JsonParser.parseString(pruned.out())
                        .getAsJsonObject()
                        .get("bitExact")
                        .getAsBoolean(),
                pruned.out());
        MainTest.Run noDecoder = MainTest.run(
                "raman", "sim", "--model", onnx.resolve("encoder.onnx").toString(), "--strategy", "balanced");
        assertEquals(2, noDecoder.code());
        assertTrue(noDecoder.err().contains("give --decoder FILE.onnx, or use --strategy dense"), noDecoder.err());
    }

    @Test
    void anExportedUNetGeneratesTheSameStreamingPipeline(@TempDir Path dir) throws Exception {
        Path unet = dir.resolve("unet");
        MainTest.Run t = MainTest.run(
                "hsi", "train", "--epochs", "1", "--train-crops", "4", "--test-crops", "2", "--out", unet.toString());
        assertEquals(0, t.code(), t.err());
        MainTest.Run e = MainTest.run(
                "models",
                "export",
                unet.toString(),
                "--out",
                dir.resolve("onnx").toString());
        assertEquals(0, e.code(), e.err());
        Path onnx = dir.resolve("onnx").resolve("unet.onnx");
        MainTest.Run info = MainTest.run("models", "info", onnx.toString());
        assertTrue(info.out().contains("hsi:   maps (streaming stages)"), info.out());
        String[] gen = {"hsi", "gen", "--frame", "16x32", "--fps", "1000", "--model"};
        MainTest.Run a = MainTest.run(
                concat(gen, unet.toString(), "--out", dir.resolve("a").toString()));
        MainTest.Run b = MainTest.run(
                concat(gen, onnx.toString(), "--out", dir.resolve("b").toString()));
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        int compared = 0;
        try (var files = Files.list(dir.resolve("a"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".v")).sorted().toList()) {
                assertArrayEquals(
                        Files.readAllBytes(f),
                        Files.readAllBytes(dir.resolve("b").resolve(f.getFileName())),
                        f.getFileName().toString());
                compared++;
            }
        }
        assertTrue(compared >= 5, compared + " Verilog files compared");
    }

    private static String[] concat(String[] head, String... tail) {
        List<String> a = new java.util.ArrayList<>(List.of(head));
        a.addAll(List.of(tail));
        return a.toArray(new String[0]);
    }
}
