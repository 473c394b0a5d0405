package shears.models.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import shears.models.nn.Add;
import shears.models.nn.ChannelScale;
import shears.models.nn.Concat;
import shears.models.nn.Conv;
import shears.models.nn.ConvTranspose;
import shears.models.nn.Dense;
import shears.models.nn.DepthToSpace;
import shears.models.nn.Layer;
import shears.models.nn.Masks;
import shears.models.nn.Network;
import shears.models.nn.Node;
import shears.models.nn.Pool;
import shears.models.nn.Rearrange;
import shears.models.nn.Relu;
import shears.models.nn.Reshape;
import shears.models.nn.Upsample;
import shears.models.quant.QuantOp;
import shears.models.quant.QuantizedNetwork;
import shears.models.quant.QuantizedWeights;
import shears.models.quant.Requantizer;
import shears.models.tensor.Shape;

/**
 * Saves and loads a {@link ModelBundle} as a directory: {@code model.json} (structure, quantisation
 * constants, metadata) plus one .npy per tensor, in PyTorch's weight layouts so that
 * {@code numpy.save(f, t.detach().numpy())} of a state-dict entry is a valid weight file. Saving
 * writes a temporary sibling directory and renames it into place, so a failed save leaves nothing.
 */
public final class ModelFiles {
    public static final String FORMAT = "shears-model";
    public static final int VERSION = 1;
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ModelFiles() {}

    // ---------------------------------------------------------------- save

