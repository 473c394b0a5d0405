package shears.sim;

/**
 * Engine options.
 *
 * @param countToggles accumulate per-net bit toggles at each sample (costs time; needed for power)
 */
public record SimOptions(boolean countToggles) {
    public static final SimOptions DEFAULT = new SimOptions(false);
    public static final SimOptions WITH_TOGGLES = new SimOptions(true);
}
