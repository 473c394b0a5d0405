package shears.rtl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package rules stated in each package-info, checked on the sources of every module: a reference
 * (import or fully qualified name) to a forbidden package fails the build.
 */
class LayeringTest {
    /** Package prefix to the Shears packages it must not reference. */
    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("shears.rtl.ir", List.of("shears.rtl.hdl", "shears.rtl.pass", "shears.rtl.emit", "shears.rtl.examples", "shears.sim", "shears.cli")),
            Map.entry("shears.rtl.hdl", List.of("shears.rtl.pass", "shears.rtl.emit", "shears.rtl.examples", "shears.sim", "shears.cli")),
            Map.entry("shears.rtl.pass", List.of("shears.rtl.hdl", "shears.rtl.emit", "shears.rtl.examples", "shears.sim")),
            Map.entry("shears.rtl.emit", List.of("shears.rtl.hdl", "shears.rtl.pass", "shears.rtl.examples", "shears.sim")),
            Map.entry("shears.rtl.util", List.of("shears.rtl.ir", "shears.rtl.hdl", "shears.rtl.pass", "shears.rtl.emit", "shears.sim")),
            Map.entry("shears.sim", List.of("shears.rtl.hdl", "shears.rtl.examples", "shears.rtl.emit", "shears.cli")),
            Map.entry("shears.models", List.of("shears.rtl", "shears.sim", "shears.accelerators", "shears.testbench", "shears.reports")),
            Map.entry("shears.models.tensor", List.of("shears.models.nn", "shears.models.train", "shears.models.quant", "shears.models.data", "shears.models.cae", "shears.models.prune", "shears.models.io")),
            Map.entry("shears.models.nn", List.of("shears.models.train", "shears.models.quant", "shears.models.data", "shears.models.cae", "shears.models.prune", "shears.models.io")),
            Map.entry("shears.models.quant", List.of("shears.models.train", "shears.models.data", "shears.models.cae", "shears.models.prune", "shears.models.io")),
            Map.entry("shears.models.train", List.of("shears.models.data", "shears.models.cae", "shears.models.prune", "shears.models.io")),
            Map.entry("shears.models.prune", List.of("shears.models.data", "shears.models.cae", "shears.models.io", "shears.models.quant")),
            Map.entry("shears.models.io", List.of("shears.models.train", "shears.models.data", "shears.models.cae", "shears.models.prune")),
            Map.entry("shears.models.logic", List.of("shears.models.nn", "shears.models.train", "shears.models.quant", "shears.models.data", "shears.models.cae", "shears.models.prune", "shears.models.logicnet", "shears.models.tensor")),
            Map.entry("shears.models.logicnet", List.of("shears.models.nn", "shears.models.train", "shears.models.quant", "shears.models.cae", "shears.models.prune")),
            Map.entry("shears.accelerators", List.of("shears.testbench", "shears.reports", "shears.cli")),
            Map.entry("shears.models.data", List.of("shears.models.nn", "shears.models.train", "shears.models.quant", "shears.models.cae", "shears.models.prune")));

    private static final Pattern REF = Pattern.compile("\\b(shears(?:\\.[a-z]+)+)\\.[A-Z]");
    private static final Pattern PKG = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

    @Test
    void packagesReferenceOnlyWhatTheyMay() throws IOException {
        Path root = Path.of(System.getProperty("shears.repoRoot", ".."));
        List<Path> sources = new ArrayList<>();
        for (String module : List.of("rtl-gen", "sim", "models", "accelerators", "testbench", "reports")) {
            Path main = root.resolve(module).resolve("src/main/java");
            if (Files.isDirectory(main)) {
                try (Stream<Path> s = Files.walk(main)) {
                    s.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        assertTrue(sources.size() > 30, "found the sources under " + root.toAbsolutePath());
        List<String> violations = new ArrayList<>();
        for (Path p : sources) {
            String text = Files.readString(p);
            Matcher pm = PKG.matcher(text);
            if (!pm.find()) {
                continue;
            }
            String pkg = pm.group(1);
            for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
                if (!(pkg.equals(rule.getKey()) || pkg.startsWith(rule.getKey() + "."))) {
                    continue;
                }
                Matcher m = REF.matcher(text);
                while (m.find()) {
                    String ref = m.group(1);
                    for (String bad : rule.getValue()) {
                        if ((ref.equals(bad) || ref.startsWith(bad + ".")) && !ref.startsWith(rule.getKey())) {
                            violations.add(p.getFileName() + " (" + pkg + ") references " + ref);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path root = Path.of(System.getProperty("shears.repoRoot", ".."));
        List<String> missing = new ArrayList<>();
        for (String module : List.of("rtl-gen", "sim", "models", "accelerators", "testbench", "reports", "cli")) {
            Path main = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(main)) {
                for (Path dir : s.filter(Files::isDirectory).toList()) {
                    boolean hasJava;
                    try (Stream<Path> f = Files.list(dir)) {
                        hasJava = f.anyMatch(x -> x.toString().endsWith(".java"));
                    }
                    if (hasJava && !Files.exists(dir.resolve("package-info.java"))) {
                        missing.add(main.relativize(dir).toString());
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
