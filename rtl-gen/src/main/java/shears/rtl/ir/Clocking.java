package shears.rtl.ir;

/**
 * How a module's implicit clock and its synchronous reset appear as ports. Every register, memory
 * and instance of the module runs on {@code clock}; {@code reset}, when the module has it, is a
 * one-bit input that resets registers while it is {@link #resetAsserted() asserted}. The default is
 * Shears' {@code clk} and active-high {@code rst}; {@link #AXI} is the AMBA naming
 * ({@code aclk}, active-low {@code aresetn}) that vendor block designs connect without glue.
 */
public record Clocking(String clock, String reset, boolean resetActiveLow) {
    public static final Clocking DEFAULT = new Clocking("clk", "rst", false);
    public static final Clocking AXI = new Clocking("aclk", "aresetn", true);

    public Clocking {
        for (String port : new String[] {clock, reset}) {
            String problem = Identifiers.problem(port);
            if (problem != null && !"clk".equals(port)) {
                throw new NetlistException("clocking port: " + problem);
            }
        }
        if (clock.equals(reset)) {
            throw new NetlistException("clocking: clock and reset are both named '" + clock + "'");
        }
    }

    /** The reset port's value that resets: 0 for an active-low reset, else 1. */
    public long resetAsserted() {
        return resetActiveLow ? 0 : 1;
    }

    /** The reset port's value in normal operation. */
    public long resetReleased() {
        return 1 - resetAsserted();
    }
}
