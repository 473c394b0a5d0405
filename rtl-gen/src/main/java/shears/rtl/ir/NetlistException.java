package shears.rtl.ir;

/**
 * An internal inconsistency in a netlist: a bug in a generator back end, a pass or a hand-built
 * netlist, never a user design error (those are {@code DesignException}s raised by the front end).
 */
public class NetlistException extends RuntimeException {
    public NetlistException(String message) {
        super(message);
    }
}
