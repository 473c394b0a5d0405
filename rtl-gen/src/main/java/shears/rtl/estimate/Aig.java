package shears.rtl.estimate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An and-inverter graph with structural hashing and constant propagation: the bit-level form the
 * estimators count. Literals are {@code 2 * node + complement}; node 0 is constant false, so literal
 * 0 is false and 1 is true. Inputs (ports, register outputs) are nodes without fan-ins.
 */
final class Aig {
    static final int FALSE = 0;
    static final int TRUE = 1;

    private int[] fanin0 = new int[1024];
    private int[] fanin1 = new int[1024];
    private boolean[] input = new boolean[1024];
    private boolean[] carry = new boolean[1024];
    private int[] origin = new int[1024];
    private int size = 1;
    private final Map<Long, Integer> strash = new HashMap<>();
    /** The netlist cell currently being blasted; recorded on every new node for path reports. */
    int currentCell = -1;

    int size() {
        return size;
    }

    boolean isInput(int node) {
        return input[node];
    }

    boolean isAnd(int node) {
        return node > 0 && !input[node];
    }

    int fanin0(int node) {
        return fanin0[node];
    }

    int fanin1(int node) {
        return fanin1[node];
    }

    int origin(int node) {
        return origin[node];
    }

    /** True for nodes that form an adder's carry chain (FPGA carry primitives implement them). */
    boolean isCarry(int node) {
        return carry[node];
    }

    void markCarry(int lit) {
        carry[lit >> 1] = lit > 1;
    }

    private int newNode() {
        if (size == fanin0.length) {
            int n = size * 2;
            fanin0 = Arrays.copyOf(fanin0, n);
            fanin1 = Arrays.copyOf(fanin1, n);
            input = Arrays.copyOf(input, n);
            carry = Arrays.copyOf(carry, n);
            origin = Arrays.copyOf(origin, n);
        }
        origin[size] = currentCell;
        return size++;
    }

    int newInput() {
        int n = newNode();
        input[n] = true;
        return 2 * n;
    }

    static int not(int lit) {
        return lit ^ 1;
    }

    int and(int a, int b) {
        if (a == FALSE || b == FALSE || a == not(b)) {
            return FALSE;
        }
        if (a == TRUE) {
            return b;
        }
        if (b == TRUE || a == b) {
            return a;
        }
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        long key = ((long) lo << 32) | hi;
        Integer hit = strash.get(key);
        if (hit != null) {
            return 2 * hit;
        }
        int n = newNode();
        fanin0[n] = lo;
        fanin1[n] = hi;
        strash.put(key, n);
        return 2 * n;
    }

    int or(int a, int b) {
        return not(and(not(a), not(b)));
    }

    int xor(int a, int b) {
        return or(and(a, not(b)), and(not(a), b));
    }

    int mux(int sel, int ifTrue, int ifFalse) {
        if (ifTrue == ifFalse) {
            return ifTrue;
        }
        // sel ? (e ^ x) : e  ==  e ^ (sel & x): the enabled-update pattern of counters and accumulators.
        int[] t = xorOperands(ifTrue);
        if (t != null && (t[0] == ifFalse || t[1] == ifFalse)) {
            return xor(ifFalse, and(sel, t[0] == ifFalse ? t[1] : t[0]));
        }
        int[] e = xorOperands(ifFalse);
        if (e != null && (e[0] == ifTrue || e[1] == ifTrue)) {
            return xor(ifTrue, and(not(sel), e[0] == ifTrue ? e[1] : e[0]));
        }
        return or(and(sel, ifTrue), and(not(sel), ifFalse));
    }

    /** {a, b} if {@code lit} is the structure {@link #xor} builds for a ^ b, else null. */
    int[] xorOperands(int lit) {
        int n = lit >> 1;
        if ((lit & 1) == 0 || !isAnd(n)) {
            return null;
        }
        int x = fanin0[n];
        int y = fanin1[n];
        if ((x & 1) == 0 || (y & 1) == 0 || !isAnd(x >> 1) || !isAnd(y >> 1)) {
            return null;
        }
        int a0 = fanin0[x >> 1];
        int b0 = fanin1[x >> 1];
        int a1 = fanin0[y >> 1];
        int b1 = fanin1[y >> 1];
        // x = a & !b, y = !a & b (in either fan-in order)
        if (a1 == not(a0) && b1 == not(b0)) {
            return new int[] {a0, not(b0)};
        }
        if (a1 == not(b0) && b1 == not(a0)) {
            return new int[] {a0, not(b0)};
        }
        return null;
    }

    /** Number of AND nodes reachable from {@code roots} (the logic that survives dead-code removal). */
    int liveAnds(int[] roots, boolean[] liveOut) {
        boolean[] live = liveOut;
        int[] stack = new int[Math.max(16, size)];
        int sp = 0;
        for (int r : roots) {
            int n = r >> 1;
            if (n > 0 && !live[n]) {
                live[n] = true;
                stack[sp++] = n;
            }
        }
        int count = 0;
        while (sp > 0) {
            int n = stack[--sp];
            if (input[n]) {
                continue;
            }
            count++;
            for (int f : new int[] {fanin0[n] >> 1, fanin1[n] >> 1}) {
                if (f > 0 && !live[f]) {
                    live[f] = true;
                    stack[sp++] = f;
                }
            }
        }
        return count;
    }
}
