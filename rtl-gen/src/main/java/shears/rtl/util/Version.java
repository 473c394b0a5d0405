package shears.rtl.util;

/** The Shears release, printed by {@code shears version} and recorded with results that depend on the code. */
public final class Version {
    public static final String SHEARS = "0.1.0-SNAPSHOT";

    private Version() {}
}