    /**
     * Saves {@code bundle} as the whole of {@code dir} (a cache directory Shears owns): written beside it
     * and renamed into place, replacing what was there. User-named directories are written through
     * {@link #files} by the caller, which keeps files it did not write.
     */
    public static void save(Path dir, ModelBundle bundle) {
        Path parent = dir.toAbsolutePath().getParent();
        try {
            Map<String, byte[]> files = files(bundle);
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp");
            try {
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    Files.write(tmp.resolve(e.getKey()), e.getValue());
                }
                replaceDirectory(tmp, dir);
            } finally {
                deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The files of a saved model, name to content: {@code model.json} and one .npy per tensor. */
    public static Map<String, byte[]> files(ModelBundle bundle) {
        Map<String, byte[]> files = new TreeMap<>();
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("version", VERSION);
        JsonObject nets = new JsonObject();
        for (String name : new TreeMap<>(bundle.networks()).keySet()) {
            var q = bundle.quantized().get(name);
            if (q != null && !q.isInt8()) { // the format stores int8 activations; an imported model keeps its ONNX file
                throw new IllegalArgumentException(
                        "network '" + name + "': integer forms with activation ranges other than int8 "
                                + "(imported quantised models) are not stored in the model format");
            }
            nets.add(
                    name,
                    saveNetwork(
                            files,
                            name,
                            bundle.network(name),
                            bundle.masks().get(name),
                            bundle.quantized().get(name)));
        }
        root.add("networks", nets);
        JsonObject meta = new JsonObject();
        new TreeMap<>(bundle.metadata()).forEach(meta::addProperty);
        root.add("metadata", meta);
        files.put("model.json", (GSON.toJson(root) + "\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static JsonObject saveNetwork(
            Map<String, byte[]> dir, String name, Network net, Masks masks, QuantizedNetwork q) {
        JsonObject o = new JsonObject();
        o.add("input", shapeJson(net.inputShape()));
        JsonArray layers = new JsonArray();
        for (int i = 0; i < net.nodes().size(); i++) {
            Node node = net.nodes().get(i);
            JsonObject l = layerJson(node.layer());
            l.addProperty("name", node.name());
            JsonArray ins = new JsonArray();
            for (int src : node.inputs()) {
                ins.add(
                        src == Node.NETWORK_INPUT
                                ? "input"
                                : net.nodes().get(src).name());
            }
            l.add("inputs", ins);
            String prefix = name + "." + node.name();
            if (net.weights(i).length > 0) {
                l.addProperty(
                        "weight", write(dir, prefix + ".weight.npy", toDisk(net, i, net.weights(i)), Npy.Type.FLOAT64));
            }
            if (net.bias(i).length > 0) {
                l.addProperty(
                        "bias",
                        write(
                                dir,
                                prefix + ".bias.npy",
                                new Npy.Array(new int[] {net.bias(i).length}, net.bias(i)),
                                Npy.Type.FLOAT64));
            }
            if (masks != null && masks.weightKeep()[i] != null) {
                l.addProperty(
                        "weightMask",
                        write(
                                dir,
                                prefix + ".weight_mask.npy",
                                toDisk(net, i, bits(masks.weightKeep()[i])),
                                Npy.Type.INT8));
            }
            if (masks != null && masks.biasKeep()[i] != null) {
                double[] b = bits(masks.biasKeep()[i]);
                l.addProperty(
                        "biasMask",
                        write(dir, prefix + ".bias_mask.npy", new Npy.Array(new int[] {b.length}, b), Npy.Type.INT8));
            }
            layers.add(l);
        }
        o.add("layers", layers);
        if (q != null) {
            o.add("quantization", quantJson(dir, name, net, q));
        }
        return o;
    }

    private static JsonObject quantJson(Map<String, byte[]> dir, String name, Network net, QuantizedNetwork q) {
        JsonObject o = new JsonObject();
        o.addProperty("weightBits", q.weightBits());
        o.addProperty("inputScale", q.inputScale());
        JsonObject layers = new JsonObject();
        for (int i = 0; i < net.nodes().size(); i++) {
            JsonObject l = new JsonObject();
            l.addProperty("scale", q.scales()[i]);
            QuantOp op = q.ops().get(i);
            String prefix = name + "." + net.nodes().get(i).name();
            if (op instanceof QuantOp.Weighted w) {
                l.addProperty(
                        "qweight",
                        write(
                                dir,
                                prefix + ".qweight.npy",
                                toDisk(net, i, doubles(w.weights().values())),
                                Npy.Type.INT8));
                l.addProperty(
                        "weightScale",
                        write(
                                dir,
                                prefix + ".weight_scale.npy",
                                new Npy.Array(
                                        new int[] {w.weights().scales().length},
                                        w.weights().scales()),
                                Npy.Type.FLOAT64));
                l.addProperty(
                        "qbias",
                        write(
                                dir,
                                prefix + ".qbias.npy",
                                new Npy.Array(new int[] {w.bias().length}, doubles(w.bias())),
                                Npy.Type.INT32));
                JsonArray mult = new JsonArray();
                JsonArray shift = new JsonArray();
                for (Requantizer r : w.requant()) {
                    mult.add(r.multiplier());
                    shift.add(r.shift());
                }
                l.add("multiplier", mult);
                l.add("shift", shift);
            } else if (op instanceof QuantOp.AvgPool avg) {
                l.addProperty("multiplier", avg.requant().multiplier());
                l.addProperty("shift", avg.requant().shift());
            } else if (op instanceof QuantOp.Concat cat) {
                l.addProperty("multiplierA", cat.multA());
                l.addProperty("multiplierB", cat.multB());
                l.addProperty("shift", cat.shift());
            } else if (op instanceof QuantOp.Add add) {
                l.addProperty("multiplierA", add.multA());
                l.addProperty("multiplierB", add.multB());
                l.addProperty("shift", add.shift());
            }
            layers.add(net.nodes().get(i).name(), l);
        }
        o.add("layers", layers);
        return o;
    }

    private static JsonObject layerJson(Layer layer) {
        JsonObject l = new JsonObject();
        if (layer instanceof Conv c) {
            l.addProperty("type", "conv");
            l.addProperty("inChannels", c.inChannels());
            l.addProperty("outChannels", c.outChannels());
            l.add("kernel", pair(c.kernelH(), c.kernelW()));
            l.add("stride", pair(c.strideH(), c.strideW()));
            l.add("padding", pair(c.padH(), c.padW()));
            l.add("dilation", pair(c.dilationH(), c.dilationW()));
            l.addProperty("groups", c.groups());
        } else if (layer instanceof ConvTranspose t) {
            l.addProperty("type", "conv-transpose");
            l.addProperty("inChannels", t.inChannels());
            l.addProperty("outChannels", t.outChannels());
            l.add("kernel", pair(t.kernelH(), t.kernelW()));
            l.add("stride", pair(t.strideH(), t.strideW()));
            l.add("padding", pair(t.padH(), t.padW()));
            l.add("outputPadding", pair(t.outputPadH(), t.outputPadW()));
        } else if (layer instanceof Dense d) {
            l.addProperty("type", "dense");
            l.addProperty("inFeatures", d.inFeatures());
            l.addProperty("outFeatures", d.outFeatures());
        } else if (layer instanceof Pool p) {
            l.addProperty("type", p.kind());
            l.add("kernel", pair(p.kernelH(), p.kernelW()));
            l.add("stride", pair(p.strideH(), p.strideW()));
            if (p.padded()) { // written only when present, so unpadded models keep their files
                l.add("padding", pair(p.padH(), p.padW()));
            }
        } else if (layer instanceof Upsample u) {
            l.addProperty("type", "upsample");
            l.add("factor", pair(u.factorH(), u.factorW()));
        } else if (layer instanceof DepthToSpace d) {
            l.addProperty("type", "depth-to-space");
            l.addProperty("block", d.block());
            l.addProperty("mode", d.mode().name());
        } else if (layer instanceof Reshape r) {
            l.addProperty("type", "reshape");
            l.add("to", triple(r.to()));
        } else if (layer instanceof ChannelScale s) {
            l.addProperty("type", "channel-scale");
            l.addProperty("channels", s.channels());
        } else {
            l.addProperty("type", layer.kind());
        }
        return l;
    }

    // ---------------------------------------------------------------- load

    public static ModelBundle load(Path dir) {
        Path json = dir.resolve("model.json");
        if (!Files.isRegularFile(json)) {
            throw new ModelFormatException(json + ": no such file (a model is a directory holding model.json)");
        }
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new ModelFormatException(json + ": top level must be a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelFormatException(json + ": " + syntaxMessage(e), e);
        } catch (IOException e) {
            throw new ModelFormatException(json + ": cannot read (" + e.getMessage() + ")", e);
        }
        Reader r = new Reader(json, dir);
        if (!FORMAT.equals(r.string(root, "format", "top level"))) {
            throw new ModelFormatException(json + ": format must be '" + FORMAT + "'");
        }
        int version = r.integer(root, "version", "top level");
        if (version != VERSION) {
            throw new ModelFormatException(
                    json + ": unsupported version " + version + " (this Shears reads " + VERSION + ")");
        }
        Map<String, Network> nets = new LinkedHashMap<>();
        Map<String, Masks> masks = new HashMap<>();
        Map<String, QuantizedNetwork> quant = new HashMap<>();
        JsonObject netsJson = r.object(root, "networks", "top level");
        for (String name : netsJson.keySet()) {
            JsonObject n = r.object(netsJson, name, "networks");
            Network net = r.network(name, n);
            nets.put(name, net);
            Masks m = r.masks(name, n, net);
            if (m != null) {
                masks.put(name, m);
            }
            if (n.has("quantization")) {
                quant.put(name, r.quantized(name, r.object(n, "quantization", "network '" + name + "'"), net));
            }
        }
        Map<String, String> meta = new HashMap<>();
        if (root.has("metadata")) {
            JsonObject m = r.object(root, "metadata", "top level");
            for (String k : m.keySet()) {
                meta.put(
                        k,
                        m.get(k).isJsonPrimitive()
                                ? m.get(k).getAsString()
                                : m.get(k).toString());
            }
        }
        return new ModelBundle(nets, masks, quant, meta);
    }

    private static String syntaxMessage(JsonParseException e) {
        String m = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage()
                : e.getMessage();
        // Gson says "... at line L column C path $..." plus a troubleshooting URL; keep the first sentence
        int cut = m.indexOf("\nSee ");
        return "malformed JSON: " + (cut >= 0 ? m.substring(0, cut) : m);
    }

    /** Reads fields with errors that name the file and the layer. */
    private record Reader(Path json, Path dir) {
        ModelFormatException error(String where, String message) {
            return new ModelFormatException(json + ": " + where + ": " + message);
        }

        JsonElement field(JsonObject o, String key, String where) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                throw error(where, "missing field '" + key + "'");
            }
            return e;
        }

        String string(JsonObject o, String key, String where) {
            JsonElement e = field(o, key, where);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw error(where, "field '" + key + "' must be a string");
            }
            return e.getAsString();
        }

        int integer(JsonObject o, String key, String where) {
            JsonElement e = field(o, key, where);
            try {
                if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                    double d = e.getAsDouble();
                    if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                        return (int) d;
                    }
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw error(where, "field '" + key + "' must be an integer");
        }

        double number(JsonObject o, String key, String where) {
            JsonElement e = field(o, key, where);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !Double.isFinite(e.getAsDouble())) {
                throw error(where, "field '" + key + "' must be a finite number");
            }
            return e.getAsDouble();
        }

        JsonObject object(JsonObject o, String key, String where) {
            JsonElement e = field(o, key, where);
            if (!e.isJsonObject()) {
                throw error(where, "field '" + key + "' must be an object");
            }
            return e.getAsJsonObject();
        }

        int[] ints(JsonObject o, String key, int n, String where) {
            JsonElement e = field(o, key, where);
            if (!e.isJsonArray() || e.getAsJsonArray().size() != n) {
                throw error(where, "field '" + key + "' must be an array of " + n + " integers");
            }
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                JsonElement x = e.getAsJsonArray().get(i);
                if (!x.isJsonPrimitive()
                        || !x.getAsJsonPrimitive().isNumber()
                        || x.getAsDouble() != Math.rint(x.getAsDouble())) {
                    throw error(where, "field '" + key + "' must be an array of " + n + " integers");
                }
                v[i] = x.getAsInt();
            }
            return v;
        }

