package shears.rtl.examples;

/** One integer parameter of a built-in design: name, default and inclusive range. */
public record ParamSpec(String name, int defaultValue, int min, int max, String description) {
    public ParamSpec {
        if (defaultValue < min || defaultValue > max) {
            throw new IllegalArgumentException("default of " + name + " outside [" + min + ", " + max + "]");
        }
    }
}
