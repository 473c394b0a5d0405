package shears.rtl.ir;

import java.math.BigInteger;

/**
 * Which bits of a net are known constant regardless of inputs and state (a ternary abstraction:
 * each bit is 0, 1 or unknown). Constant folding replaces fully known cells by constants, and the
 * emitter writes comparisons this analysis decides as literals, since lint tools flag comparisons
 * that constant propagation shows are always true or false.
 *
 * @param zeros bits known to be 0
 * @param ones  bits known to be 1
 * @param width bit width
 */
public record KnownBits(BigInteger zeros, BigInteger ones, int width) {
    public static KnownBits unknown(int width) {
        return new KnownBits(BigInteger.ZERO, BigInteger.ZERO, width);
    }

    public static KnownBits constant(BigInteger v, int width) {
        return new KnownBits(CellSemantics.mask(width).andNot(v), v, width);
    }

    public boolean isConstant() {
        return zeros.or(ones).equals(CellSemantics.mask(width));
    }

    /** The value when {@link #isConstant()}. */
    public BigInteger value() {
        return ones;
    }

    /** Number of low bits known to be zero (the width if all are). */
    private int knownTrailingZeros() {
        BigInteger notZero = CellSemantics.mask(width).andNot(zeros);
        return notZero.signum() == 0 ? width : notZero.getLowestSetBit();
    }

    private BigInteger unsignedMin() {
        return ones;
    }

    private BigInteger unsignedMax() {
        return CellSemantics.mask(width).andNot(zeros);
    }

