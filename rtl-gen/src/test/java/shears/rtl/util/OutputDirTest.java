package shears.rtl.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirTest {
    @Test
    void keepsFilesItDidNotWrite(@TempDir Path tmp) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(d.resolve("keep.txt"), "x\n");
        try (OutputDir out = OutputDir.open("--out", d, "test", false)) {
            out.writeAll(Map.of("a.v", "module a; endmodule\n"));
            out.commit();
        }
        assertEquals("x\n", Files.readString(d.resolve("keep.txt")));
        assertEquals(List.of(".shears-lock", ".shears-manifest", "a.v", "keep.txt"), names(d));
    }

    @Test
    void neverOverwritesAForeignFileUnlessForced(@TempDir Path tmp) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(d.resolve("a.v"), "mine\n");
        OutputException e;
        try (OutputDir out = OutputDir.open("--out", d, "test", false)) {
            e = assertThrows(OutputException.class, () -> out.writeAll(Map.of("b.v", "b\n", "a.v", "a\n")));
        }
        assertEquals(
                "--out " + d
                        + ": would overwrite a.v, which shears did not write; choose another directory or add --force",
                e.getMessage());
        assertEquals("mine\n", Files.readString(d.resolve("a.v")));
        assertFalse(Files.exists(d.resolve("b.v")), "checked before anything is written");
        try (OutputDir out = OutputDir.open("--out", d, "test", true)) {
            out.writeAll(Map.of("a.v", "a\n"));
            out.commit();
        }
        assertEquals("a\n", Files.readString(d.resolve("a.v")));
    }

    @Test
    void commitRemovesOnlyItsOwnStaleFiles(@TempDir Path tmp) throws IOException {
        Path d = tmp.resolve("d");
        try (OutputDir out = OutputDir.open("--out", d, "hdl emit", false)) {
            out.writeAll(Map.of("top.v", "1\n", "pe_d8.v", "2\n"));
            out.commit();
        }
        Files.writeString(d.resolve("notes.txt"), "user\n");
        try (OutputDir out = OutputDir.open("--out", d, "hdl emit", false)) {
            out.writeAll(Map.of("top.v", "3\n", "pe_d16.v", "4\n"));
            out.commit();
        }
        assertEquals(List.of(".shears-lock", ".shears-manifest", "notes.txt", "pe_d16.v", "top.v"), names(d));
    }

    @Test
    void anotherCommandsDirectoryIsRefusedUnlessForced(@TempDir Path tmp) {
        Path d = tmp.resolve("d");
        try (OutputDir out = OutputDir.open("--out", d, "demo", false)) {
            out.write("summary.json", "{}\n");
            out.commit();
        }
        OutputException e = assertThrows(OutputException.class, () -> OutputDir.open("--out", d, "compare", false));
        assertEquals(
                "--out " + d + ": holds the results of 'shears demo'; choose another directory or add --force",
                e.getMessage());
        OutputDir.open("--out", d, "compare", true).close();
    }

    @Test
    @SuppressWarnings("try") // the first writer is held open, not read
    void aSecondWriterIsRefusedWhileTheFirstIsOpen(@TempDir Path tmp) {
        Path d = tmp.resolve("d");
        try (OutputDir first = OutputDir.open("--out", d, "compare", false)) {
            OutputException e = assertThrows(OutputException.class, () -> OutputDir.open("--out", d, "compare", false));
            assertTrue(e.getMessage().contains("in use by another shears process"), e.getMessage());
        }
        OutputDir.open("--out", d, "compare", false).close();
    }

    @Test
    void badPathsNameOptionPathAndReason(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertEquals(
                "--out " + file + ": exists and is not a directory",
                assertThrows(OutputException.class, () -> OutputDir.open("--out", file, "t", false))
                        .getMessage());
        assertEquals(
                "--out " + file.resolve("sub") + ": cannot create directory: " + file + " is not a directory",
                assertThrows(OutputException.class, () -> OutputDir.probe("--out", file.resolve("sub")))
                        .getMessage());
        assertEquals(
                "--vcd " + tmp + ": is a directory (expected a file name)",
                assertThrows(OutputException.class, () -> OutputDir.checkFile("--vcd", tmp))
                        .getMessage());
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (!Files.isWritable(ro)) { // root writes anywhere; the permission case needs an ordinary user
                assertEquals(
                        "--vcd " + ro.resolve("w.vcd") + ": cannot create file: Permission denied",
                        assertThrows(OutputException.class, () -> OutputDir.checkFile("--vcd", ro.resolve("w.vcd")))
                                .getMessage());
            }
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertEquals(List.of(), names(ro), "probes leave nothing behind");
    }

    @Test
    void filesGetTheUsualPermissionsNotOwnerOnly(@TempDir Path tmp) throws IOException {
        Path plain = Files.createFile(tmp.resolve("plain"));
        AtomicFiles.write(tmp.resolve("atomic"), "x");
        assertEquals(
                Files.getPosixFilePermissions(plain),
                Files.getPosixFilePermissions(tmp.resolve("atomic")),
                "the process's umask, as for any file it creates");
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
