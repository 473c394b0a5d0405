package shears.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import shears.accelerators.hsi.StreamPlan;
import shears.accelerators.raman.RamanCompiler;
import shears.accelerators.raman.RamanParams;
import shears.accelerators.raman.SparseFormat;
import shears.models.io.ModelBundle;
import shears.models.io.ModelFiles;
import shears.models.io.Npy;
import shears.models.nn.Network;
import shears.models.onnx.ImportedModel;
import shears.models.onnx.OnnxExporter;
import shears.models.onnx.OnnxImporter;
import shears.models.onnx.OnnxModel;
import shears.models.onnx.OnnxTensor;
import shears.models.quant.IntegerModel;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.Quantizer;
import shears.models.tensor.IntTensor;
import shears.models.tensor.Tensor;
import shears.rtl.util.AtomicFiles;
import shears.rtl.util.IoErrors;
import shears.rtl.util.OutputDir;

/** ONNX files in {@code shears models}: what {@code info} prints for them, {@code run} and {@code export}. */
final class ModelsOnnx {
    private ModelsOnnx() {}

    static boolean isOnnx(Path model) {
        return !Files.isDirectory(model);
    }

    /** {@code models info FILE.onnx}: the file, the Shears layers it maps to, its quantisation, and what the accelerators map. */
    static void info(Path file, PrintWriter w) {
        OnnxModel m = OnnxModel.read(file);
        Map<String, Long> opsets = new TreeMap<>();
        m.opsets().forEach((d, v) -> opsets.put(d.isEmpty() ? "ai.onnx" : d, v));
        w.printf(
                "%s: ONNX IR %d, producer %s, opsets %s%n",
                file, m.irVersion(), m.producer().strip(), opsets);
        m.inputs().forEach(v -> w.printf("input  %s %s%n", v.name(), v.dimsText()));
        m.outputs().forEach(v -> w.printf("output %s %s%n", v.name(), v.dimsText()));
        Map<String, Integer> ops = new TreeMap<>();
        m.nodes().forEach(n -> ops.merge((n.domain().isEmpty() ? "" : n.domain() + ":") + n.opType(), 1, Integer::sum));
        w.printf("%d nodes: %s%n", m.nodes().size(), ops);
        ImportedModel im = OnnxImporter.importModel(m);
        w.printf(
                "as Shears layers (%d parameters%s):%n",
                im.network().parameterCount(),
                im.quantised() ? ", quantisation from the file in brackets" : "; the file is not quantised");
        im.describe().forEach(line -> w.println("  " + line));
        QuantizedNetwork q = im.integer(List.of(calibration(im.network())));
        w.println("accelerators:");
        w.println("  raman: " + ramanVerdict(q));
        w.println("  hsi:   " + hsiVerdict(q));
    }

    /** A deterministic input for calibrating an integer form when no data is given (structure checks only). */
    private static Tensor calibration(Network net) {
        Tensor t = new Tensor(net.inputShape());
        for (int i = 0; i < t.data().length; i++) {
            t.data()[i] = Math.sin(i * 0.7) * 0.5 + 0.5 * Math.cos(i * 0.13);
        }
        return t;
    }

    static String ramanVerdict(QuantizedNetwork q) {
        try {
            RamanCompiler.fit(q, null, Map.of(), new RamanParams(8, q.weightBits(), 32, 1, 1, SparseFormat.DENSE));
            return "maps (1-D encoder; raman gen|sim --model)";
        } catch (IllegalArgumentException e) {
            return "does not map: " + e.getMessage();
        }
    }

