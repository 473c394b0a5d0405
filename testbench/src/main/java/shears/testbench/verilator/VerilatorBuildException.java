package shears.testbench.verilator;

/** Verilator (or the C++ compiler) failed; the message carries the relevant lines of the build log. */
public class VerilatorBuildException extends RuntimeException {
    public VerilatorBuildException(String message) {
        super(message);
    }
}
