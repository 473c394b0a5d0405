package shears.rtl.hdl;

import java.math.BigInteger;
import shears.rtl.ir.Op;
import shears.rtl.ir.SourceLoc;

/**
 * A value in a module under construction: a port, wire, register or expression. Operators build new
 * expression nodes in the same module and never lose bits implicitly. Result types:
 *
 * <table>
 *   <caption>Front-end result types (a, b: operands; wa, wb: their widths)</caption>
 *   <tr><th>method</th><th>result</th></tr>
 *   <tr><td>add, sub</td><td>max(wa, wb) + 1, operands' signedness</td></tr>
 *   <tr><td>mul</td><td>wa + wb</td></tr>
 *   <tr><td>neg</td><td>signed, wa + 1</td></tr>
 *   <tr><td>and, or, xor</td><td>max(wa, wb)</td></tr>
 *   <tr><td>not</td><td>wa</td></tr>
 *   <tr><td>shl(k) constant</td><td>wa + k</td></tr>
 *   <tr><td>shr(k) constant</td><td>max(wa - k, 1) (arithmetic when signed)</td></tr>
 *   <tr><td>shl(s), shr(s) dynamic</td><td>wa (bits shifted out are lost: widen first if needed)</td></tr>
 *   <tr><td>eq, ne, lt, le, gt, ge</td><td>UInt&lt;1&gt;; signed compare when operands are signed</td></tr>
 *   <tr><td>slice(hi, lo), bit(i)</td><td>UInt&lt;hi - lo + 1&gt;</td></tr>
 *   <tr><td>zext(w), sext(w), ext(w)</td><td>w &ge; wa</td></tr>
 *   <tr><td>trunc(w)</td><td>w &le; wa, the explicit way to drop high bits</td></tr>
 *   <tr><td>andR, orR, xorR</td><td>UInt&lt;1&gt;</td></tr>
 *   <tr><td>asSInt, asUInt</td><td>wa, reinterpreted</td></tr>
 * </table>
 * Binary operators require both operands to have the same signedness (convert explicitly); the
 * narrower operand is extended according to that signedness. {@code long} arguments become constants
 * of this signal's signedness and the smallest width that holds them.
 */
public abstract sealed class Signal permits Input, Output, Wire, Reg, Node {
    final ModuleBuilder owner;
    final HdlType type;
    final SourceLoc loc;
    final int id;

    Signal(ModuleBuilder owner, HdlType type, SourceLoc loc) {
        this.owner = owner;
        this.type = type;
        this.loc = loc;
        this.id = owner.register(this);
    }

    public HdlType type() {
        return type;
    }

    /** The builder of the module this signal belongs to. */
    public ModuleBuilder owner() {
        return owner;
    }

    public int width() {
        return type.width();
    }

    public boolean isSigned() {
        return type.signed();
    }

    public SourceLoc loc() {
        return loc;
    }

    /** A short description for error messages: name or operation. */
    public abstract String describe();

    // ---- arithmetic --------------------------------------------------------------------------

    public Signal add(Signal b) {
        return arith(Op.ADD, b, Math.max(width(), b.width()) + 1);
    }

    public Signal add(long b) {
        return add(lit(b));
    }

    public Signal sub(Signal b) {
        return arith(Op.SUB, b, Math.max(width(), b.width()) + 1);
    }

    public Signal sub(long b) {
        return sub(lit(b));
    }

    public Signal mul(Signal b) {
        return arith(Op.MUL, b, width() + b.width());
    }

    public Signal mul(long b) {
        return mul(lit(b));
    }

    public Signal neg() {
        Signal wide = isSigned() ? sextTo(width() + 1) : zextTo(width() + 1).asSInt();
        return node(Op.SUB, HdlType.sint(width() + 1), owner.lit(BigInteger.ZERO, HdlType.sint(width() + 1)), wide);
    }

    private Signal arith(Op op, Signal b, int w) {
        sameKind(b, op);
        return node(op, type.withWidth(w), ext(w), b.ext(w));
    }