    static String hsiVerdict(QuantizedNetwork q) {
        var in = q.network().inputShape();
        if (in.is1d()) {
            return "does not map: the streaming pipeline takes 2-D images, the input is " + in;
        }
        try {
            int[] keep = new int[in.channels()];
            for (int b = 0; b < keep.length; b++) {
                keep[b] = b;
            }
            var crop = new shears.models.hsi.Preprocess.Crop(0, 0, in.width(), in.height());
            var front = new StreamPlan.Front(
                    5 * in.width(),
                    5 * in.height(),
                    crop,
                    shears.models.hsi.Preprocess.Norm.NONE,
                    keep,
                    new StreamPlan.Scale(1, 0));
            StreamPlan.of(front, q, Map.of(), Map.of(), false);
            return "maps (streaming stages)";
        } catch (IllegalArgumentException e) { // StreamException included
            return "does not map: " + e.getMessage();
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description =
                    "Run an ONNX or Shears model on one input tensor (ONNX TensorProto .pb or .npy, batch first) in float or in "
                            + "the integer golden model, and write the output as .npy: the way to check an import against your framework.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL", description = "An .onnx file or a Shears model directory.")
        Path model;

        @Option(
                names = "--input",
                required = true,
                paramLabel = "X",
                description = "Input tensor, .pb (ONNX TensorProto) or .npy, batch first.")
        Path input;

        @Option(
                names = "--precision",
                defaultValue = "float",
                paramLabel = "float|int",
                description =
                        "float (quantisers in the file applied as it defines them), or int: the integer golden model, "
                                + "dequantised (default: ${DEFAULT-VALUE}).")
        String precision;

        @Option(
                names = "--network",
                paramLabel = "NAME",
                description = "Network of a Shears model directory (default: encoder, else the first).")
        String network;

        @Option(names = "--out", required = true, paramLabel = "Y.npy", description = "Output tensor (.npy, float64).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!precision.equals("float") && !precision.equals("int")) {
                throw new UserException("--precision must be float or int, got '" + precision + "'");
            }
            if (!out.toString().endsWith(".npy")) {
                throw new UserException("--out " + out + ": the output is written as .npy; name the file *.npy");
            }
            OutputDir.checkFile("--out", out);
            OnnxTensor x = readInput(input);
            OnnxTensor y = isOnnx(model) ? runOnnx(x) : runShears(x);
            try {
                AtomicFiles.write(out, Npy.encode(new Npy.Array(y.dims(), y.values()), Npy.Type.FLOAT64));
            } catch (IOException e) {
                throw IoErrors.output("--out", out, "cannot write file", e);
            }
            PrintWriter w = spec.commandLine().getOut();
            double max = 0;
            for (double v : y.values()) {
                max = Math.max(max, Math.abs(v));
            }
            w.printf(
                    Locale.ROOT,
                    "%s (%s): input %s -> output %s, max |y| %.6g; wrote %s%n",
                    model.getFileName(),
                    precision,
                    java.util.Arrays.toString(x.dims()),
                    java.util.Arrays.toString(y.dims()),
                    max,
                    out);
            return 0;
        }

        private OnnxTensor runOnnx(OnnxTensor x) {
            if (network != null) {
                throw new UserException("--network applies to Shears model directories, not to " + model);
            }
            OnnxModel file = OnnxModel.read(model);
            if (!file.inputs().isEmpty()) {
                // batch and spatial sizes may differ (fully convolutional models); rank and channels may not
                OnnxModel.ValueInfo in = file.inputs().get(0);
                int[] d = in.dims();
                if (d.length != x.rank() || d.length > 1 && d[1] >= 0 && d[1] != x.dims()[1]) {
                    throw new UserException("--input " + input + ": dimensions " + java.util.Arrays.toString(x.dims())
                            + " do not fit the model's input '" + in.name() + "' " + in.dimsText());
                }
            }
            ImportedModel m = OnnxImporter.importModel(file, x.dims(), Map.of());
            return precision.equals("int") ? m.runInteger(x) : m.runFloat(x);
        }

