package shears.rtl.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Turns an I/O failure into the reason a user can act on, without the temporary-file names Java puts in its messages. */
public final class IoErrors {
    private IoErrors() {}

    /** The operating system's reason ("Permission denied", "No such file or directory", ...). */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** {@code option path: action: reason}, as one {@link OutputException}. */
    public static OutputException output(String option, Path path, String action, IOException e) {
        return new OutputException(prefix(option, path) + action + ": " + reason(e), e);
    }

    /** The same for an {@link UncheckedIOException} thrown by a library. */
    public static OutputException output(String option, Path path, String action, UncheckedIOException e) {
        return output(option, path, action, e.getCause());
    }

    static String prefix(String option, Path path) {
        return (option == null || option.isEmpty() ? "" : option + " ") + path + ": ";
    }
}