    /** Known bits of every net of a module (state elements and inputs unknown). */
    public static KnownBits[] analyze(NetlistModule m) {
        KnownBits[] kb = new KnownBits[m.size()];
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            kb[i] = c.op() == Op.CONST ? constant(c.value(), c.width()) : unknown(c.width());
        }
        for (int i : Levelizer.combOrder(m)) {
            Cell c = m.cell(i);
            KnownBits[] in = new KnownBits[c.inputCount()];
            for (int k = 0; k < in.length; k++) {
                in[k] = kb[c.in(k)];
            }
            kb[i] = transfer(c, in);
        }
        return kb;
    }

    /** Known bits of a combinational cell's output from those of its inputs (same net twice is recognised). */
    public static KnownBits transfer(Cell c, KnownBits[] in) {
        int w = c.width();
        BigInteger mask = CellSemantics.mask(w);
        boolean allConst = true;
        for (KnownBits k : in) {
            allConst &= k.isConstant();
        }
        if (allConst && c.op().isCombinational()) {
            int[] widths = new int[in.length];
            BigInteger[] vals = new BigInteger[in.length];
            for (int k = 0; k < in.length; k++) {
                widths[k] = in[k].width;
                vals[k] = in[k].value();
            }
            return constant(CellSemantics.eval(c, widths, vals), w);
        }
        boolean same = in.length >= 2 && c.in(0) == c.in(1);
        switch (c.op()) {
            case AND:
                return same ? in[0] : new KnownBits(in[0].zeros.or(in[1].zeros), in[0].ones.and(in[1].ones), w);
            case OR:
                return same ? in[0] : new KnownBits(in[0].zeros.and(in[1].zeros), in[0].ones.or(in[1].ones), w);
            case XOR: {
                if (same) {
                    return constant(BigInteger.ZERO, w);
                }
                BigInteger known = in[0].zeros.or(in[0].ones).and(in[1].zeros.or(in[1].ones));
                BigInteger v = in[0].ones.xor(in[1].ones);
                return new KnownBits(known.andNot(v), known.and(v), w);
            }
            case NOT:
                return new KnownBits(in[0].ones, in[0].zeros, w);
            case SUB:
                return same ? constant(BigInteger.ZERO, w) : unknown(w);
            case MUL: {
                // Low zero bits add up: (a * 2^i) * (b * 2^j) has i + j trailing zeros.
                int tz = Math.min(w, in[0].knownTrailingZeros() + in[1].knownTrailingZeros());
                return new KnownBits(CellSemantics.mask(tz), BigInteger.ZERO, w);
            }
            case EQ:
            case NE: {
                boolean eq = c.op() == Op.EQ;
                if (same) {
                    return constant(eq ? BigInteger.ONE : BigInteger.ZERO, 1);
                }
                boolean differ = in[0].ones.and(in[1].zeros).signum() != 0
                        || in[0].zeros.and(in[1].ones).signum() != 0;
                return differ ? constant(eq ? BigInteger.ZERO : BigInteger.ONE, 1) : unknown(1);
            }
            case LTU:
            case LEU:
            case LTS:
            case LES: {
                if (same) {
                    return constant(c.op() == Op.LTU || c.op() == Op.LTS ? BigInteger.ZERO : BigInteger.ONE, 1);
                }
                BigInteger r = decideOrder(c.op(), in[0], in[1]);
                return r == null ? unknown(1) : constant(r, 1);
            }
            case MUX: {
                if (in[0].isConstant()) {
                    return in[0].value().signum() != 0 ? in[1] : in[2];
                }
                return new KnownBits(in[1].zeros.and(in[2].zeros), in[1].ones.and(in[2].ones), w);
            }
            case SLICE:
                return new KnownBits(
                        in[0].zeros.shiftRight(c.aux()).and(mask),
                        in[0].ones.shiftRight(c.aux()).and(mask),
                        w);
            case CONCAT: {
                BigInteger z = BigInteger.ZERO;
                BigInteger o = BigInteger.ZERO;
                for (KnownBits k : in) {
                    z = z.shiftLeft(k.width).or(k.zeros);
                    o = o.shiftLeft(k.width).or(k.ones);
                }
                return new KnownBits(z, o, w);
            }
            case ZEXT:
                return new KnownBits(in[0].zeros.or(mask.xor(CellSemantics.mask(in[0].width))), in[0].ones, w);
            case SEXT: {
                int wa = in[0].width;
                BigInteger high = mask.xor(CellSemantics.mask(wa));
                if (in[0].zeros.testBit(wa - 1)) {
                    return new KnownBits(in[0].zeros.or(high), in[0].ones, w);
                }
                if (in[0].ones.testBit(wa - 1)) {
                    return new KnownBits(in[0].zeros, in[0].ones.or(high), w);
                }
                return new KnownBits(in[0].zeros, in[0].ones, w);
            }
            case SHL:
            case SHR:
            case SRA: {
                if (in[0].isConstant() && in[0].value().signum() == 0) {
                    return constant(BigInteger.ZERO, w);
                }
                if (!in[1].isConstant()) {
                    return unknown(w);
                }
                BigInteger amt = in[1].value();
                int k = amt.compareTo(BigInteger.valueOf(w)) >= 0 ? w : amt.intValue();
                if (c.op() == Op.SHL) {
                    BigInteger low = CellSemantics.mask(k);
                    return new KnownBits(
                            in[0].zeros.shiftLeft(k).or(low).and(mask),
                            in[0].ones.shiftLeft(k).and(mask),
                            w);
                }
                BigInteger high = mask.xor(CellSemantics.mask(w - k));
                BigInteger z = in[0].zeros.shiftRight(k);
                BigInteger o = in[0].ones.shiftRight(k);
                if (c.op() == Op.SHR || in[0].zeros.testBit(w - 1)) {
                    z = z.or(high);
                } else if (in[0].ones.testBit(w - 1)) {
                    o = o.or(high);
                } else {
                    z = z.andNot(high);
                    o = o.andNot(high);
                }
                return new KnownBits(z.and(mask), o.and(mask), w);
            }
            case RED_AND:
                if (in[0].zeros.signum() != 0) {
                    return constant(BigInteger.ZERO, 1);
                }
                return unknown(1);
            case RED_OR:
                if (in[0].ones.signum() != 0) {
                    return constant(BigInteger.ONE, 1);
                }
                return unknown(1);
            case ALIAS:
                return in[0];
            default:
                return unknown(w);
        }
    }

    /** 1 or 0 when the known bits alone order the operands, else null. */
    private static BigInteger decideOrder(Op op, KnownBits a, KnownBits b) {
        int w = a.width;
        BigInteger aMin;
        BigInteger aMax;
        BigInteger bMin;
        BigInteger bMax;
        if (op == Op.LTU || op == Op.LEU) {
            aMin = a.unsignedMin();
            aMax = a.unsignedMax();
            bMin = b.unsignedMin();
            bMax = b.unsignedMax();
        } else {
            BigInteger[] ra = signedRange(a, w);
            BigInteger[] rb = signedRange(b, w);
            aMin = ra[0];
            aMax = ra[1];
            bMin = rb[0];
            bMax = rb[1];
        }
        boolean strict = op == Op.LTU || op == Op.LTS;
        if (strict) {
            if (aMax.compareTo(bMin) < 0) {
                return BigInteger.ONE;
            }
            if (aMin.compareTo(bMax) >= 0) {
                return BigInteger.ZERO;
            }
        } else {
            if (aMax.compareTo(bMin) <= 0) {
                return BigInteger.ONE;
            }
            if (aMin.compareTo(bMax) > 0) {
                return BigInteger.ZERO;
            }
        }
        return null;
    }

    private static BigInteger[] signedRange(KnownBits k, int w) {
        BigInteger top = BigInteger.ONE.shiftLeft(w - 1);
        BigInteger rest = CellSemantics.mask(w - 1);
        BigInteger lowMin = k.ones.and(rest);
        BigInteger lowMax = rest.andNot(k.zeros);
        if (k.zeros.testBit(w - 1)) {
            return new BigInteger[] {lowMin, lowMax};
        }
        if (k.ones.testBit(w - 1)) {
            return new BigInteger[] {lowMin.subtract(top), lowMax.subtract(top)};
        }
        return new BigInteger[] {top.negate().add(lowMin), lowMax};
    }
}
