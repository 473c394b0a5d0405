package shears.rtl.hdl;

/** The type of a signal: width in bits (any value &ge; 1, no 64-bit cap) and signedness. */
public record HdlType(int width, boolean signed) {
    public HdlType {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
    }

    public static HdlType uint(int width) {
        return new HdlType(width, false);
    }

    public static HdlType sint(int width) {
        return new HdlType(width, true);
    }

    public HdlType withWidth(int w) {
        return new HdlType(w, signed);
    }

    @Override
    public String toString() {
        return (signed ? "SInt" : "UInt") + "<" + width + ">";
    }
}
