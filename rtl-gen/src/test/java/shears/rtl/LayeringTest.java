package shears.rtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering, from its one source: the {@code <p>Layer:} line of each package-info, which
 * says which other Shears packages that package may import ("may import {@code ...}, ...", "imports no
 * other Shears package", or, for the CLI, "every Shears package"). Every main package of every module
 * must have that line, the line must name only packages that exist, and every reference in the
 * package's sources (import or fully qualified name, comments included) must be one it lists.
 */
class LayeringTest {
    private static final List<String> MODULES =
            List.of("rtl-gen", "sim", "models", "accelerators", "testbench", "reports", "cli");
    private static final Pattern REF = Pattern.compile("\\b(shears(?:\\.[a-z]+)+)\\.[A-Z]");
    private static final Pattern PKG = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern LAYER = Pattern.compile("<p>Layer: (.*?)\\.\\s*\\n \\*/", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code (shears[\\w.]*)}");

    private record Source(Path file, String pkg, String text) {}

    @Test
    void everyPackageImportsOnlyWhatItsPackageInfoAllows() throws IOException {
        Path root = Path.of(System.getProperty("shears.repoRoot", ".."));
        List<Source> sources = new ArrayList<>();
        for (String module : MODULES) {
            Path main = root.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(main), "module sources at " + main.toAbsolutePath());
            try (Stream<Path> s = Files.walk(main)) {
                for (Path p :
                        s.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String text = Files.readString(p);
                    Matcher m = PKG.matcher(text);
                    if (m.find()) {
                        sources.add(new Source(p, m.group(1), text));
                    }
                }
            }
        }
        Set<String> packages = new TreeSet<>();
        sources.forEach(s -> packages.add(s.pkg()));
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> allowed = new TreeMap<>();
        for (Source s : sources) {
            if (!s.file().getFileName().toString().equals("package-info.java")) {
                continue;
            }
            Matcher layer = LAYER.matcher(s.text());
            if (!layer.find()) {
                problems.add(s.pkg() + ": package-info has no '<p>Layer:' line");
                continue;
            }
            String rule = layer.group(1).replaceAll("\\s*\\n \\*\\s*", " ");
            Set<String> may = new TreeSet<>();
            if (rule.equals("may import every Shears package")) {
                may.addAll(packages);
            } else if (!rule.equals("imports no other Shears package")) {
                Matcher c = CODE.matcher(rule);
                while (c.find()) {
                    if (!packages.contains(c.group(1))) {
                        problems.add(s.pkg() + ": Layer names " + c.group(1) + ", which is no package");
                    }
                    may.add(c.group(1));
                }
                if (may.isEmpty() || !rule.startsWith("may import ")) {
                    problems.add(s.pkg() + ": unreadable Layer line: " + rule);
                }
            }
            allowed.put(s.pkg(), may);
        }
        for (String p : packages) {
            if (!allowed.containsKey(p) && problems.stream().noneMatch(x -> x.startsWith(p + ":"))) {
                problems.add(p + ": no package-info.java");
            }
        }
        int checked = 0;
        for (Source s : sources) {
            Set<String> may = allowed.get(s.pkg());
            if (may == null || s.file().getFileName().toString().equals("package-info.java")) {
                continue;
            }
            checked++;
            Matcher m = REF.matcher(s.text());
            while (m.find()) {
                String ref = m.group(1);
                if (!ref.equals(s.pkg()) && packages.contains(ref) && !may.contains(ref)) {
                    problems.add(s.file().getFileName() + " (" + s.pkg() + ") references " + ref
                            + ", which its package-info's Layer line does not allow");
                }
            }
        }
        assertTrue(
                packages.size() >= 35 && checked > 200, packages.size() + " packages, " + checked + " sources checked");
        assertEquals(List.of(), problems);
    }
}
