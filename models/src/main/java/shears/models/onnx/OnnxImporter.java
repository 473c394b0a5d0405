package shears.models.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shears.models.nn.Add;
import shears.models.nn.Concat;
import shears.models.nn.Conv;
import shears.models.nn.ConvTranspose;
import shears.models.nn.Dense;
import shears.models.nn.DepthToSpace;
import shears.models.nn.Layer;
import shears.models.nn.Node;
import shears.models.nn.Pool;
import shears.models.nn.Relu;
import shears.models.nn.Reshape;
import shears.models.nn.Upsample;
import shears.models.tensor.Shape;

/**
 * Maps an ONNX graph onto Shears layers, node by node in file order. Constants (initializers,
 * {@code Constant}, quantisers applied to weights) are folded; BatchNormalization and bias additions
 * are folded into the weighted layer before them; layout-only operators become {@link Reshape};
 * quantisers on activations become annotations the integer model reads ({@link ImportedModel}).
 * The first dimension of every activation is the batch: a Shears network computes one sample.
 * Anything that does not map exactly is refused with the node, the operator and the reason.
 */
public final class OnnxImporter {
    /** Operators mapped (default domain), for reports and {@code models info}. */
    public static final List<String> OPERATORS = List.of(
            "Conv",
            "ConvTranspose",
            "Gemm",
            "MatMul",
            "Relu",
            "MaxPool",
            "AveragePool",
            "GlobalAveragePool",
            "Add",
            "Concat",
            "Resize",
            "Upsample",
            "DepthToSpace",
            "BatchNormalization",
            "Flatten",
            "Reshape",
            "Identity",
            "Dropout",
            "Constant",
            "QuantizeLinear",
            "DequantizeLinear",
            "QLinearConv");
    /** Domains whose {@code Quant} operator is QONNX's. */
    public static final Set<String> QUANT_DOMAINS =
            Set.of("onnx.brevitas", "qonnx.custom_op.general", "finn.custom_op.general");

    private sealed interface Value permits Const, Act {}

    private record Const(OnnxTensor tensor, WeightQuant quant) implements Value {}

    /** An activation: Shears node (or {@link Node#NETWORK_INPUT}), per-sample shape, ONNX rank, quantiser. */
    private record Act(int node, Shape shape, int rank, ActQuant quant) implements Value {
        Act with(ActQuant q) {
            return new Act(node, shape, rank, q);
        }
    }

    private final OnnxModel model;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Shape> shapes = new ArrayList<>();
    private final List<double[]> weights = new ArrayList<>();
    private final List<double[]> biases = new ArrayList<>();
    private final List<WeightQuant> weightQuant = new ArrayList<>();
    private final List<ActQuant> outputQuant = new ArrayList<>();
    private final List<String> origins = new ArrayList<>();
    private ActQuant inputQuant;
    private Act input;
    private int batch;

    private OnnxImporter(OnnxModel model) {
        this.model = model;
    }

    /** Imports with the graph input's declared dimensions (every one but the batch must be known). */
    public static ImportedModel importModel(OnnxModel model) {
        if (model.inputs().isEmpty()) {
            throw new OnnxException(model.source() + ": the graph has no input");
        }
        int[] dims = model.inputs().get(0).dims().clone();
        if (dims.length > 0 && dims[0] < 0) {
            dims[0] = 1;
        }
        for (int d : dims) {
            if (d < 0) {
                throw new OnnxException(
                        model.source() + ": input '" + model.inputs().get(0).name() + "' has unknown dimensions "
                                + model.inputs().get(0).dimsText()
                                + "; run it on an input of known size with 'shears models run MODEL --input X'");
            }
        }
        return importModel(model, dims, Map.of());
    }

    /**
     * Imports for an input of {@code inputDims} (batch first); {@code bound} gives graph inputs other
     * than the first as constants (ONNX test data passes weights and scales that way).
     */
    public static ImportedModel importModel(OnnxModel model, int[] inputDims, Map<String, OnnxTensor> bound) {
        return new OnnxImporter(model).run(inputDims, bound);
    }

    private ImportedModel run(int[] inputDims, Map<String, OnnxTensor> bound) {
        if (model.inputs().isEmpty()) {
            throw new OnnxException(model.source() + ": the graph has no input");
        }
        model.initializers().forEach((k, t) -> values.put(k, new Const(t, null)));
        bound.forEach((k, t) -> values.put(k, new Const(t, null)));
        OnnxModel.ValueInfo in = model.inputs().get(0);
        for (OnnxModel.ValueInfo other :
                model.inputs().subList(1, model.inputs().size())) {
            if (!values.containsKey(other.name())) {
                throw new OnnxException(model.source() + ": input '" + other.name()
                        + "': Shears networks take one input ('" + in.name() + "')");
            }
        }
        batch = inputDims.length == 0 ? 1 : inputDims[0];
        input = new Act(
                Node.NETWORK_INPUT, sampleShape(inputDims, "input '" + in.name() + "'"), inputDims.length, null);
        values.put(in.name(), input);
        for (OnnxNode n : model.nodes()) {
            n.inputs().forEach(i -> uses.merge(i, 1, Integer::sum));
        }
        model.outputs().forEach(o -> uses.merge(o.name(), 1, Integer::sum));
        for (OnnxNode n : model.nodes()) {
            node(n);
        }
        return finish();
    }

