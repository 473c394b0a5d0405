package shears.rtl.hdl;

import java.util.List;
import shears.rtl.ir.SourceLoc;

/**
 * A mistake in the user's design, reported against the generator source line(s) that made it:
 * width mismatch, undriven output, multiple drivers, combinational loop, illegal name, and so on.
 * Distinct from {@code NetlistException}, which signals a bug inside Shears.
 */
public class DesignException extends RuntimeException {
    private final List<SourceLoc> locations;

    public DesignException(String message, SourceLoc... locations) {
        super(format(message, locations));
        this.locations = List.of(locations);
    }

    /** The generator lines involved, most relevant first. */
    public List<SourceLoc> locations() {
        return locations;
    }

    private static String format(String message, SourceLoc[] locs) {
        if (locs.length == 0) {
            return message;
        }
        return locs[0] + ": " + message;
    }
}
