package shears.rtl.hdl;

import shears.rtl.ir.SourceLoc;

/** Captures the first stack frame outside the HDL front end: the user's generator line. */
final class Locations {
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final String FRONT_END = Locations.class.getPackageName() + ".";

    private Locations() {}

    static SourceLoc caller() {
        return WALKER.walk(frames -> frames.filter(f -> !f.getClassName().startsWith(FRONT_END)
                        || f.getClassName().contains("Test"))
                .findFirst()
                .map(f -> new SourceLoc(
                        f.getFileName() == null ? f.getClassName() : f.getFileName(),
                        f.getLineNumber(),
                        f.getMethodName()))
                .orElse(SourceLoc.UNKNOWN));
    }
}