    // ---- bitwise -----------------------------------------------------------------------------

    public Signal and(Signal b) {
        return bitwise(Op.AND, b);
    }

    public Signal and(long b) {
        return and(lit(b));
    }

    public Signal or(Signal b) {
        return bitwise(Op.OR, b);
    }

    public Signal or(long b) {
        return or(lit(b));
    }

    public Signal xor(Signal b) {
        return bitwise(Op.XOR, b);
    }

    public Signal xor(long b) {
        return xor(lit(b));
    }

    public Signal not() {
        return node(Op.NOT, type, this);
    }

    private Signal bitwise(Op op, Signal b) {
        sameKind(b, op);
        int w = Math.max(width(), b.width());
        return node(op, type.withWidth(w), ext(w), b.ext(w));
    }

    public Signal andR() {
        return node(Op.RED_AND, HdlType.uint(1), this);
    }

    public Signal orR() {
        return node(Op.RED_OR, HdlType.uint(1), this);
    }

    public Signal xorR() {
        return node(Op.RED_XOR, HdlType.uint(1), this);
    }

    // ---- shifts ------------------------------------------------------------------------------

    /** Constant left shift; widens by {@code k} so no bit is lost. */
    public Signal shl(int k) {
        if (k < 0) {
            throw new DesignException("negative shift " + k + " of " + describe(), Locations.caller());
        }
        if (k == 0) {
            return this;
        }
        Signal zeros = owner.lit(BigInteger.ZERO, HdlType.uint(k));
        return owner.catTyped(type.withWidth(width() + k), this, zeros);
    }

    /** Constant right shift (arithmetic for signed signals); result keeps the bits that remain. */
    public Signal shr(int k) {
        if (k < 0) {
            throw new DesignException("negative shift " + k + " of " + describe(), Locations.caller());
        }
        if (k == 0) {
            return this;
        }
        if (k >= width()) {
            return isSigned() ? slice(width() - 1, width() - 1).asSInt() : owner.lit(BigInteger.ZERO, HdlType.uint(1));
        }
        Signal s = slice(width() - 1, k);
        return isSigned() ? s.asSInt() : s;
    }

    /** Dynamic left shift by an unsigned amount; keeps this width. */
    public Signal shl(Signal amount) {
        return shift(Op.SHL, amount);
    }

    /** Dynamic right shift by an unsigned amount (arithmetic when signed); keeps this width. */
    public Signal shr(Signal amount) {
        return shift(isSigned() ? Op.SRA : Op.SHR, amount);
    }

    private Signal shift(Op op, Signal amount) {
        sameOwner(amount);
        if (amount.isSigned()) {
            throw new DesignException("shift amount " + amount.describe() + " must be unsigned", Locations.caller());
        }
        return node(op, type, this, amount);
    }

    // ---- comparisons -------------------------------------------------------------------------

    public Signal eq(Signal b) {
        return compare(Op.EQ, b, false);
    }

    public Signal eq(long b) {
        return eq(lit(b));
    }

    public Signal ne(Signal b) {
        return compare(Op.NE, b, false);
    }

    public Signal ne(long b) {
        return ne(lit(b));
    }

    public Signal lt(Signal b) {
        return compare(isSigned() ? Op.LTS : Op.LTU, b, false);
    }

    public Signal lt(long b) {
        return lt(lit(b));
    }

    public Signal le(Signal b) {
        return compare(isSigned() ? Op.LES : Op.LEU, b, false);
    }

    public Signal le(long b) {
        return le(lit(b));
    }

    public Signal gt(Signal b) {
        return compare(isSigned() ? Op.LTS : Op.LTU, b, true);
    }

    public Signal gt(long b) {
        return gt(lit(b));
    }

    public Signal ge(Signal b) {
        return compare(isSigned() ? Op.LES : Op.LEU, b, true);
    }

    public Signal ge(long b) {
        return ge(lit(b));
    }