        Network network(String name, JsonObject n) {
            String where = "network '" + name + "'";
            JsonObject in = object(n, "input", where);
            Shape input;
            try {
                input = new Shape(
                        integer(in, "channels", where), integer(in, "height", where), integer(in, "width", where));
            } catch (IllegalArgumentException e) {
                throw error(where, e.getMessage());
            }
            JsonElement layersJson = field(n, "layers", where);
            if (!layersJson.isJsonArray()) {
                throw error(where, "field 'layers' must be an array");
            }
            List<Node> nodes = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            List<JsonObject> layerObjects = new ArrayList<>();
            for (JsonElement e : layersJson.getAsJsonArray()) {
                if (!e.isJsonObject()) {
                    throw error(where, "every layer must be an object");
                }
                JsonObject l = e.getAsJsonObject();
                String lname = string(l, "name", where + " layer " + nodes.size());
                String lwhere = "layer '" + lname + "'";
                Layer layer;
                try {
                    layer = layer(l, lwhere);
                } catch (IllegalArgumentException ex) {
                    throw error(lwhere, ex.getMessage());
                }
                List<Integer> srcs = new ArrayList<>();
                JsonElement ins = field(l, "inputs", lwhere);
                if (!ins.isJsonArray()) {
                    throw error(lwhere, "field 'inputs' must be an array of layer names");
                }
                for (JsonElement s : ins.getAsJsonArray()) {
                    String src = s.getAsString();
                    if (src.equals("input")) {
                        srcs.add(Node.NETWORK_INPUT);
                    } else if (index.containsKey(src)) {
                        srcs.add(index.get(src));
                    } else {
                        throw error(lwhere, "reads '" + src + "', which is not an earlier layer");
                    }
                }
                try {
                    nodes.add(new Node(lname, layer, srcs));
                } catch (IllegalArgumentException ex) {
                    throw error(lwhere, ex.getMessage());
                }
                index.put(lname, nodes.size() - 1);
                layerObjects.add(l);
            }
            Network net;
            try {
                net = new Network(input, nodes);
            } catch (IllegalArgumentException ex) {
                throw error(where, ex.getMessage());
            }
            for (int i = 0; i < nodes.size(); i++) {
                JsonObject l = layerObjects.get(i);
                String lwhere = "layer '" + nodes.get(i).name() + "'";
                if (net.weights(i).length > 0) {
                    fill(net.weights(i), fromDisk(net, i, readArray(l, "weight", lwhere, diskShape(net, i)), lwhere));
                }
                if (net.bias(i).length > 0) {
                    fill(
                            net.bias(i),
                            readArray(l, "bias", lwhere, new int[] {net.bias(i).length})
                                    .values());
                }
            }
            return net;
        }

