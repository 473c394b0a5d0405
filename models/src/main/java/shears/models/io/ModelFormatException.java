package shears.models.io;

import shears.rtl.util.InputFormatException;

/** A model or data file that cannot be read; the message starts with the file (and line or layer). */
public final class ModelFormatException extends InputFormatException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
