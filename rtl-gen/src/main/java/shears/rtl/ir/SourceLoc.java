package shears.rtl.ir;

/** Where in the user's generator code a design element was created: file, line and method. */
public record SourceLoc(String file, int line, String method) {
    public static final SourceLoc UNKNOWN = new SourceLoc("?", 0, "?");

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
