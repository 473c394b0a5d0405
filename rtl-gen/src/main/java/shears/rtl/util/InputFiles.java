package shears.rtl.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reading input files with errors that name the file (one line, no stack trace for the user). */
public final class InputFiles {
    private InputFiles() {}

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
    }

    public static InputFormatException cannotRead(Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
        return new InputFormatException(file + ": cannot read (" + why + ")", e);
    }
}
