package shears.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import shears.models.data.DataCache;

/**
 * ONNX's backend test cases from Debian's libonnx-testdata (fetched by {@code shears data fetch};
 * required under CI=true): every case whose operators the importer maps either reproduces the
 * ONNX project's reference outputs or is refused with a reason; none computes a wrong answer. The
 * per-operator count of passing cases is pinned, so a mapping that starts refusing is noticed.
 */
class OnnxConformanceTest {
    /** Passing cases per operator (a case with several operators counts for each). */
    private static final Map<String, Integer> PASSED = new TreeMap<>(Map.ofEntries(
            Map.entry("Add", 4),
            Map.entry("AveragePool", 8),
            Map.entry("BatchNormalization", 5),
            Map.entry("Constant", 2),
            Map.entry("Conv", 26),
            Map.entry("ConvTranspose", 7),
            Map.entry("DepthToSpace", 4),
            Map.entry("Dropout", 3),
            Map.entry("Flatten", 4),
            Map.entry("Gemm", 10),
            Map.entry("GlobalAveragePool", 2),
            Map.entry("MatMul", 1),
            Map.entry("MaxPool", 12),
            Map.entry("Relu", 3),
            Map.entry("Reshape", 6),
            Map.entry("Resize", 1),
            Map.entry("Upsample", 1)));

    @Test
    void supportedCasesReproduceTheReferenceOutputs() {
        Path root = DataCache.onnxTests();
        if (!Files.isDirectory(root.resolve("node"))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(
                        "ONNX test cases missing in " + root + ": the test command runs 'shears data fetch' first");
            }
            Assumptions.abort("run 'shears data fetch' to test against ONNX's reference outputs (" + root + ")");
        }
        List<OnnxConformance.Case> cases = OnnxConformance.run(root);
        List<OnnxConformance.Case> failed = cases.stream()
                .filter(c -> c.status() == OnnxConformance.Status.FAILED)
                .toList();
        assertTrue(failed.isEmpty(), "cases computing outputs that differ from the reference: " + failed);
        Map<String, Integer> passed = new TreeMap<>();
        OnnxConformance.byOperator(cases).forEach((op, n) -> {
            if (n[0] > 0) {
                passed.put(op, n[0]);
            }
        });
        assertEquals(PASSED, passed, "passing cases per operator");
        assertEquals(206, cases.size(), "cases attempted (every case whose operators the importer maps)");
        long refused = cases.stream()
                .filter(c -> c.status() == OnnxConformance.Status.REFUSED)
                .count();
        assertTrue(
                cases.stream()
                        .filter(c -> c.status() == OnnxConformance.Status.REFUSED)
                        .allMatch(c -> c.detail().contains(": ") && !c.detail().contains("Exception")),
                "every refusal is a one-line reason");
        assertEquals(
                cases.size() - refused,
                cases.stream()
                        .filter(c -> c.status() == OnnxConformance.Status.PASSED)
                        .count());
    }
}
