package shears.models.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Quantised models made by others (../shared/models/qonnx: Brevitas ESPCN super-resolution nets and
 * a residual block): imported, run in float (the file's quantisers applied as it defines them) and
 * in Shears' integer golden model, and compared. Required under CI=true; skipped elsewhere when
 * ../shared is absent.
 */
class QonnxModelsTest {
    static Path shared() {
        Path dir = Path.of(System.getProperty("shears.repoRoot", "..")).resolve("../shared/models/qonnx");
        if (!Files.isDirectory(dir)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("QONNX models missing at " + dir.toAbsolutePath());
            }
            Assumptions.abort("QONNX models not found at " + dir.toAbsolutePath());
        }
        return dir;
    }

    private static Agreement run(Path model, OnnxTensor input, double step) {
        ImportedModel m = OnnxImporter.importModel(OnnxModel.read(model), input.dims(), Map.of());
        OnnxTensor reference = m.runFloat(input);
        OnnxTensor integer = m.runInteger(input);
        assertArrayEquals(reference.dims(), integer.dims());
        return Agreement.of(integer, reference, 1.0, step);
    }

    @Test
    void espcnIntegerModelsFollowTheirQuantisedFloatExecution() {
        Path dir = shared().resolve("bsd300x3-espcn");
        OnnxTensor x = OnnxModel.readTensor(dir.resolve("test_data/input_0.pb"));
        assertArrayEquals(new int[] {1, 3, 128, 128}, x.dims());
        // measured: subpixel 40.3 dB with 18 % of outputs equal (the file leaves its input in float; Shears quantises
        // it
        // to uint8), nn_resize 54.5 dB with 79 % equal and none more than 4 steps off (outputs uint8 x 1/255);
        // the float models through calibrated int8: 69.1 and 45.6 dB
        double[][] floors = {{40.0, 54.0}, {68.0, 45.0}};
        double[] equal = {0.15, 0.75};
        String[] variants = {"subpixel", "nn_resize"};
        int ran = 0;
        for (int v = 0; v < 2; v++) {
            Agreement quant = run(dir.resolve(variants[v]).resolve("quant_model.onnx"), x, 1.0 / 255);
            assertTrue(quant.psnrDb() >= floors[0][v], variants[v] + " quant: " + quant);
            assertTrue(quant.equalFraction() >= equal[v], variants[v] + " quant: equal outputs " + quant);
            Agreement flt = run(dir.resolve(variants[v]).resolve("float_model.onnx"), x, 0);
            assertTrue(flt.psnrDb() >= floors[1][v], variants[v] + " float through int8: " + flt);
            ran += 2;
        }
        assertEquals(4, ran);
    }

    @Test
    void residualBlockImportsWithItsSkipConnection() {
        Path f = shared().resolve("residual_block_clean.onnx");
        ImportedModel m = OnnxImporter.importModel(OnnxModel.read(f));
        assertEquals(7, m.network().nodes().size(), "conv, conv, relu, conv, relu, add, max-pool");
        assertEquals("add", m.network().nodes().get(5).layer().kind());
        double[] v = new double[200 * 200];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i * 0.37) * Math.cos(i * 0.011);
        }
        OnnxTensor x = OnnxTensor.of("global_in", v, 1, 1, 200, 200);
        OnnxTensor y = m.runFloat(x);
        assertArrayEquals(new int[] {1, 14, 12, 12}, y.dims());
        double peak = java.util.Arrays.stream(y.values()).map(Math::abs).max().orElse(1);
        Agreement a = Agreement.of(m.runInteger(x), y, peak, 0);
        assertTrue(a.psnrDb() > 45, "int8 through calibration (measured 46.4 dB): " + a);
    }
}
