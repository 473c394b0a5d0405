package shears.accelerators.hsi;

/** A model, folding or budget the streaming pipeline cannot build; the message names the layer and the constraint. */
public final class StreamException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public StreamException(String message) {
        super(message);
    }
}
