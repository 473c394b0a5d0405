package shears.rtl.examples;

import java.util.Map;

/** Shares the "k=v;k=v" parameter syntax of the golden tests with other test packages. */
public final class GoldenNetlistTestAccess {
    private GoldenNetlistTestAccess() {}

    public static Map<String, String> params(String spec) {
        return GoldenNetlistTest.params(spec);
    }
}
