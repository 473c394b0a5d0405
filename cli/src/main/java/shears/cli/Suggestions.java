package shears.cli;

import java.util.List;
import picocli.CommandLine;

/** One-line usage errors that name the nearest command or option when the user mistyped one. */
final class Suggestions {
    private Suggestions() {}

    /**
     * The message for a usage error. An unknown word is reported before a missing required option (picocli
     * reports them the other way round, so {@code --cycle 10} read "Missing required option"); the nearest
     * names are picocli's own suggestions.
     */
    static String message(CommandLine.ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        List<String> unmatched =
                cl.getParseResult() == null ? List.of() : cl.getParseResult().unmatched();
        if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty()) {
            unmatched = u.getUnmatched();
        }
        if (unmatched.isEmpty()) {
            return ex.getMessage();
        }
        String word = unmatched.get(0);
        List<String> near = new CommandLine.UnmatchedArgumentException(cl, unmatched)
                .getSuggestions().stream().filter(c -> close(word, c)).toList();
        if (word.startsWith("-")) {
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            return "unknown option '" + name + "'"
                    + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?");
        }
        if (!cl.getSubcommands().isEmpty()) {
            return "unknown command '" + word + "'"
                    + (near.isEmpty()
                            ? " (commands: "
                                    + String.join(", ", cl.getSubcommands().keySet()) + ")"
                            : "; did you mean " + String.join(" or ", near) + "?");
        }
        return "unexpected argument '" + word + "'";
    }

    /** A command that only groups others, run without one of them. */
    static CommandLine.ParameterException missingCommand(CommandLine cl) {
        List<String> names = cl.getSubcommands().keySet().stream()
                .filter(n -> !n.equals("help"))
                .toList();
        return new CommandLine.ParameterException(cl, "missing command (one of: " + String.join(", ", names) + ")");
    }

    /**
     * Picocli ranks every name by letter-pair similarity, so "bogus" comes back as "logic"; a suggestion is
     * shown only when one name contains the other or they share their first three letters.
     */
    static boolean close(String typed, String candidate) {
        String a = strip(typed);
        String b = strip(candidate);
        return !a.isEmpty()
                && (a.contains(b)
                        || b.contains(a)
                        || (a.length() >= 3 && b.length() >= 3 && a.regionMatches(0, b, 0, 3)));
    }

    private static String strip(String name) {
        String n = name.contains("=") ? name.substring(0, name.indexOf('=')) : name;
        return n.replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT);
    }
}