        Layer layer(JsonObject l, String where) {
            String type = string(l, "type", where);
            switch (type) {
                case "conv": {
                    int[] k = ints(l, "kernel", 2, where);
                    int[] s = ints(l, "stride", 2, where);
                    int[] p = ints(l, "padding", 2, where);
                    int[] d = ints(l, "dilation", 2, where);
                    return new Conv(
                            integer(l, "inChannels", where),
                            integer(l, "outChannels", where),
                            k[0],
                            k[1],
                            s[0],
                            s[1],
                            p[0],
                            p[1],
                            d[0],
                            d[1],
                            integer(l, "groups", where));
                }
                case "conv-transpose": {
                    int[] k = ints(l, "kernel", 2, where);
                    int[] s = ints(l, "stride", 2, where);
                    int[] p = ints(l, "padding", 2, where);
                    int[] op = ints(l, "outputPadding", 2, where);
                    return new ConvTranspose(
                            integer(l, "inChannels", where),
                            integer(l, "outChannels", where),
                            k[0],
                            k[1],
                            s[0],
                            s[1],
                            p[0],
                            p[1],
                            op[0],
                            op[1]);
                }
                case "dense":
                    return new Dense(integer(l, "inFeatures", where), integer(l, "outFeatures", where));
                case "avgpool":
                case "maxpool": {
                    int[] k = ints(l, "kernel", 2, where);
                    int[] s = ints(l, "stride", 2, where);
                    int[] p = l.has("padding") ? ints(l, "padding", 2, where) : new int[2];
                    return new Pool(
                            type.equals("avgpool") ? Pool.Mode.AVG : Pool.Mode.MAX, k[0], k[1], s[0], s[1], p[0], p[1]);
                }
                case "upsample": {
                    int[] f = ints(l, "factor", 2, where);
                    return new Upsample(f[0], f[1]);
                }
                case "depth-to-space": {
                    String mode = string(l, "mode", where);
                    if (!mode.equals("DCR") && !mode.equals("CRD")) {
                        throw error(where, "depth-to-space mode must be DCR or CRD, got '" + mode + "'");
                    }
                    return new DepthToSpace(integer(l, "block", where), DepthToSpace.Mode.valueOf(mode));
                }
                case "reshape": {
                    int[] t = ints(l, "to", 3, where);
                    return new Reshape(new Shape(t[0], t[1], t[2]));
                }
                case "relu":
                    return new Relu();
                case "add":
                    return new Add();
                case "concat":
                    return new Concat();
                case "channel-scale":
                    return new ChannelScale(integer(l, "channels", where));
                default:
                    throw error(
                            where,
                            "unknown layer type '" + type
                                    + "' (conv, conv-transpose, dense, avgpool, maxpool, upsample, depth-to-space, reshape, relu, add, concat, channel-scale)");
            }
        }