    private Signal compare(Op op, Signal b, boolean swap) {
        sameKind(b, op);
        int w = Math.max(width(), b.width());
        Signal x = ext(w);
        Signal y = b.ext(w);
        return swap ? node(op, HdlType.uint(1), y, x) : node(op, HdlType.uint(1), x, y);
    }

    // ---- bits and types ----------------------------------------------------------------------

    /** Bits hi..lo inclusive, unsigned. */
    public Signal slice(int hi, int lo) {
        if (lo < 0 || hi < lo || hi >= width()) {
            throw new DesignException(
                    "slice [" + hi + ":" + lo + "] out of range for " + describe() + " " + type, Locations.caller());
        }
        if (lo == 0 && hi == width() - 1 && !isSigned()) {
            return this;
        }
        return owner.node(Op.SLICE, HdlType.uint(hi - lo + 1), lo, null, this);
    }

    public Signal bit(int i) {
        return slice(i, i);
    }

    /** The low {@code w} bits, keeping signedness: the explicit way to drop high bits. */
    public Signal trunc(int w) {
        if (w > width()) {
            throw new DesignException(
                    "trunc(" + w + ") of " + describe() + " " + type + " would widen; use ext", Locations.caller());
        }
        if (w == width()) {
            return this;
        }
        Signal s = slice(w - 1, 0);
        return isSigned() ? s.asSInt() : s;
    }

    /** Zero-extension to {@code w} bits, keeping signedness of the type. */
    public Signal zextTo(int w) {
        return extend(Op.ZEXT, w);
    }

    /** Sign-extension to {@code w} bits. */
    public Signal sextTo(int w) {
        return extend(Op.SEXT, w);
    }

    /** Extension by this signal's own signedness. */
    public Signal ext(int w) {
        return extend(isSigned() ? Op.SEXT : Op.ZEXT, w);
    }

    private Signal extend(Op op, int w) {
        if (w < width()) {
            throw new DesignException(
                    "cannot extend " + describe() + " " + type + " to narrower " + w + " bits", Locations.caller());
        }
        if (w == width()) {
            return this;
        }
        return node(op, type.withWidth(w), this);
    }

    public Signal asSInt() {
        return isSigned() ? this : node(Op.ALIAS, HdlType.sint(width()), this);
    }

    public Signal asUInt() {
        return isSigned() ? node(Op.ALIAS, HdlType.uint(width()), this) : this;
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A constant with this signal's signedness and the smallest width holding {@code v}. */
    Signal lit(long v) {
        if (!isSigned() && v < 0) {
            throw new DesignException(
                    "negative constant " + v + " used with unsigned " + describe(), Locations.caller());
        }
        return isSigned() ? owner.slit(v) : owner.lit(v);
    }

    private Signal node(Op op, HdlType t, Signal... operands) {
        return owner.node(op, t, 0, null, operands);
    }

    void sameOwner(Signal b) {
        if (b.owner != owner) {
            throw new DesignException(
                    b.describe() + " belongs to module " + b.owner.name() + ", not " + owner.name(),
                    Locations.caller(),
                    b.loc);
        }
    }

    private void sameKind(Signal b, Op op) {
        sameOwner(b);
        if (isSigned() != b.isSigned()) {
            throw new DesignException(
                    "signedness mismatch in " + op.name().toLowerCase() + ": " + describe() + " is " + type + ", "
                            + b.describe() + " is " + b.type + " (use asSInt/asUInt)",
                    Locations.caller());
        }
    }

    @Override
    public String toString() {
        return describe() + ":" + type;
    }

    /** The sum of {@code terms} as a balanced adder tree, pairs added in order; widths grow one per level. */
    public static Signal addTree(java.util.List<Signal> terms) {
        java.util.List<Signal> level = new java.util.ArrayList<>(terms);
        while (level.size() > 1) {
            java.util.List<Signal> next = new java.util.ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(level.get(i).add(level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0);
    }
}
