package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import shears.rtl.examples.DesignCatalog;
import shears.rtl.examples.DesignSpec;
import shears.rtl.examples.ParamSpec;

/**
 * The README's command and design tables against the CLI itself, the one source of truth: every
 * command has a row, a row names only options its {@code --help} has and every required one, every
 * design row names every parameter with its default, the documented exit codes are the ones
 * {@code shears --help} prints, and docs/cli.md is the usage help of every command, generated.
 */
class ReadmeTest {
    private static final Set<String> COMMON = Set.of("--help", "--version", "--debug", "--quiet", "-h", "-V", "-q");
    private static final Pattern ROW = Pattern.compile("^\\| `shears (.+?)` \\|");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--[a-z0-9][a-z0-9-]*)");

    private static List<String> readme() throws IOException {
        return Files.readAllLines(Path.of(System.getProperty("shears.repoRoot", ".."), "README.md"));
    }

    @Test
    void everyCommandHasARowWhoseOptionsExist() throws IOException {
        CommandLine root = new CommandLine(new Main());
        List<String> problems = new ArrayList<>();
        Set<String> documented = new TreeSet<>();
        for (String line : readme()) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) {
                continue;
            }
            String usage = m.group(1);
            CommandLine cl = root;
            List<String> words = new ArrayList<>();
            for (String word : usage.split(" ")) {
                CommandLine sub = cl.getSubcommands().get(word);
                if (sub == null) {
                    break;
                }
                cl = sub;
                words.add(word);
            }
            String path = String.join(" ", words);
            if (words.isEmpty() || !runnable(cl)) {
                problems.add("README row names no command: " + usage);
                continue;
            }
            documented.add(path);
            Set<String> inReadme = new TreeSet<>();
            Matcher o = OPTION.matcher(usage);
            while (o.find()) {
                inReadme.add(o.group(1));
            }
            Set<String> inHelp = new TreeSet<>();
            for (OptionSpec spec : cl.getCommandSpec().options()) {
                String longest = List.of(spec.names()).stream()
                        .max((a, b) -> a.length() - b.length())
                        .orElseThrow();
                if (!COMMON.contains(longest)) {
                    inHelp.add(longest);
                }
            }
            Set<String> missing = new TreeSet<>();
            for (OptionSpec spec : cl.getCommandSpec().options()) {
                if (spec.required()
                        && !inReadme.contains(List.of(spec.names()).stream()
                                .max((x, y) -> x.length() - y.length())
                                .orElseThrow())) {
                    missing.add(spec.longestName());
                }
            }
            Set<String> extra = new TreeSet<>(inReadme);
            extra.removeAll(inHelp);
            if (!missing.isEmpty()) {
                problems.add("shears " + path + ": README lacks the required " + missing);
            }
            if (!extra.isEmpty()) {
                problems.add("shears " + path + ": README has options --help does not: " + extra);
            }
        }
        assertTrue(documented.size() >= 20, "command rows found: " + documented);
        for (String leaf : leaves(root, "")) {
            if (!documented.contains(leaf)) {
                problems.add("README has no row for shears " + leaf);
            }
        }
        assertEquals(List.of(), problems);
    }

    private static List<String> leaves(CommandLine cl, String prefix) {
        List<String> out = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            String path = (prefix + " " + name).strip();
            if (runnable(sub)) {
                out.add(path);
            }
            if (!sub.getSubcommands().isEmpty()) {
                out.addAll(leaves(sub, path));
            }
        });
        return out;
    }

    /** A command that does work: no subcommands, or (as {@code compare} beside {@code compare merge}) a Callable of its own. */
    private static boolean runnable(CommandLine cl) {
        return cl.getSubcommands().isEmpty() || cl.getCommand() instanceof java.util.concurrent.Callable<?>;
    }

    @Test
    void everyDesignRowNamesEveryParameterWithItsDefault() throws IOException {
        List<String> lines = readme();
        List<String> problems = new ArrayList<>();
        for (DesignSpec d : DesignCatalog.all()) {
            String row = lines.stream()
                    .filter(l -> l.startsWith("| `" + d.name() + "` |"))
                    .findFirst()
                    .orElse(null);
            if (row == null) {
                problems.add("no README row for design " + d.name());
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (ParamSpec p : d.params()) {
                parts.add("`" + p.name() + "` (" + p.defaultValue() + ")");
            }
            String expected = String.join(", ", parts);
            if (!row.contains("| " + expected + " |")) {
                problems.add(d.name() + ": expected parameters column '" + expected + "' in: " + row);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void exitCodesInReadmeAreTheOnesHelpPrints() throws IOException {
        String readme = String.join("\n", readme());
        MainTest.Run help = MainTest.run("--help");
        for (String code : List.of("0", "1", "2", "3", "70")) {
            assertTrue(
                    help.out().lines().anyMatch(l -> l.strip().startsWith(code + " ")),
                    "--help lists exit code " + code);
            assertTrue(readme.contains("| " + code + " |"), "README's exit-code table lists " + code);
        }
    }

    /** Rewrite docs/cli.md with {@code -Dshears.writeCliDoc=true} after changing an option. */
    @Test
    void cliReferenceIsTheGeneratedUsageHelp() throws IOException {
        Path doc = Path.of(System.getProperty("shears.repoRoot", ".."), "docs", "cli.md");
        String generated = CliReference.render();
        if (Boolean.getBoolean("shears.writeCliDoc")) {
            Files.writeString(doc, generated);
        }
        assertTrue(generated.contains("## shears raman sim") && generated.contains("--clock-gating"), generated);
        assertEquals(
                generated,
                Files.exists(doc) ? Files.readString(doc) : "",
                "docs/cli.md is stale: run the cli tests with -Dshears.writeCliDoc=true");
    }
}