        Npy.Array readArray(JsonObject l, String key, String where, int[] expectedShape) {
            String file = string(l, key, where);
            Path path = dir.resolve(file).normalize();
            if (!path.startsWith(dir.normalize()) || file.contains("/") || file.contains("\\")) {
                throw error(where, "field '" + key + "' must name a file in the model directory, got '" + file + "'");
            }
            if (!Files.isRegularFile(path)) {
                throw error(where, "missing file " + file);
            }
            Npy.Array a = Npy.read(path);
            if (!java.util.Arrays.equals(a.shape(), expectedShape)) {
                throw new ModelFormatException(path + ": shape " + a.shapeText() + " does not match " + where
                        + ", which needs "
                        + new Npy.Array(
                                        expectedShape,
                                        new double
                                                [a.values().length == product(expectedShape)
                                                        ? a.values().length
                                                        : product(expectedShape)])
                                .shapeText());
            }
            for (int i = 0; i < a.values().length; i++) {
                if (!Double.isFinite(a.values()[i])) {
                    throw new ModelFormatException(
                            path + ": non-finite value (" + a.values()[i] + ") at flat index " + i + " of " + where);
                }
            }
            return a;
        }

        Masks masks(String name, JsonObject n, Network net) {
            Masks masks = Masks.none(net);
            boolean any = false;
            JsonArray layers = n.getAsJsonArray("layers");
            for (int i = 0; i < net.nodes().size(); i++) {
                JsonObject l = layers.get(i).getAsJsonObject();
                String where = "layer '" + net.nodes().get(i).name() + "'";
                if (l.has("weightMask")) {
                    double[] v = fromDisk(net, i, readArray(l, "weightMask", where, diskShape(net, i)), where);
                    masks.weightKeep()[i] = keepBits(v, where);
                    any = true;
                }
                if (l.has("biasMask")) {
                    masks.biasKeep()[i] = keepBits(
                            readArray(l, "biasMask", where, new int[] {net.bias(i).length})
                                    .values(),
                            where);
                    any = true;
                }
            }
            return any ? masks : null;
        }

