package shears.rtl.ir;

import java.math.BigInteger;

/**
 * Reference semantics of every combinational op over {@link BigInteger} bit patterns (values in
 * [0, 2^width)). Slow and obviously correct: constant folding uses it, and tests use it as the oracle
 * the simulation engines are checked against.
 */
public final class CellSemantics {
    private CellSemantics() {}

    public static BigInteger mask(int w) {
        return BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE);
    }

    /** Two's-complement reading of a w-bit pattern. */
    public static BigInteger toSigned(BigInteger v, int w) {
        return v.testBit(w - 1) ? v.subtract(BigInteger.ONE.shiftLeft(w)) : v;
    }

    /**
     * @param c      the cell (combinational op)
     * @param widths input widths
     * @param in     input values
     */
    public static BigInteger eval(Cell c, int[] widths, BigInteger[] in) {
        int w = c.width();
        BigInteger m = mask(w);
        return switch (c.op()) {
            case ADD -> in[0].add(in[1]).and(m);
            case SUB -> in[0].subtract(in[1]).and(m);
            case MUL -> in[0].multiply(in[1]).and(m);
            case AND -> in[0].and(in[1]);
            case OR -> in[0].or(in[1]);
            case XOR -> in[0].xor(in[1]);
            case NOT -> in[0].xor(m);
            case SHL ->
                in[1].compareTo(BigInteger.valueOf(w)) >= 0
                        ? BigInteger.ZERO
                        : in[0].shiftLeft(in[1].intValue()).and(m);
            case SHR ->
                in[1].compareTo(BigInteger.valueOf(w)) >= 0 ? BigInteger.ZERO : in[0].shiftRight(in[1].intValue());
            case SRA -> {
                int k = in[1].compareTo(BigInteger.valueOf(w)) >= 0 ? w : in[1].intValue();
                yield toSigned(in[0], w).shiftRight(k).and(m);
            }
            case EQ -> bool(in[0].equals(in[1]));
            case NE -> bool(!in[0].equals(in[1]));
            case LTU -> bool(in[0].compareTo(in[1]) < 0);
            case LEU -> bool(in[0].compareTo(in[1]) <= 0);
            case LTS -> bool(toSigned(in[0], widths[0]).compareTo(toSigned(in[1], widths[1])) < 0);
            case LES -> bool(toSigned(in[0], widths[0]).compareTo(toSigned(in[1], widths[1])) <= 0);
            case MUX -> in[0].signum() != 0 ? in[1] : in[2];
            case SLICE -> in[0].shiftRight(c.aux()).and(m);
            case CONCAT -> {
                BigInteger r = BigInteger.ZERO;
                for (int k = 0; k < in.length; k++) {
                    r = r.shiftLeft(widths[k]).or(in[k]);
                }
                yield r;
            }
            case ZEXT, ALIAS -> in[0];
            case SEXT -> toSigned(in[0], widths[0]).and(m);
            case RED_AND -> bool(in[0].equals(mask(widths[0])));
            case RED_OR -> bool(in[0].signum() != 0);
            case RED_XOR -> bool(in[0].bitCount() % 2 == 1);
            case INPUT, CONST, REG, MEM_READ, INST_OUT ->
                throw new IllegalArgumentException(c.op() + " is not combinational");
        };
    }

    private static BigInteger bool(boolean b) {
        return b ? BigInteger.ONE : BigInteger.ZERO;
    }
}
