package shears.models.logicnet;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import shears.models.io.ModelFormatException;
import shears.rtl.aig.Aig;
import shears.rtl.aig.Aiger;

/**
 * A trained logic network on disk: {@code netlist.aig} (binary AIGER, outputs in class-group order)
 * and {@code logicnet.json} ({@code classes}, the thermometer {@code thresholds[feature][bit]} and
 * string metadata). Written to a temporary directory and renamed into place.
 */
public final class LogicNetFiles {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** What a saved network holds. */
    public record Saved(Aig netlist, int classes, Thermometer encoder, Map<String, String> metadata) {}

    private LogicNetFiles() {}

    /** Saves {@code s} as the whole of {@code dir}, written beside it and renamed into place. */
    public static void save(Path dir, Saved s) {
        Path parent = dir.toAbsolutePath().getParent();
        try {
            Map<String, byte[]> files = files(s);
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp");
            try {
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    Files.write(tmp.resolve(e.getKey()), e.getValue());
                }
                if (Files.exists(dir)) {
                    Path old = dir.resolveSibling("." + dir.getFileName() + ".old-" + System.nanoTime());
                    Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                    delete(old);
                } else {
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                delete(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The files of a saved network, name to content: {@code logicnet.json} and {@code netlist.aig}. */
    public static Map<String, byte[]> files(Saved s) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("netlist.aig", Aiger.writeBinary(s.netlist()));
        JsonObject o = new JsonObject();
        o.addProperty("format", "shears-logicnet");
        o.addProperty("version", 1);
        o.addProperty("classes", s.classes());
        JsonArray th = new JsonArray();
        for (double[] f : s.encoder().thresholds()) {
            JsonArray row = new JsonArray();
            for (double v : f) {
                row.add(v);
            }
            th.add(row);
        }
        o.add("thresholds", th);
        JsonObject meta = new JsonObject();
        new TreeMap<>(s.metadata()).forEach(meta::addProperty);
        o.add("metadata", meta);
        files.put("logicnet.json", (GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    public static Saved load(Path dir) {
        Path json = dir.resolve("logicnet.json");
        if (!Files.isRegularFile(json)) {
            throw new ModelFormatException(
                    json + ": no such file (a logic network is a directory holding logicnet.json and netlist.aig)");
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new ModelFormatException(json + ": top level must be an object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException | IOException e) {
            throw new ModelFormatException(
                    json + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        try {
            if (!"shears-logicnet".equals(o.get("format").getAsString())
                    || o.get("version").getAsInt() != 1) {
                throw new ModelFormatException(json + ": not a version-1 shears-logicnet file");
            }
            int classes = o.get("classes").getAsInt();
            JsonArray th = o.getAsJsonArray("thresholds");
            double[][] t = new double[th.size()][];
            for (int f = 0; f < t.length; f++) {
                JsonArray row = th.get(f).getAsJsonArray();
                t[f] = new double[row.size()];
                for (int k = 0; k < t[f].length; k++) {
                    t[f][k] = row.get(k).getAsDouble();
                }
                if (t[f].length != t[0].length || t[f].length == 0) {
                    throw new ModelFormatException(
                            json + ": every feature needs the same, non-zero number of thresholds");
                }
            }
            Map<String, String> meta = new LinkedHashMap<>();
            if (o.has("metadata")) {
                o.getAsJsonObject("metadata")
                        .entrySet()
                        .forEach(en -> meta.put(en.getKey(), en.getValue().getAsString()));
            }
            Aig netlist = Aiger.read(dir.resolve("netlist.aig"));
            Thermometer enc = new Thermometer(t);
            if (netlist.inputCount() != enc.width()) {
                throw new ModelFormatException(dir.resolve("netlist.aig") + ": " + netlist.inputCount()
                        + " inputs, the encoder makes " + enc.width());
            }
            if (classes < 1 || netlist.outputCount() % classes != 0) {
                throw new ModelFormatException(json + ": " + netlist.outputCount()
                        + " netlist outputs do not split into " + classes + " classes");
            }
            return new Saved(netlist, classes, enc, meta);
        } catch (NullPointerException
                | ClassCastException
                | IllegalStateException
                | UnsupportedOperationException
                | NumberFormatException e) {
            throw new ModelFormatException(json + ": missing or malformed field (" + e.getMessage() + ")", e);
        }
    }

    private static void delete(Path root) throws IOException {
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