        boolean[] keepBits(double[] v, String where) {
            boolean[] keep = new boolean[v.length];
            for (int i = 0; i < v.length; i++) {
                if (v[i] != 0 && v[i] != 1) {
                    throw error(where, "mask values must be 0 or 1, found " + v[i]);
                }
                keep[i] = v[i] == 1;
            }
            return keep;
        }

        QuantizedNetwork quantized(String name, JsonObject q, Network net) {
            String where = "network '" + name + "' quantization";
            int bits = integer(q, "weightBits", where);
            double inputScale = number(q, "inputScale", where);
            JsonObject layers = object(q, "layers", where);
            List<QuantOp> ops = new ArrayList<>();
            double[] scales = new double[net.nodes().size()];
            for (int i = 0; i < net.nodes().size(); i++) {
                Node node = net.nodes().get(i);
                String lwhere = "quantization of layer '" + node.name() + "'";
                JsonObject l = object(layers, node.name(), where);
                scales[i] = number(l, "scale", lwhere);
                try {
                    ops.add(quantOp(net, i, l, bits, lwhere));
                } catch (IllegalArgumentException e) {
                    throw error(lwhere, e.getMessage());
                }
            }
            try {
                return new QuantizedNetwork(net, ops, inputScale, scales, bits);
            } catch (IllegalArgumentException e) {
                throw error(where, e.getMessage());
            }
        }