    private ImportedModel finish() {
        if (model.outputs().size() != 1) {
            throw new OnnxException(
                    model.source() + ": " + model.outputs().size() + " graph outputs; Shears networks have one");
        }
        String name = model.outputs().get(0).name();
        Value out = values.get(name);
        if (!(out instanceof Act a)) {
            throw new OnnxException(model.source() + ": output '" + name + "' is a constant; nothing to compute");
        }
        if (a.node() == Node.NETWORK_INPUT || a.node() != nodes.size() - 1) {
            // the network's output is its last node: copy the output through a reshape when it is not
            // (or is the input itself, as after a lone Identity)
            add("output", new Reshape(a.shape()), List.of(a.node()), "output", new double[0], new double[0]);
        }
        if (a.quant() != null) {
            outputQuant.set(nodes.size() - 1, a.quant());
        }
        return ImportedModel.of(
                model,
                nodes,
                weights,
                biases,
                weightQuant,
                outputQuant,
                inputQuant,
                origins,
                input.shape(),
                input.rank(),
                a.rank(),
                batch);
    }

    private void node(OnnxNode n) {
        String domain = n.domain();
        if (QUANT_DOMAINS.contains(domain) && n.opType().equals("Quant")) {
            quant(n);
            return;
        }
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            throw n.error("operator domain '" + domain + "' is not supported");
        }
        switch (n.opType()) {
            case "Identity", "Dropout" -> identity(n);
            case "Constant" -> constant(n);
            case "Conv" -> conv(n);
            case "ConvTranspose" -> convTranspose(n);
            case "Gemm" -> gemm(n);
            case "MatMul" -> matMul(n);
            case "Relu" -> relu(n);
            case "MaxPool", "AveragePool" -> pool(n);
            case "GlobalAveragePool" -> globalAveragePool(n);
            case "Add" -> add(n);
            case "Concat" -> concat(n);
            case "Resize", "Upsample" -> resize(n);
            case "DepthToSpace" -> depthToSpace(n);
            case "BatchNormalization" -> batchNorm(n);
            case "Flatten" -> flatten(n);
            case "Reshape" -> reshape(n);
            case "QuantizeLinear" -> quantizeLinear(n);
            case "DequantizeLinear" -> dequantizeLinear(n);
            case "QLinearConv" -> qlinearConv(n);
            default ->
                throw n.error(
                        "operator not supported (Shears maps " + String.join(", ", OPERATORS) + ", and QONNX Quant)");
        }
    }

    // ---- values -------------------------------------------------------------------------------

    private Value value(OnnxNode n, int k) {
        String name = n.input(k);
        if (name.isEmpty()) {
            throw n.error("input " + k + " is missing");
        }
        Value v = values.get(name);
        if (v == null) {
            throw n.error("input '" + name + "' is not produced by any earlier node, initializer or graph input");
        }
        return v;
    }

    private Act act(OnnxNode n, int k) {
        if (value(n, k) instanceof Act a) {
            return a;
        }
        throw n.error("input '" + n.input(k) + "' is a constant; Shears maps this operator only on activations");
    }

    private OnnxTensor constant(OnnxNode n, int k) {
        if (value(n, k) instanceof Const c) {
            return c.tensor();
        }
        throw n.error("input '" + n.input(k) + "' must be a constant (an initializer), it is computed");
    }

    private OnnxTensor optionalConstant(OnnxNode n, int k) {
        return n.input(k).isEmpty() ? null : constant(n, k);
    }

    private void put(OnnxNode n, Value v) {
        values.put(n.outputs().get(0), v);
    }

    private void requireOneOutput(OnnxNode n) {
        for (int k = 1; k < n.outputs().size(); k++) {
            if (uses.containsKey(n.outputs().get(k))) {
                throw n.error(
                        "output " + k + " ('" + n.outputs().get(k) + "') is used; Shears maps only the first output");
            }
        }
    }

    private Shape sampleShape(int[] dims, String what) {
        try {
            return switch (dims.length) {
                case 2 -> Shape.vector(dims[1]);
                case 3 -> Shape.of1d(dims[1], dims[2]);
                case 4 -> new Shape(dims[1], dims[2], dims[3]);
                default ->
                    throw new OnnxException(what + ": rank " + dims.length + " " + Arrays.toString(dims)
                            + " is not supported (batch plus 1 to 3 dimensions)");
            };
        } catch (IllegalArgumentException e) {
            throw new OnnxException(what + ": " + e.getMessage());
        }
    }

    /** Per-sample dimensions of an activation as ONNX sees them (without the batch). */
    static int[] sampleDims(Shape s, int rank) {
        return switch (rank) {
            case 2 -> new int[] {s.channels()};
            case 3 -> new int[] {s.channels(), s.width()};
            default -> new int[] {s.channels(), s.height(), s.width()};
        };
    }

    private int add(String onnxName, Layer layer, List<Integer> inputs, String origin, double[] w, double[] b) {
        List<Shape> in = new ArrayList<>();
        for (int src : inputs) {
            in.add(src == Node.NETWORK_INPUT ? input.shape() : shapes.get(src));
        }
        Shape out;
        try {
            out = layer.outputShape(in);
        } catch (IllegalArgumentException e) {
            OnnxNode n = model.nodes().stream()
                    .filter(m -> m.name().equals(origin))
                    .findFirst()
                    .orElse(null);
            throw new OnnxException((n == null ? "node '" + origin + "'" : n.label()) + ": " + e.getMessage());
        }
        nodes.add(new Node(uniqueName(onnxName), layer, inputs));
        shapes.add(out);
        weights.add(w);
        biases.add(b);
        weightQuant.add(null);
        outputQuant.add(null);
        origins.add(origin);
        return nodes.size() - 1;
    }

    private Act addAct(OnnxNode n, Layer layer, List<Integer> inputs, int rank, double[] w, double[] b) {
        int i = add(n.name(), layer, inputs, n.name(), w, b);
        return new Act(i, shapes.get(i), rank, null);
    }

    private String uniqueName(String onnxName) {
        String base = onnxName.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0)) && base.charAt(0) != '_') {
            base = "n_" + base;
        }
        String name = base;
        for (int k = 2; !names.add(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }

    /** True when {@code a} is a weighted layer's output that nothing else reads: it can absorb a scale and shift. */
    private boolean foldable(Act a, String onnxValue) {
        return a.node() != Node.NETWORK_INPUT
                && uses.getOrDefault(onnxValue, 0) == 1
                && a.quant() == null
                && outputQuant.get(a.node()) == null
                && isWeighted(nodes.get(a.node()).layer());
    }

    private static boolean isWeighted(Layer l) {
        return l instanceof Conv || l instanceof ConvTranspose || l instanceof Dense;
    }

    // ---- pass-through and constants -----------------------------------------------------------

    private void identity(OnnxNode n) {
        n.allowOnly("ratio", "is_test", "seed");
        requireOneOutput(n);
        if (n.opType().equals("Dropout")
                && !n.input(2).isEmpty()
                && constant(n, 2).scalar(n.label() + ": training_mode") != 0) {
            throw n.error("training_mode = true drops values at random; only inference is supported");
        }
        put(n, value(n, 0));
    }

    private void constant(OnnxNode n) {
        n.allowOnly("value");
        OnnxTensor t = n.tensorAttr("value");
        if (t == null) {
            throw n.error("only the 'value' form is supported");
        }
        put(n, new Const(t, null));
    }

    // ---- weighted layers ----------------------------------------------------------------------

    private void conv(OnnxNode n) {
        n.allowOnly("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        Act x = act(n, 0);
        Value wv = value(n, 1);
        if (!(wv instanceof Const w)) {
            throw n.error("weights '" + n.input(1) + "' must be constant");
        }
        OnnxTensor b = optionalConstant(n, 2);
        Geometry g = Geometry.of(n, x, w.tensor().dims(), false);
        int out = w.tensor().dims()[0];
        int groups = (int) n.intAttr("group", 1);
        if ((long) w.tensor().dims()[1] * groups != x.shape().channels()) {
            throw n.error("weights " + Arrays.toString(w.tensor().dims()) + " with group " + groups + " expect "
                    + (long) w.tensor().dims()[1] * groups + " input channels, the input has "
                    + x.shape().channels());
        }
        Conv layer = layer(
                n,
                () -> new Conv(
                        x.shape().channels(),
                        out,
                        g.kernel[0],
                        g.kernel[1],
                        g.stride[0],
                        g.stride[1],
                        g.pad[0],
                        g.pad[1],
                        g.dilation[0],
                        g.dilation[1],
                        groups));
        double[] bias = b == null ? new double[out] : vector(n, b, out, "bias");
        if (w.quant() != null && w.quant().perChannel() && w.quant().axis() != 0) {
            throw n.error("per-channel weight scales must run along axis 0 (the output channels) of a convolution");
        }
        Act y = addAct(
                n, layer, List.of(x.node()), x.rank(), w.tensor().values().clone(), bias);
        weightQuant.set(y.node(), w.quant());
        put(n, y);
    }

    private void convTranspose(OnnxNode n) {
        n.allowOnly("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides", "output_padding");
        if (n.has("output_shape")) {
            throw n.error("attribute output_shape not supported; give pads and output_padding");
        }
        Act x = act(n, 0);
        if (!(value(n, 1) instanceof Const w)) {
            throw n.error("weights '" + n.input(1) + "' must be constant");
        }
        if (n.intAttr("group", 1) != 1) {
            throw n.error("grouped transposed convolution is not supported");
        }
        Geometry g = Geometry.of(n, x, w.tensor().dims(), true);
        if (g.dilation[0] != 1 || g.dilation[1] != 1) {
            throw n.error("dilated transposed convolution is not supported");
        }
        long[] op = n.intsAttr("output_padding", new long[g.kernel.length == 2 && x.rank() == 3 ? 1 : 2]);
        int[] outPad = x.rank() == 3 ? new int[] {0, (int) op[0]} : new int[] {(int) op[0], (int) op[1]};
        int[] d = w.tensor().dims();
        int in = d[0];
        int out = d[1];
        if (in != x.shape().channels()) {
            throw n.error("weights " + Arrays.toString(d) + " expect " + in + " input channels, the input has "
                    + x.shape().channels());
        }
        ConvTranspose layer = layer(
                n,
                () -> new ConvTranspose(
                        in,
                        out,
                        g.kernel[0],
                        g.kernel[1],
                        g.stride[0],
                        g.stride[1],
                        g.pad[0],
                        g.pad[1],
                        outPad[0],
                        outPad[1]));
        // ONNX stores [in][out][k]; Shears keeps every weighted layer [out][in][k]
        int k = g.kernel[0] * g.kernel[1];
        double[] dst = new double[w.tensor().size()];
        swapFirstAxes(w.tensor().values(), dst, in, out, k);
        OnnxTensor b = optionalConstant(n, 2);
        Act y = addAct(
                n, layer, List.of(x.node()), x.rank(), dst, b == null ? new double[out] : vector(n, b, out, "bias"));
        if (w.quant() != null) {
            weightQuant.set(y.node(), transposedQuant(n, w.quant(), in, out, k));
        }
        put(n, y);
    }

    /** {@code [a][b][k]} to {@code [b][a][k]} (ONNX's transposed-convolution layout to Shears'); src and dst are int[] or double[]. */
    private static void swapFirstAxes(Object src, Object dst, int a, int b, int k) {
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(src, (i * b + j) * k, dst, (j * a + i) * k, k);
            }
        }
    }

    /** A transposed convolution's integer weights in Shears' [out][in][k] order, one scale per output channel. */
    private static WeightQuant transposedQuant(OnnxNode n, WeightQuant q, int in, int out, int k) {
        double[] scales;
        if (!q.perChannel()) {
            scales = new double[out];
            java.util.Arrays.fill(scales, q.weights().scales()[0]);
        } else if (q.axis() == 1) {
            scales = q.weights().scales();
        } else {
            throw n.error(
                    "per-channel weight scales must run along axis 1 (the output channels) of a transposed convolution");
        }
        int[] dst = new int[q.weights().values().length];
        swapFirstAxes(q.weights().values(), dst, in, out, k);
        return new WeightQuant(
                new shears.models.quant.QuantizedWeights(
                        dst, scales, q.weights().bits()),
                q.perChannel(),
                0,
                q.node());
    }

    private void gemm(OnnxNode n) {
        n.allowOnly("alpha", "beta", "transA", "transB", "broadcast");
        Act a = act(n, 0);
        if (n.intAttr("transA", 0) != 0) {
            throw n.error("transA = 1 transposes the batch into the features; not supported");
        }
        if (a.rank() != 2) {
            throw n.error("input A must be [batch, features], got rank " + a.rank());
        }
        Const bc = constOf(n, 1);
        int[] bd = bc.tensor().dims();
        if (bd.length != 2) {
            throw n.error("B must be a matrix, got dimensions " + Arrays.toString(bd));
        }
        boolean transB = n.intAttr("transB", 0) != 0;
        int in = transB ? bd[1] : bd[0];
        int out = transB ? bd[0] : bd[1];
        double alpha = n.floatAttr("alpha", 1.0);
        double beta = n.floatAttr("beta", 1.0);
        double[] w = denseWeights(bc.tensor().values(), in, out, transB, alpha);
        double[] bias = new double[out];
        OnnxTensor c = n.input(2).isEmpty() ? null : constant(n, 2);
        if (c != null) {
            double[] cv = gemmBias(n, c, out);
            for (int o = 0; o < out; o++) {
                bias[o] = beta * cv[o];
            }
        }
        Dense layer = layer(n, () -> new Dense(in, out));
        Act y = addAct(n, layer, List.of(a.node()), 2, w, bias);
        if (bc.quant() != null
                && alpha == 1.0
                && transB
                && (!bc.quant().perChannel() || bc.quant().axis() == 0)) {
            weightQuant.set(y.node(), bc.quant()); // [out][in]: the file's integers as they are
        }
        put(n, y);
    }

    private double[] gemmBias(OnnxNode n, OnnxTensor c, int out) {
        int[] d = c.dims();
        if (c.size() == 1) {
            double[] v = new double[out];
            Arrays.fill(v, c.values()[0]);
            return v;
        }
        if (c.size() == out && d[d.length - 1] == out) {
            return c.values().clone();
        }
        if (d.length == 2 && d[1] == out && d[0] == batch && rowsEqual(c.values(), out)) {
            return Arrays.copyOf(c.values(), out);
        }
        throw n.error("bias C " + Arrays.toString(d) + " differs per sample; Shears needs one bias per output");
    }

    private static boolean rowsEqual(double[] v, int width) {
        for (int i = width; i < v.length; i++) {
            if (v[i] != v[i % width]) {
                return false;
            }
        }
        return true;
    }

    private void matMul(OnnxNode n) {
        n.allowOnly();
        Act a = act(n, 0);
        if (a.rank() != 2) {
            throw n.error("input A must be [batch, features] (rank 2), got rank " + a.rank());
        }
        Const b = constOf(n, 1);
        int[] bd = b.tensor().dims();
        if (bd.length != 2) {
            throw n.error("B must be a constant matrix, got dimensions " + Arrays.toString(bd));
        }
        Dense layer = layer(n, () -> new Dense(bd[0], bd[1]));
        put(
                n,
                addAct(
                        n,
                        layer,
                        List.of(a.node()),
                        2,
                        denseWeights(b.tensor().values(), bd[0], bd[1], false, 1.0),
                        new double[bd[1]]));
    }

    private Const constOf(OnnxNode n, int k) {
        if (value(n, k) instanceof Const c) {
            return c;
        }
        throw n.error("input '" + n.input(k) + "' must be constant weights");
    }

    private static double[] denseWeights(double[] b, int in, int out, boolean transposed, double alpha) {
        double[] w = new double[in * out];
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < in; j++) {
                w[o * in + j] = alpha * (transposed ? b[o * in + j] : b[j * out + o]);
            }
        }
        return w;
    }

    // ---- element-wise and pooling -------------------------------------------------------------

    private void relu(OnnxNode n) {
        n.allowOnly("consumed_inputs");
        Act x = act(n, 0);
        put(n, addAct(n, new Relu(), List.of(x.node()), x.rank(), new double[0], new double[0]));
    }

    private void pool(OnnxNode n) {
        n.allowOnly(
                "auto_pad",
                "ceil_mode",
                "count_include_pad",
                "dilations",
                "kernel_shape",
                "pads",
                "strides",
                "storage_order");
        requireOneOutput(n);
        Act x = act(n, 0);
        if (n.intAttr("ceil_mode", 0) != 0) {
            throw n.error("ceil_mode = 1 is not supported");
        }
        if (n.intAttr("storage_order", 0) != 0) {
            throw n.error("storage_order = 1 is not supported");
        }
        long[] ks = n.intsAttr("kernel_shape", null);
        if (ks == null) {
            throw n.error("kernel_shape missing");
        }
        Geometry g = Geometry.of(n, x, null, false);
        if (g.dilation[0] != 1 || g.dilation[1] != 1) {
            throw n.error("dilated pooling is not supported");
        }
        Pool.Mode mode = n.opType().equals("MaxPool") ? Pool.Mode.MAX : Pool.Mode.AVG;
        if (mode == Pool.Mode.AVG && (g.pad[0] > 0 || g.pad[1] > 0) && n.intAttr("count_include_pad", 0) == 0) {
            throw n.error(
                    "padded average pooling divides by the whole window in Shears (count_include_pad = 1), not by the inside part");
        }
        Pool layer =
                layer(n, () -> new Pool(mode, g.kernel[0], g.kernel[1], g.stride[0], g.stride[1], g.pad[0], g.pad[1]));
        put(
                n,
                addAct(n, layer, List.of(x.node()), x.rank(), new double[0], new double[0])
                        .with(mode == Pool.Mode.MAX ? x.quant() : null));
    }

    private void globalAveragePool(OnnxNode n) {
        n.allowOnly();
        Act x = act(n, 0);
        if (x.rank() < 3) {
            throw n.error("input must have spatial dimensions");
        }
        Shape s = x.shape();
        put(
                n,
                addAct(
                        n,
                        new Pool(Pool.Mode.AVG, s.height(), s.width(), s.height(), s.width()),
                        List.of(x.node()),
                        x.rank(),
                        new double[0],
                        new double[0]));
    }

    private void add(OnnxNode n) {
        n.allowOnly("broadcast", "axis", "consumed_inputs");
        Value a = value(n, 0);
        Value b = value(n, 1);
        if (a instanceof Const && b instanceof Act) {
            Value t = a;
            a = b;
            b = t;
        }
        if (a instanceof Act x && b instanceof Act y) {
            if (!x.shape().equals(y.shape())) {
                throw n.error("adding " + x.shape() + " and " + y.shape()
                        + ": broadcasting between activations is not supported");
            }
            put(n, addAct(n, new Add(), List.of(x.node(), y.node()), x.rank(), new double[0], new double[0]));
        } else if (a instanceof Act x && b instanceof Const c) {
            double[] shift = perChannel(n, c.tensor(), x, "added constant");
            String src = n.input(values.get(n.input(0)) == x ? 0 : 1);
            put(n, affine(n, x, src, null, shift));
        } else {
            throw n.error("both inputs are constants; nothing to compute");
        }
    }

    /** A constant that is one value per channel (or one value) in the broadcast sense, as a vector. */
    private double[] perChannel(OnnxNode n, OnnxTensor c, Act x, String what) {
        int ch = x.shape().channels();
        double[] v = new double[ch];
        if (c.size() == 1) {
            Arrays.fill(v, c.values()[0]);
            return v;
        }
        int[] d = c.dims();
        int[] sample = sampleDims(x.shape(), x.rank());
        // aligned from the right: [C, 1, 1], [1, C, 1, 1] or, for [batch, features], [C] / [1, C]
        boolean channelOnly = c.size() == ch;
        int axis = d.length - (sample.length + 1) + 1; // index of the channel axis in d, right-aligned
        if (channelOnly && axis >= 0 && axis < d.length && d[axis] == ch) {
            return c.values().clone();
        }
        throw n.error(what + " " + Arrays.toString(d) + " is not one value per channel of " + x.shape());
    }

    /**
     * {@code y = x * scale + shift} per channel: folded into the weighted layer that produced
     * {@code x} when nothing else reads it, else a depthwise 1x1 convolution.
     */
    private Act affine(OnnxNode n, Act x, String src, double[] scale, double[] shift) {
        int ch = x.shape().channels();
        if (foldable(x, src)) {
            int i = x.node();
            double[] w = weights.get(i);
            double[] b = biases.get(i);
            int fan = w.length / ch;
            for (int o = 0; o < ch; o++) {
                double s = scale == null ? 1.0 : scale[o];
                for (int j = 0; j < fan; j++) {
                    w[o * fan + j] *= s;
                }
                b[o] = b[o] * s + shift[o];
            }
            if (scale != null && weightQuant.get(i) != null) {
                weightQuant.set(i, rescaled(weightQuant.get(i), scale));
            }
            origins.set(i, origins.get(i) + " + " + n.name());
            return new Act(i, x.shape(), x.rank(), null);
        }
        double[] w = new double[ch];
        for (int o = 0; o < ch; o++) {
            w[o] = scale == null ? 1.0 : scale[o];
        }
        Conv layer = new Conv(ch, ch, 1, 1, 1, 1, 0, 0, 1, 1, ch);
        return addAct(n, layer, List.of(x.node()), x.rank(), w, shift.clone());
    }

    /** The same integer weights with each channel's scale multiplied (a negative factor flips the integers). */
    private static WeightQuant rescaled(WeightQuant q, double[] factor) {
        int[] v = q.weights().values().clone();
        double[] s = q.weights().scales().clone();
        int fan = v.length / s.length;
        for (int o = 0; o < s.length; o++) {
            if (factor[o] == 0) { // a channel scaled to nothing: zero weights at any scale, the output is its bias
                Arrays.fill(v, o * fan, (o + 1) * fan, 0);
                continue;
            }
            s[o] *= Math.abs(factor[o]);
            if (factor[o] < 0) {
                for (int j = 0; j < fan; j++) {
                    v[o * fan + j] = -v[o * fan + j];
                }
            }
        }
        return new WeightQuant(
                new shears.models.quant.QuantizedWeights(v, s, q.weights().bits()), true, q.axis(), q.node());
    }

    private void concat(OnnxNode n) {
        n.allowOnly("axis");
        Act first = act(n, 0);
        long axis = n.intAttr("axis", 1);
        if (axis < 0) {
            axis += first.rank();
        }
        if (axis != 1) {
            throw n.error(
                    "concatenation along axis " + n.intAttr("axis", 1) + " is not supported (channels only, axis 1)");
        }
        Act acc = first;
        for (int k = 1; k < n.inputs().size(); k++) {
            Act next = act(n, k);
            if (next.rank() != acc.rank()) {
                throw n.error("inputs differ in rank");
            }
            int i = add(
                    n.name(), new Concat(), List.of(acc.node(), next.node()), n.name(), new double[0], new double[0]);
            acc = new Act(i, shapes.get(i), first.rank(), null);
        }
        put(n, acc);
    }

    private void batchNorm(OnnxNode n) {
        n.allowOnly("epsilon", "momentum", "is_test", "spatial", "consumed_inputs", "training_mode");
        if (n.intAttr("training_mode", 0) != 0) {
            throw n.error("training_mode = 1 is not supported (inference statistics only)");
        }
        if (n.intAttr("spatial", 1) != 1) {
            throw n.error("spatial = 0 is not supported");
        }
        requireOneOutput(n);
        Act x = act(n, 0);
        int ch = x.shape().channels();
        double[] gamma = vector(n, constant(n, 1), ch, "scale");
        double[] beta = vector(n, constant(n, 2), ch, "bias");
        double[] mean = vector(n, constant(n, 3), ch, "mean");
        double[] var = vector(n, constant(n, 4), ch, "variance");
        double eps = n.floatAttr("epsilon", 1e-5);
        double[] scale = new double[ch];
        double[] shift = new double[ch];
        for (int c = 0; c < ch; c++) {
            // float32 arithmetic as ONNX runtimes do it, so folded weights match their outputs closely
            float s = (float) gamma[c] / (float) Math.sqrt((float) var[c] + (float) eps);
            scale[c] = s;
            shift[c] = (float) beta[c] - (float) mean[c] * s;
        }
        put(n, affine(n, x, n.input(0), scale, shift));
    }

    private double[] vector(OnnxNode n, OnnxTensor t, int size, String what) {
        if (t.size() != size) {
            throw n.error(what + " has " + t.size() + " values, expected " + size);
        }
        return t.values().clone();
    }

    // ---- layout ---------------------------------------------------------------------------------

    private void resize(OnnxNode n) {
        n.allowOnly(
                "mode",
                "coordinate_transformation_mode",
                "nearest_mode",
                "scales",
                "cubic_coeff_a",
                "exclude_outside",
                "extrapolation_value");
        Act x = act(n, 0);
        if (!n.stringAttr("mode", "nearest").equals("nearest")) {
            throw n.error("mode '" + n.stringAttr("mode", "") + "' is not supported (nearest only)");
        }
        int[] factor = Resize.factors(n, x.rank(), x.shape(), k -> optionalConstant(n, k));
        Resize.checkNearestReplicates(n, factor, x.shape());
        put(
                n,
                addAct(n, new Upsample(factor[0], factor[1]), List.of(x.node()), x.rank(), new double[0], new double[0])
                        .with(x.quant()));
    }

    private void depthToSpace(OnnxNode n) {
        n.allowOnly("blocksize", "mode");
        Act x = act(n, 0);
        if (x.rank() != 4) {
            throw n.error("input must be [batch, channels, height, width]");
        }
        String mode = n.stringAttr("mode", "DCR");
        if (!mode.equals("DCR") && !mode.equals("CRD")) {
            throw n.error("mode '" + mode + "' is not DCR or CRD");
        }
        DepthToSpace layer =
                layer(n, () -> new DepthToSpace((int) n.intAttr("blocksize", 0), DepthToSpace.Mode.valueOf(mode)));
        put(
                n,
                addAct(n, layer, List.of(x.node()), 4, new double[0], new double[0])
                        .with(x.quant()));
    }

    private void flatten(OnnxNode n) {
        n.allowOnly("axis");
        Act x = act(n, 0);
        long axis = n.intAttr("axis", 1);
        if (axis < 0) {
            axis += x.rank();
        }
        if (axis != 1) {
            throw n.error("flattening at axis " + n.intAttr("axis", 1)
                    + " mixes samples of the batch; only axis 1 is supported");
        }
        reshapeTo(n, x, new int[] {batch, x.shape().size()});
    }

    private void reshape(OnnxNode n) {
        n.allowOnly("allowzero", "shape");
        Act x = act(n, 0);
        long[] target =
                n.has("shape") ? n.intsAttr("shape", null) : constant(n, 1).longs();
        int[] inDims = new int[x.rank()];
        inDims[0] = batch;
        System.arraycopy(sampleDims(x.shape(), x.rank()), 0, inDims, 1, x.rank() - 1);
        int[] dims = Resize.reshapeDims(n, inDims, target, n.intAttr("allowzero", 0) != 0);
        if (dims.length == 0 || dims[0] != batch) {
            throw n.error("target " + Arrays.toString(target) + " changes the batch dimension " + batch);
        }
        reshapeTo(n, x, dims);
    }

    private void reshapeTo(OnnxNode n, Act x, int[] dims) {
        Shape s = sampleShape(dims, n.label());
        if (s.equals(x.shape())) {
            put(n, new Act(x.node(), s, dims.length, x.quant()));
            return;
        }
        put(
                n,
                addAct(n, new Reshape(s), List.of(x.node()), dims.length, new double[0], new double[0])
                        .with(x.quant()));
    }

    // ---- quantisation ---------------------------------------------------------------------------

    private void quant(OnnxNode n) {
        n.allowOnly("signed", "narrow", "rounding_mode");
        double bits = constant(n, 3).scalar(n.label() + ": bit width");
        if (bits != Math.rint(bits) || bits < 2 || bits > 16) {
            throw n.error("bit width " + bits + " is not an integer in 2..16");
        }
        boolean signed = n.intAttr("signed", 1) != 0;
        boolean narrow = n.intAttr("narrow", 0) != 0;
        String rounding = n.stringAttr("rounding_mode", "ROUND");
        OnnxTensor scale = constant(n, 1);
        OnnxTensor zero = constant(n, 2);
        Quantisers.requireZeroPoint(n, zero);
        Value x = value(n, 0);
        if (x instanceof Const c) {
            put(n, constOf(Quantisers.weights(n, c.tensor(), scale, (int) bits, signed, narrow, rounding)));
        } else {
            put(n, annotate(n, (Act) x, Quantisers.activation(n, scale, (int) bits, signed, narrow, rounding)));
        }
    }

    private void quantizeLinear(OnnxNode n) {
        n.allowOnly("axis", "saturate");
        Value x = value(n, 0);
        OnnxTensor scale = constant(n, 1);
        OnnxTensor zero = optionalConstant(n, 2);
        if (zero != null) {
            Quantisers.requireZeroPoint(n, zero);
        }
        boolean signed = zero != null && zero.type() == OnnxTensor.ElementType.INT8;
        if (!(x instanceof Act a)) {
            throw n.error("quantising a constant: store the integers and use DequantizeLinear");
        }
        put(n, annotate(n, a, Quantisers.activation(n, scale, 8, signed, false, "ROUND")));
    }

    private void dequantizeLinear(OnnxNode n) {
        n.allowOnly("axis");
        Value x = value(n, 0);
        OnnxTensor scale = constant(n, 1);
        OnnxTensor zero = optionalConstant(n, 2);
        if (zero != null) {
            Quantisers.requireZeroPoint(n, zero);
        }
        if (x instanceof Const c) {
            put(n, constOf(Quantisers.dequantized(n, c.tensor(), scale, (int) n.intAttr("axis", 1))));
            return;
        }
        Act a = (Act) x;
        if (a.quant() == null
                || Math.abs(a.quant().scale() - scale.scalar(n.label() + ": scale"))
                        > 1e-12 * a.quant().scale()) {
            throw n.error("dequantises '" + n.input(0) + "' with scale " + scale.values()[0]
                    + ", which it was not quantised with");
        }
        put(n, a);
    }

    private void qlinearConv(OnnxNode n) {
        n.allowOnly("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        Act x = act(n, 0);
        OnnxTensor xs = constant(n, 1);
        Quantisers.requireZeroPoint(n, constant(n, 2));
        ActQuant xq =
                Quantisers.activation(n, xs, 8, constant(n, 2).type() == OnnxTensor.ElementType.INT8, false, "ROUND");
        x = annotate(n, x, xq);
        Quantisers.requireZeroPoint(n, constant(n, 5));
        Const w = constOf(Quantisers.dequantized(n, constant(n, 3), constant(n, 4), 0));
        OnnxTensor ys = constant(n, 6);
        OnnxTensor yz = constant(n, 7);
        Quantisers.requireZeroPoint(n, yz);
        Geometry g = Geometry.of(n, x, w.tensor().dims(), false);
        int out = w.tensor().dims()[0];
        int groups = (int) n.intAttr("group", 1);
        Act xf = x;
        Conv layer = layer(
                n,
                () -> new Conv(
                        xf.shape().channels(),
                        out,
                        g.kernel[0],
                        g.kernel[1],
                        g.stride[0],
                        g.stride[1],
                        g.pad[0],
                        g.pad[1],
                        g.dilation[0],
                        g.dilation[1],
                        groups));
        double[] bias = new double[out];
        OnnxTensor b = optionalConstant(n, 8);
        if (b != null) {
            double[] ws = w.quant().weights().scales();
            for (int o = 0; o < out; o++) {
                bias[o] = vector(n, b, out, "bias")[o] * xq.scale() * ws[o];
            }
        }
        Act y = addAct(
                n, layer, List.of(x.node()), x.rank(), w.tensor().values().clone(), bias);
        weightQuant.set(y.node(), w.quant());
        ActQuant yq = Quantisers.activation(n, ys, 8, yz.type() == OnnxTensor.ElementType.INT8, false, "ROUND");
        put(n, annotate(n, y, yq));
    }

    private static Const constOf(Quantisers.Value v) {
        return new Const(v.tensor(), v.quant());
    }

    /** Records that activation {@code a} is quantised by {@code q}; a second, different quantiser is refused. */
    private Act annotate(OnnxNode n, Act a, ActQuant q) {
        if (a.quant() != null) {
            if (a.quant().scale() == q.scale() && a.quant().clamp().equals(q.clamp())) {
                return a;
            }
            throw n.error("re-quantises '" + n.input(0) + "' (" + a.quant().describe() + ") as " + q.describe()
                    + "; not supported");
        }
        if (a.node() == Node.NETWORK_INPUT) {
            inputQuant = q;
        } else {
            if (outputQuant.get(a.node()) != null && !outputQuant.get(a.node()).equals(q)) {
                throw n.error("'" + n.input(0) + "' is already quantised as "
                        + outputQuant.get(a.node()).describe());
            }
            outputQuant.set(a.node(), q);
        }
        return a.with(q);
    }

    private interface LayerMaker<L extends Layer> {
        L make();
    }

    private static <L extends Layer> L layer(OnnxNode n, LayerMaker<L> maker) {
        try {
            return maker.make();
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    /** Kernel, stride, padding and dilation as Shears' (height, width) pairs; a 1-D input has height 1. */
    record Geometry(int[] kernel, int[] stride, int[] pad, int[] dilation) {
        static Geometry of(OnnxNode n, Act x, int[] weightDims, boolean transposed) {
            int spatial = x.rank() - 2;
            if (spatial < 1 || spatial > 2) {
                throw n.error("only 1-D and 2-D inputs are supported, got rank " + x.rank());
            }
            long[] ks = n.intsAttr("kernel_shape", null);
            if (ks == null && weightDims != null) {
                ks = new long[spatial];
                for (int i = 0; i < spatial; i++) {
                    ks[i] = weightDims[2 + i];
                }
            }
            if (ks == null || ks.length != spatial) {
                throw n.error("kernel_shape must have " + spatial + " values");
            }
            if (weightDims != null && weightDims.length != spatial + 2) {
                throw n.error("weights " + Arrays.toString(weightDims) + " do not match a " + spatial + "-D input");
            }
            long[] st = ones(n.intsAttr("strides", null), spatial, n, "strides");
            long[] di = ones(n.intsAttr("dilations", null), spatial, n, "dilations");
            long[] pads = n.intsAttr("pads", new long[2 * spatial]);
            String auto = n.stringAttr("auto_pad", "NOTSET");
            int[] in = x.rank() == 3
                    ? new int[] {x.shape().width()}
                    : new int[] {x.shape().height(), x.shape().width()};
            int[] pad = new int[spatial];
            for (int i = 0; i < spatial; i++) {
                long begin;
                long end;
                switch (auto) {
                    case "NOTSET" -> {
                        if (pads.length != 2 * spatial) {
                            throw n.error("pads must have " + 2 * spatial + " values");
                        }
                        begin = pads[i];
                        end = pads[i + spatial];
                    }
                    case "VALID" -> {
                        begin = 0;
                        end = 0;
                    }
                    case "SAME_UPPER", "SAME_LOWER" -> {
                        if (transposed) {
                            throw n.error("auto_pad " + auto + " is not supported on transposed convolutions");
                        }
                        long out = (in[i] + st[i] - 1) / st[i];
                        long total = Math.max(0, (out - 1) * st[i] + (ks[i] - 1) * di[i] + 1 - in[i]);
                        begin = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                        end = total - begin;
                    }
                    default ->
                        throw n.error("auto_pad '" + auto + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
                }
                if (begin != end) {
                    throw n.error("asymmetric padding " + begin + "/" + end
                            + " is not supported (Shears pads both sides equally)");
                }
                pad[i] = (int) begin;
            }
            return spatial == 1
                    ? new Geometry(
                            new int[] {1, (int) ks[0]}, new int[] {1, (int) st[0]}, new int[] {0, pad[0]}, new int[] {
                                1, (int) di[0]
                            })
                    : new Geometry(
                            new int[] {(int) ks[0], (int) ks[1]}, new int[] {(int) st[0], (int) st[1]}, pad, new int[] {
                                (int) di[0], (int) di[1]
                            });
        }

        private static long[] ones(long[] v, int n, OnnxNode node, String what) {
            if (v == null) {
                long[] o = new long[n];
                Arrays.fill(o, 1);
                return o;
            }
            if (v.length != n) {
                throw node.error(what + " must have " + n + " values, got " + v.length);
            }
            return v;
        }
    }
}
