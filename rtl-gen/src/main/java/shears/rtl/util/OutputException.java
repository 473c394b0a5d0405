package shears.rtl.util;

/**
 * An output path that cannot be used: names the option, the path and the reason in one line
 * ({@code --vcd /proc/x.vcd: cannot create file: No such file or directory}). A user error, not an
 * internal one.
 */
public final class OutputException extends RuntimeException {
    public OutputException(String message) {
        super(message);
    }

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
