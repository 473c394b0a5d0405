package shears.rtl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file comparison. Run with {@code -Dshears.updateGolden=true} to rewrite the files after an
 * intended change, then review the diff like any other code change.
 */
public final class Golden {
    private Golden() {}

    public static void check(Path file, String actual) throws IOException {
        if (Boolean.getBoolean("shears.updateGolden")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), "golden file " + file + " is missing (run with -Dshears.updateGolden=true)");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from golden file " + file);
    }
}
