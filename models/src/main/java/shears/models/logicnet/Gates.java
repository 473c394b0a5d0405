package shears.models.logicnet;

import shears.rtl.aig.AigBuilder;

/**
 * The 16 two-input Boolean functions in difflogic's order, each relaxed to
 * {@code alpha + beta a + gamma b + delta ab} over a, b in [0, 1] (exact on {0, 1}).
 */
public final class Gates {
    public static final int COUNT = 16;
    /** {alpha, beta, gamma, delta} per gate. */
    static final double[][] COEF = {
        {0, 0, 0, 0}, // 0  false
        {0, 0, 0, 1}, // 1  a and b
        {0, 1, 0, -1}, // 2  a and not b
        {0, 1, 0, 0}, // 3  a
        {0, 0, 1, -1}, // 4  not a and b
        {0, 0, 1, 0}, // 5  b
        {0, 1, 1, -2}, // 6  a xor b
        {0, 1, 1, -1}, // 7  a or b
        {1, -1, -1, 1}, // 8  nor
        {1, -1, -1, 2}, // 9  xnor
        {1, 0, -1, 0}, // 10 not b
        {1, 0, -1, 1}, // 11 a or not b
        {1, -1, 0, 0}, // 12 not a
        {1, -1, 0, 1}, // 13 not a or b
        {1, 0, 0, -1}, // 14 nand
        {1, 0, 0, 0}, // 15 true
    };

    public static final String[] NAMES = {
        "false",
        "and",
        "a_and_not_b",
        "a",
        "not_a_and_b",
        "b",
        "xor",
        "or",
        "nor",
        "xnor",
        "not_b",
        "a_or_not_b",
        "not_a",
        "not_a_or_b",
        "nand",
        "true"
    };

    private Gates() {}

    /** Truth table bit (a + 2b) of gate g: the gate's output for a, b in {0, 1}. */
    public static boolean eval(int g, boolean a, boolean b) {
        double[] c = COEF[g];
        double x = a ? 1 : 0;
        double y = b ? 1 : 0;
        return c[0] + c[1] * x + c[2] * y + c[3] * x * y > 0.5;
    }

    /** Whether gate g reads input a / input b at all. */
    public static boolean usesA(int g) {
        return eval(g, false, false) != eval(g, true, false) || eval(g, false, true) != eval(g, true, true);
    }

    public static boolean usesB(int g) {
        return eval(g, false, false) != eval(g, false, true) || eval(g, true, false) != eval(g, true, true);
    }

    /** The gate as AIG logic over literals a and b (xor and xnor as the sum of their two products). */
    public static int aig(AigBuilder b, int g, int a, int c) {
        return switch (g) {
            case 0 -> AigBuilder.FALSE;
            case 1 -> b.and(a, c);
            case 2 -> b.and(a, AigBuilder.not(c));
            case 3 -> a;
            case 4 -> b.and(AigBuilder.not(a), c);
            case 5 -> c;
            case 6 -> xor(b, a, c);
            case 7 -> b.or(a, c);
            case 8 -> AigBuilder.not(b.or(a, c));
            case 9 -> AigBuilder.not(xor(b, a, c));
            case 10 -> AigBuilder.not(c);
            case 11 -> b.or(a, AigBuilder.not(c));
            case 12 -> AigBuilder.not(a);
            case 13 -> b.or(AigBuilder.not(a), c);
            case 14 -> AigBuilder.not(b.and(a, c));
            case 15 -> AigBuilder.TRUE;
            default -> throw new IllegalArgumentException("gate " + g);
        };
    }

    private static int xor(AigBuilder b, int a, int c) {
        return b.or(b.and(a, AigBuilder.not(c)), b.and(AigBuilder.not(a), c));
    }
}
