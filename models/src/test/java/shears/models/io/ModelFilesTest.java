package shears.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shears.models.cae.CaeConfig;
import shears.models.cae.DsCae;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.prune.Magnitude;
import shears.models.prune.PruneRequest;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Quantizer;
import shears.models.tensor.Tensor;

class ModelFilesTest {
    @TempDir
    Path dir;

    private static final CaeConfig SMALL = new CaeConfig(4, 32, 8, 2, 3, 2, 4, 16, 8);

    private ModelBundle bundle() {
        Network enc = DsCae.encoder(SMALL);
        Network dec = DsCae.decoder(SMALL);
        enc.initialize(1);
        dec.initialize(2);
        Masks m = new Magnitude(false).prune(new PruneRequest(enc, 0.5, 0, 8)).masks();
        enc.applyMasks(m);
        List<Tensor> cal = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 8; k++) {
            Tensor t = new Tensor(enc.inputShape());
            for (int i = 0; i < t.data().length; i++) {
                t.data()[i] = r.nextDouble() * 2 - 1;
            }
            cal.add(t);
        }
        QuantizedNetwork q = Quantizer.quantize(enc, cal, 8);
        return new ModelBundle(
                Map.of("encoder", enc, "decoder", dec),
                Map.of("encoder", m),
                Map.of("encoder", q),
                Map.of("kind", "test"));
    }

    @Test
    void roundTripKeepsWeightsMasksAndIntegerBehaviour() throws IOException {
        ModelBundle b = bundle();
        Path out = dir.resolve("model");
        ModelFiles.save(out, b);
        ModelBundle back = ModelFiles.load(out);
        for (String name : List.of("encoder", "decoder")) {
            Network a = b.network(name);
            Network c = back.network(name);
            assertEquals(a.nodes(), c.nodes());
            for (int i = 0; i < a.nodes().size(); i++) {
                assertArrayEquals(a.weights(i), c.weights(i), name + " " + i);
                assertArrayEquals(a.bias(i), c.bias(i));
            }
        }
        assertEquals(b.masks().get("encoder"), back.masks().get("encoder"));
        QuantizedNetwork q = b.quantized().get("encoder");
        QuantizedNetwork q2 = back.quantized().get("encoder");
        Tensor x = new Tensor(q.network().inputShape());
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = Math.sin(i);
        }
        var a1 = IntegerModel.run(q, q.quantizeInput(x));
        var a2 = IntegerModel.run(q2, q2.quantizeInput(x));
        assertArrayEquals(a1[a1.length - 1].data(), a2[a2.length - 1].data());
        assertEquals("test", back.metadata().get("kind"));
        // deterministic bytes
        Path again = dir.resolve("again");
        ModelFiles.save(again, back);
        assertEquals(Files.readString(out.resolve("model.json")), Files.readString(again.resolve("model.json")));
        assertArrayEquals(
                Files.readAllBytes(out.resolve("encoder.enc0.weight.npy")),
                Files.readAllBytes(again.resolve("encoder.enc0.weight.npy")));
    }

    @Test
    void transposedConvolutionWeightsUsePytorchLayoutOnDisk() throws IOException {
        ModelBundle b = bundle();
        Path out = dir.resolve("pt");
        ModelFiles.save(out, b);
        Npy.Array w = Npy.read(out.resolve("decoder.dec_out.weight.npy"));
        assertArrayEquals(
                new int[] {SMALL.width(), SMALL.channels(), 4}, w.shape(), "[in, out, k] like torch ConvTranspose1d");
    }

    private void assertBroken(String part, Consumer<Path> breakIt) {
        Path out = dir.resolve("broken" + System.nanoTime());
        ModelFiles.save(out, bundle());
        breakIt.accept(out);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(out));
        assertTrue(e.getMessage().contains(part) && !e.getMessage().contains("\n"), e.getMessage());
    }

    private static void edit(Path file, String from, String to) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(s.contains(from), "test edit must apply: " + from);
            Files.writeString(file, s.replaceFirst(java.util.regex.Pattern.quote(from), to), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void malformedModelsAreReportedWithFileAndPlace() {
        int[] cases = {0};
        assertBroken("line 3", p -> edit(p.resolve("model.json"), "\"version\": 1,", "\"version\": 1,,"));
        assertBroken(
                "unknown layer type 'conv3d'",
                p -> edit(p.resolve("model.json"), "\"type\": \"conv\"", "\"type\": \"conv3d\""));
        assertBroken("missing field 'groups'", p -> edit(p.resolve("model.json"), "\"groups\": 1,", ""));
        assertBroken("shape (", p -> {
            try {
                Files.write(
                        p.resolve("encoder.enc0.weight.npy"),
                        Npy.encode(new Npy.Array(new int[] {3}, new double[] {1, 2, 3}), Npy.Type.FLOAT64));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertBroken("non-finite", p -> {
            try {
                Npy.Array a = Npy.read(p.resolve("encoder.latent.bias.npy"));
                a.values()[0] = Double.NaN;
                Files.write(p.resolve("encoder.latent.bias.npy"), Npy.encode(a, Npy.Type.FLOAT64));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertBroken("bad magic", p -> {
            try {
                Files.writeString(p.resolve("decoder.dec_in.weight.npy"), "hello");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertBroken("missing file", p -> {
            try {
                Files.delete(p.resolve("decoder.dec_in.bias.npy"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertBroken("reads 'nowhere'", p -> edit(p.resolve("model.json"), "\"enc0\"\n", "\"nowhere\"\n"));
        cases[0] = 8;
        assertEquals(8, cases[0]);
    }

    @Test
    void aFailedSaveLeavesNoPartialDirectory() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        assertThrows(RuntimeException.class, () -> ModelFiles.save(blocker.resolve("model"), bundle()));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(blocker), s.toList());
        }
        assertFalse(Files.exists(blocker.resolve("model")));
    }
}
