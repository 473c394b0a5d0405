package shears.models.io;

/** A model or data file that cannot be read; the message starts with the file (and line or layer). */
public final class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
