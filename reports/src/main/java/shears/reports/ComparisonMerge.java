package shears.reports;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Joins the shards of one comparison grid ({@code compare --shard i/N}, run anywhere: another core,
 * a Slurm array task) into the rows a single run gives, in grid order. Every shard must come from
 * the same grid and inputs; a missing shard or point is named, never silently left out.
 */
public final class ComparisonMerge {
    private static final String FORMAT = "shears-comparison-shard";
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ComparisonMerge() {}

    /** The joined grid: rows in grid order, the command they came from, and the flow. */
    public record Merged(List<ComparisonRun.Row> rows, String command, String flow) {
        public Merged {
            rows = List.copyOf(rows);
        }
    }

    /** A shard's manifest as read back. */
    private record Manifest(
            Path dir, ComparisonRun.Shard shard, Map<String, String> identity, String command, List<String> grid) {}

    static void writeManifest(
            Path file,
            ComparisonRun.Shard shard,
            Map<String, String> identity,
            String command,
            List<ComparisonRun.Point> grid)
            throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("shard", shard.toString());
        JsonObject id = new JsonObject();
        new TreeMap<>(identity).forEach(id::addProperty);
        o.add("identity", id);
        o.addProperty("command", command == null ? "" : command);
        JsonArray keys = new JsonArray();
        grid.forEach(p -> keys.add(p.key()));
        o.add("grid", keys);
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(tmp, GSON.toJson(o) + "\n", StandardCharsets.UTF_8);
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The rows of every shard in {@code dirs}, joined. Fails with one line naming the directory when
     * a shard is missing, duplicated, unfinished, or from another grid.
     */
    public static Merged merge(List<Path> dirs, String journalName) throws IOException {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: give the shard directories");
        }
        List<Manifest> shards = new ArrayList<>();
        for (Path d : dirs) {
            shards.add(readManifest(d));
        }
        Manifest first = shards.get(0);
        int count = first.shard().count();
        TreeSet<Integer> seen = new TreeSet<>();
        for (Manifest m : shards) {
            if (!m.identity().equals(first.identity())
                    || !m.grid().equals(first.grid())
                    || m.shard().count() != count) {
                throw new IllegalArgumentException(m.dir() + ": shard of another comparison than " + first.dir()
                        + " (its grid, flow, seed or Shears release differ)");
            }
            if (!seen.add(m.shard().index())) {
                throw new IllegalArgumentException(m.dir() + ": shard " + m.shard() + " given twice");
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!seen.contains(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("shards " + missing + " of " + count + " are missing");
        }
        Map<String, ComparisonRun.Row> rows = new TreeMap<>();
        for (Manifest m : shards) {
            Map<String, ComparisonRun.Row> done =
                    ComparisonJournal.read(m.dir().resolve(journalName)).done();
            for (int i = 0; i < first.grid().size(); i++) {
                if (m.shard().contains(i)) {
                    ComparisonRun.Row r = done.get(first.grid().get(i));
                    if (r == null) {
                        throw new IllegalArgumentException(m.dir() + ": shard " + m.shard() + " has not finished point "
                                + first.grid().get(i) + " (run it again to finish it)");
                    }
                    rows.put(first.grid().get(i), r);
                }
            }
        }
        List<ComparisonRun.Row> ordered = new ArrayList<>();
        first.grid().forEach(k -> ordered.add(rows.get(k)));
        return new Merged(ordered, first.command(), first.identity().get("flow"));
    }

    /** Shard indices under {@code dirs} whose points are not all finished (a failed or unfinished task). */
    public static List<Integer> unfinished(List<Path> dirs, int count, String journalName) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                Manifest m = readManifest(dirs.get(i));
                Map<String, ComparisonRun.Row> done =
                        ComparisonJournal.read(m.dir().resolve(journalName)).done();
                for (int k = 0; k < m.grid().size(); k++) {
                    if (m.shard().contains(k) && !done.containsKey(m.grid().get(k))) {
                        out.add(i);
                        break;
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                out.add(i);
            }
        }
        return out;
    }

    private static Manifest readManifest(Path dir) throws IOException {
        Path f = dir.resolve(ComparisonRun.SHARD_MANIFEST);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(
                    dir + ": not a comparison shard (no " + ComparisonRun.SHARD_MANIFEST + ")");
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            if (!FORMAT.equals(o.get("format").getAsString())) {
                throw new IllegalArgumentException(f + ": not a comparison shard manifest");
            }
            Map<String, String> id = new TreeMap<>();
            o.getAsJsonObject("identity")
                    .entrySet()
                    .forEach(e -> id.put(e.getKey(), e.getValue().getAsString()));
            List<String> grid = new ArrayList<>();
            o.getAsJsonArray("grid").forEach(e -> grid.add(e.getAsString()));
            return new Manifest(
                    dir,
                    ComparisonRun.Shard.parse(o.get("shard").getAsString()),
                    id,
                    o.get("command").getAsString(),
                    grid);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(f + ": not a comparison shard manifest");
        }
    }
}
