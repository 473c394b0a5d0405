package shears.rtl.util;

/** An input file that cannot be read; the message starts with the file (and line, node or layer). */
public class InputFormatException extends RuntimeException {
    public InputFormatException(String message) {
        super(message);
    }

    public InputFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
