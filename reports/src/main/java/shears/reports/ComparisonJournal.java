package shears.reports;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable record of a comparison: a header line with everything that decides a point's figures
 * besides the point itself (flow, seed, Yosys, Shears version), then one JSON line per finished point,
 * each forced to disk before the next is taken. An interrupted run loses only the points in flight; a
 * run whose inputs differ from the header is refused with the input named. The CSV is rebuilt from it.
 */
public final class ComparisonJournal implements AutoCloseable {
    private static final String FORMAT = "shears-comparison-journal";
    private static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .serializeSpecialFloatingPointValues()
            .create();

    private final Path file;
    private final FileChannel channel;
    private final Map<String, ComparisonRun.Row> done;

    private ComparisonJournal(Path file, FileChannel channel, Map<String, ComparisonRun.Row> done) {
        this.file = file;
        this.channel = channel;
        this.done = done;
    }

    /**
     * Opens (or starts) the journal {@code file} for a run with {@code identity}.
     *
     * @param restart drop the points of an earlier run with other inputs instead of refusing
     * @throws InputsDiffer naming the first input that differs from the journal's
     */
    public static ComparisonJournal open(Path file, Map<String, String> identity, boolean restart) throws IOException {
        Map<String, ComparisonRun.Row> done = new LinkedHashMap<>();
        long keep = 0;
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> lines = new java.util.ArrayList<>(text.lines().toList());
            if (!text.endsWith("\n")) {
                lines.set(lines.size() - 1, ""); // torn by an interrupt before its newline: recomputed
            }
            Map<String, String> theirs = header(file, lines.get(0));
            String differs = firstDifference(theirs, identity);
            if (differs != null && !restart) {
                throw new InputsDiffer(file.getParent() + " holds a comparison run with " + differs
                        + "; choose another --out, or add --force to start it over");
            }
            if (differs != null) {
                fresh = true;
            } else {
                keep = lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1;
                for (String line : lines.subList(1, lines.size())) {
                    ComparisonRun.Row r = line.isEmpty() ? null : parse(line);
                    if (r == null) {
                        break; // a line torn by an interrupt: it and anything after it are recomputed
                    }
                    done.put(r.point().key(), r);
                    keep += line.getBytes(StandardCharsets.UTF_8).length + 1;
                }
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (fresh) {
                ch.truncate(0);
                JsonObject h = new JsonObject();
                h.addProperty("format", FORMAT);
                new TreeMap<>(identity).forEach(h::addProperty);
                ch.write(ByteBuffer.wrap((GSON.toJson(h) + "\n").getBytes(StandardCharsets.UTF_8)));
            } else {
                ch.truncate(keep);
            }
            ch.position(ch.size());
            ch.force(true);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new ComparisonJournal(file, ch, done);
    }

    /** A journal's inputs and finished points, read without opening it for appending. */
    public record Contents(Map<String, String> identity, Map<String, ComparisonRun.Row> done) {}

    /** Reads {@code file} (a line torn by an interrupt, and anything after it, is left out). */
    public static Contents read(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            throw new IOException(file + ": no comparison journal");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        Map<String, String> identity = header(file, lines.get(0));
        Map<String, ComparisonRun.Row> done = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            ComparisonRun.Row r = lines.get(i).isEmpty() || i == lines.size() - 1 && !text.endsWith("\n")
                    ? null
                    : parse(lines.get(i));
            if (r == null) {
                break;
            }
            done.put(r.point().key(), r);
        }
        return new Contents(identity, done);
    }

    /** A journal written by a run with other inputs; the message names the first that differs. */
    public static final class InputsDiffer extends IllegalArgumentException {
        InputsDiffer(String message) {
            super(message);
        }
    }

    private static Map<String, String> header(Path file, String line) throws IOException {
        try {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
                throw new IOException(file + ": line 1: not a Shears comparison journal");
            }
            Map<String, String> m = new TreeMap<>();
            o.entrySet().forEach(e -> m.put(e.getKey(), e.getValue().getAsString()));
            m.remove("format");
            return m;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IOException(file + ": line 1: not a Shears comparison journal", e);
        }
    }

    private static String firstDifference(Map<String, String> theirs, Map<String, String> ours) {
        for (Map.Entry<String, String> e : new TreeMap<>(ours).entrySet()) {
            String t = theirs.get(e.getKey());
            if (!e.getValue().equals(t)) {
                return e.getKey() + " " + (t == null ? "unset" : t) + " (this run: " + e.getValue() + ")";
            }
        }
        for (String k : theirs.keySet()) {
            if (!ours.containsKey(k)) {
                return k + " " + theirs.get(k) + " (this run: unset)";
            }
        }
        return null;
    }

    /** The points finished by earlier runs with the same inputs, by {@link ComparisonRun.Point#key()}. */
    public Map<String, ComparisonRun.Row> done() {
        return Map.copyOf(done);
    }

    /** Appends a finished point and forces it to disk. */
    public synchronized void append(ComparisonRun.Row row) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("strategy", row.point().strategy());
        o.addProperty("sparsity", row.point().sparsity());
        o.add("params", GSON.toJsonTree(new TreeMap<>(row.point().params())));
        o.add("result", GSON.toJsonTree(row.result()));
        byte[] line = (GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(line);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(true);
        done.put(row.point().key(), row);
    }

    private static ComparisonRun.Row parse(String line) {
        try {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            Map<String, Integer> params =
                    GSON.fromJson(o.get("params"), new TypeToken<Map<String, Integer>>() {}.getType());
            ComparisonRun.Point p = new ComparisonRun.Point(
                    o.get("strategy").getAsString(), o.get("sparsity").getAsDouble(), params);
            PointResult r = GSON.fromJson(o.get("result"), PointResult.class);
            if (r == null || r.accuracy() == null) {
                return null;
            }
            return new ComparisonRun.Row(p, r);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            return null;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
