package shears.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The bad-input contract: one line starting "shears: error: ", exit 2, no file written under {@code dir}. */
final class BadInput {
    private BadInput() {}

    static void check(String[] args, Path dir) throws IOException {
        List<Path> before;
        try (var s = Files.walk(dir)) {
            before = s.toList();
        }
        MainTest.Run r = MainTest.run(args);
        assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("shears: error: "), r.err());
        try (var s = Files.walk(dir)) {
            assertEquals(before, s.toList(), "nothing written");
        }
    }

    static String write(Path dir, String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir.resolve(name).toString();
    }
}