        QuantOp quantOp(Network net, int i, JsonObject l, int bits, String where) {
            Layer layer = net.nodes().get(i).layer();
            if (layer instanceof Relu) {
                return new QuantOp.Relu();
            } else if (layer instanceof Rearrange) {
                return new QuantOp.Rearrange();
            } else if (layer instanceof Pool p) {
                return p.mode() == Pool.Mode.MAX
                        ? new QuantOp.MaxPool()
                        : new QuantOp.AvgPool(
                                new Requantizer(integer(l, "multiplier", where), integer(l, "shift", where)));
            } else if (layer instanceof Add) {
                return new QuantOp.Add(
                        integer(l, "multiplierA", where), integer(l, "multiplierB", where), integer(l, "shift", where));
            } else if (layer instanceof ChannelScale) {
                throw error(where, "channel gates cannot be quantised");
            } else if (layer instanceof Concat) {
                return new QuantOp.Concat(
                        integer(l, "multiplierA", where), integer(l, "multiplierB", where), integer(l, "shift", where));
            }
            int out = net.shape(i).channels();
            int[] q = toInts(fromDisk(net, i, readArray(l, "qweight", where, diskShape(net, i)), where));
            int qmax = (1 << (bits - 1)) - 1;
            for (int v : q) {
                if (Math.abs(v) > qmax) {
                    throw error(where, "quantised weight " + v + " exceeds " + bits + "-bit range");
                }
            }
            double[] ws = readArray(l, "weightScale", where, new int[] {out}).values();
            int[] bias = toInts(readArray(l, "qbias", where, new int[] {out}).values());
            int[] mult = ints(l, "multiplier", out, where);
            int[] shift = ints(l, "shift", out, where);
            Requantizer[] rq = new Requantizer[out];
            for (int o = 0; o < out; o++) {
                rq[o] = new Requantizer(mult[o], shift[o]);
            }
            return new QuantOp.Weighted(new QuantizedWeights(q, ws, bits), bias, rq);
        }
    }

    // ---------------------------------------------------------------- layouts

    /**
     * On-disk weight shape in PyTorch layout: conv {@code [out, in/groups, (kh,) kw]} (kh omitted in
     * 1-D networks), transposed conv {@code [in, out, (kh,) kw]}, dense {@code [out, in]}, gate {@code [channels]}.
     */
    static int[] diskShape(Network net, int i) {
        Layer layer = net.nodes().get(i).layer();
        boolean oneD = net.inputShape().is1d();
        if (layer instanceof Conv c) {
            return oneD && c.kernelH() == 1
                    ? new int[] {c.outChannels(), c.inChannels() / c.groups(), c.kernelW()}
                    : new int[] {c.outChannels(), c.inChannels() / c.groups(), c.kernelH(), c.kernelW()};
        }
        if (layer instanceof ConvTranspose t) {
            return oneD && t.kernelH() == 1
                    ? new int[] {t.inChannels(), t.outChannels(), t.kernelW()}
                    : new int[] {t.inChannels(), t.outChannels(), t.kernelH(), t.kernelW()};
        }
        if (layer instanceof Dense d) {
            return new int[] {d.outFeatures(), d.inFeatures()};
        }
        return new int[] {net.weights(i).length};
    }

    /** Internal [out][in][k] to disk layout (swaps the first two axes for transposed convolutions). */
    static Npy.Array toDisk(Network net, int i, double[] values) {
        int[] shape = diskShape(net, i);
        if (net.nodes().get(i).layer() instanceof ConvTranspose) {
            return new Npy.Array(shape, swapFirstAxes(values, shape[1], shape[0]));
        }
        return new Npy.Array(shape, values.clone());
    }

    static double[] fromDisk(Network net, int i, Npy.Array a, String where) {
        if (net.nodes().get(i).layer() instanceof ConvTranspose) {
            return swapFirstAxes(a.values(), a.shape()[0], a.shape()[1]);
        }
        return a.values();
    }

    /** [a][b][rest] -> [b][a][rest]. */
    private static double[] swapFirstAxes(double[] v, int a, int b) {
        int rest = v.length / (a * b);
        double[] out = new double[v.length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(v, (i * b + j) * rest, out, (j * a + i) * rest, rest);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static String write(Map<String, byte[]> dir, String file, Npy.Array array, Npy.Type type) {
        dir.put(file, Npy.encode(array, type));
        return file;
    }

    private static JsonObject shapeJson(Shape s) {
        JsonObject o = new JsonObject();
        o.addProperty("channels", s.channels());
        o.addProperty("height", s.height());
        o.addProperty("width", s.width());
        return o;
    }

    private static JsonArray triple(Shape s) {
        JsonArray a = new JsonArray();
        a.add(s.channels());
        a.add(s.height());
        a.add(s.width());
        return a;
    }

    private static JsonArray pair(int a, int b) {
        JsonArray arr = new JsonArray();
        arr.add(a);
        arr.add(b);
        return arr;
    }

    private static double[] bits(boolean[] keep) {
        double[] d = new double[keep.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = keep[i] ? 1 : 0;
        }
        return d;
    }

    private static double[] doubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static int[] toInts(double[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (int) v[i];
        }
        return r;
    }

    private static int product(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static void fill(double[] into, double[] from) {
        System.arraycopy(from, 0, into, 0, into.length);
    }

    private static void replaceDirectory(Path tmp, Path dir) throws IOException {
        Path old = null;
        if (Files.exists(dir)) {
            old = dir.resolveSibling("." + dir.getFileName() + ".old-" + System.nanoTime());
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
