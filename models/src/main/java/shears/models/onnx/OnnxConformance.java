package shears.models.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs ONNX's own backend test cases (a directory per case with {@code model.onnx} and
 * {@code test_data_set_N/input_K.pb, output_K.pb}, as Debian's libonnx-testdata ships them) through
 * the importer and Shears' float model, and compares with the reference outputs the ONNX project
 * computed: within ONNX's backend-test tolerance for floats ({@code |a - b| <= 1e-7 + 1e-3 |b|}),
 * exactly for integer outputs. Cases whose operators Shears does not map at all are not attempted;
 * cases it refuses are counted with the reason.
 */
public final class OnnxConformance {
    public static final double RTOL = 1e-3;
    public static final double ATOL = 1e-7;

    public enum Status {
        PASSED,
        FAILED,
        REFUSED
    }

    /** One case: its directory name, its operators, what happened, and a detail (the refusal or the worst error). */
    public record Case(String name, Set<String> operators, Status status, String detail) {}

    private OnnxConformance() {}

    /** Every case directory under {@code root} (recursively) whose operators are all ones the importer maps. */
    public static List<Case> run(Path root) {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> out = new ArrayList<>();
        for (Path dir : dirs) {
            Case c = runCase(dir);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The case in {@code dir}, or null when one of its operators is not mapped by the importer at all. */
    public static Case runCase(Path dir) {
        String name = root(dir);
        OnnxModel model;
        try {
            model = OnnxModel.read(dir.resolve("model.onnx"));
        } catch (OnnxException e) {
            return null; // element types or features of cases for other operators
        }
        Set<String> ops = new TreeSet<>();
        for (OnnxNode n : model.nodes()) {
            boolean quant = OnnxImporter.QUANT_DOMAINS.contains(n.domain())
                    && n.opType().equals("Quant");
            if (!quant && !(n.domain().isEmpty() || n.domain().equals("ai.onnx"))
                    || !quant && !OnnxImporter.OPERATORS.contains(n.opType())) {
                return null;
            }
            ops.add(n.opType());
        }
        if (ops.isEmpty() || ops.equals(Set.of("Constant")) || ops.equals(Set.of("Identity"))) {
            return null; // nothing for a Shears layer to compute
        }
        try {
            List<Path> sets = dataSets(dir);
            for (Path set : sets) {
                String error = compare(model, set);
                if (error != null) {
                    return new Case(name, ops, Status.FAILED, set.getFileName() + ": " + error);
                }
            }
            return new Case(name, ops, Status.PASSED, sets.size() + " data sets");
        } catch (OnnxException e) {
            return new Case(name, ops, Status.REFUSED, e.getMessage());
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new Case(name, ops, Status.FAILED, e.toString());
        }
    }

    private static String root(Path dir) {
        Path parent = dir.getParent();
        return (parent == null ? "" : parent.getFileName() + "/") + dir.getFileName();
    }

    private static List<Path> dataSets(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("test_data_set_"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null when the outputs match, else what differs. */
    private static String compare(OnnxModel model, Path set) {
        List<OnnxTensor> inputs = numbered(set, "input_");
        List<OnnxTensor> outputs = numbered(set, "output_");
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new OnnxException(set + ": no input or output tensors");
        }
        Map<String, OnnxTensor> bound = new HashMap<>();
        for (int k = 1; k < inputs.size() && k < model.inputs().size(); k++) {
            bound.put(model.inputs().get(k).name(), inputs.get(k));
        }
        ImportedModel m = OnnxImporter.importModel(model, inputs.get(0).dims(), bound);
        OnnxTensor y = m.runFloat(inputs.get(0));
        OnnxTensor ref = outputs.get(0);
        if (!java.util.Arrays.equals(y.dims(), ref.dims()) && y.size() != ref.size()) {
            return "output dimensions " + java.util.Arrays.toString(y.dims()) + ", reference "
                    + java.util.Arrays.toString(ref.dims());
        }
        boolean exact = !ref.type().isFloat();
        for (int i = 0; i < ref.size(); i++) {
            double a = y.values()[i];
            double b = ref.values()[i];
            boolean ok =
                    exact ? a == b : Math.abs(a - b) <= ATOL + RTOL * Math.abs(b) || Double.isNaN(a) && Double.isNaN(b);
            if (!ok) {
                return "output element " + i + " is " + a + ", reference " + b;
            }
        }
        return null;
    }

    private static List<OnnxTensor> numbered(Path set, String prefix) {
        List<OnnxTensor> out = new ArrayList<>();
        for (int k = 0; Files.isRegularFile(set.resolve(prefix + k + ".pb")); k++) {
            out.add(OnnxModel.readTensor(set.resolve(prefix + k + ".pb")));
        }
        return out;
    }

    /** Per operator: cases passed, failed and refused (a case with several operators counts for each). */
    public static Map<String, int[]> byOperator(List<Case> cases) {
        Map<String, int[]> m = new TreeMap<>();
        for (Case c : cases) {
            for (String op : c.operators()) {
                m.computeIfAbsent(op, k -> new int[3])[c.status().ordinal()]++;
            }
        }
        return m;
    }
}