        private OnnxTensor runShears(OnnxTensor x) {
            ModelBundle b = ModelFiles.load(model);
            String name = network != null
                    ? network
                    : b.networks().containsKey("encoder")
                            ? "encoder"
                            : b.networks().keySet().iterator().next();
            Network net = b.network(name);
            List<Tensor> xs = samples(net, x);
            QuantizedNetwork q = precision.equals("int") ? b.quantized().getOrDefault(name, null) : null;
            if (precision.equals("int") && q == null) {
                q = Quantizer.quantize(net, xs, 8); // no stored integer form: calibrated on this input
            }
            int per = net.outputShape().size();
            double[] values = new double[xs.size() * per];
            for (int k = 0; k < xs.size(); k++) {
                double[] y;
                if (q == null) {
                    y = net.forward(xs.get(k)).data();
                } else {
                    IntTensor[] acts = IntegerModel.run(q, q.quantizeInput(xs.get(k)));
                    y = q.dequantize(acts[acts.length - 1], acts.length - 1).data();
                }
                System.arraycopy(y, 0, values, k * per, per);
            }
            int[] dims = new int[] {
                xs.size(),
                net.outputShape().channels(),
                net.outputShape().height(),
                net.outputShape().width()
            };
            return OnnxTensor.of("output", values, dims);
        }

        private List<Tensor> samples(Network net, OnnxTensor x) {
            int per = net.inputShape().size();
            if (x.rank() < 2 || x.size() % per != 0 || x.size() / per != x.dims()[0]) {
                throw new UserException("--input " + input + ": dimensions " + java.util.Arrays.toString(x.dims())
                        + " are not a batch of " + net.inputShape() + " samples");
            }
            List<Tensor> xs = new ArrayList<>();
            for (int k = 0; k < x.dims()[0]; k++) {
                xs.add(new Tensor(net.inputShape(), java.util.Arrays.copyOfRange(x.values(), k * per, (k + 1) * per)));
            }
            return xs;
        }
    }

    static OnnxTensor readInput(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".npy")) {
            Npy.Array a = Npy.read(file);
            return new OnnxTensor("input", OnnxTensor.ElementType.DOUBLE, a.shape(), a.values());
        }
        if (name.endsWith(".pb")) {
            return OnnxModel.readTensor(file);
        }
        throw new UserException("--input " + file + ": expected a .pb (ONNX TensorProto) or .npy file");
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description =
                    "Write a Shears model directory's networks as ONNX: <network>.onnx in float and, for each network the "
                            + "directory holds in integer form, <network>-qdq.onnx (int8 QuantizeLinear/DequantizeLinear, opset 13).")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "Shears model directory (model.json).")
        Path model;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the .onnx files.")
        Path out;

        @CommandLine.Mixin
        ForceOption force = new ForceOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            OutputDir.probe("--out", out, "models export", force.force);
            ModelBundle b = ModelFiles.load(model);
            Map<String, String> meta = new TreeMap<>();
            b.metadata().forEach((k, v) -> meta.put("shears." + k, v));
            Map<String, String> files = new LinkedHashMap<>();
            Map<String, byte[]> bytes = new TreeMap<>();
            for (var e : new TreeMap<>(b.networks()).entrySet()) {
                Map<String, String> m = new TreeMap<>(meta);
                m.put("shears.network", e.getKey());
                bytes.put(
                        e.getKey() + ".onnx",
                        OnnxExporter.export(e.getValue(), e.getKey(), m).toByteArray());
                QuantizedNetwork q = b.quantized().get(e.getKey());
                if (q != null) {
                    bytes.put(
                            e.getKey() + "-qdq.onnx",
                            OnnxExporter.exportQdq(q, e.getKey(), m).toByteArray());
                }
            }
            try (OutputDir dir = OutputDir.open("--out", out, "models export", force.force)) {
                for (var e : bytes.entrySet()) {
                    dir.write(e.getKey(), e.getValue());
                    files.put(e.getKey(), e.getValue().length + " bytes");
                }
                dir.commit();
            }
            PrintWriter w = spec.commandLine().getOut();
            files.forEach((f, s) -> w.printf("wrote %s (%s)%n", out.resolve(f), s));
            return 0;
        }
    }
}
