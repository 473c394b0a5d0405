package shears.models.logic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link Aig} with structural hashing: {@code and(a, b)} returns an existing node for the
 * same (ordered) fanins, folds constants and the trivial cases {@code a & a = a}, {@code a & !a = 0}.
 * All inputs must be added before the first AND.
 */
public final class AigBuilder {
    public static final int FALSE = 0;
    public static final int TRUE = 1;

    private final List<String> inputNames = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<Integer> outputs = new ArrayList<>();
    private final List<Integer> fanin0 = new ArrayList<>();
    private final List<Integer> fanin1 = new ArrayList<>();
    private final Map<Long, Integer> strash = new HashMap<>();

    /** Adds a primary input; returns its positive literal. */
    public int input(String name) {
        if (!fanin0.isEmpty()) {
            throw new IllegalStateException("inputs must come before AND nodes");
        }
        inputNames.add(name);
        return 2 * inputNames.size();
    }

    public int and(int a, int b) {
        if (a > b) {
            int t = a;
            a = b;
            b = t;
        }
        if (a == FALSE) {
            return FALSE;
        }
        if (a == TRUE) {
            return b;
        }
        if (a == b) {
            return a;
        }
        if ((a ^ 1) == b) {
            return FALSE;
        }
        long key = (long) a << 32 | b;
        Integer hit = strash.get(key);
        if (hit != null) {
            return hit;
        }
        fanin0.add(a);
        fanin1.add(b);
        int lit = 2 * (inputNames.size() + fanin0.size());
        strash.put(key, lit);
        return lit;
    }

    public static int not(int a) {
        return a ^ 1;
    }

    public int or(int a, int b) {
        return not(and(not(a), not(b)));
    }

    public int xor(int a, int b) {
        return or(and(a, not(b)), and(not(a), b));
    }

    public int mux(int sel, int ifTrue, int ifFalse) {
        return or(and(sel, ifTrue), and(not(sel), ifFalse));
    }

    /** Balanced AND of all literals (TRUE when empty). */
    public int andAll(List<Integer> lits) {
        return reduce(lits, true);
    }

    /** Balanced OR of all literals (FALSE when empty). */
    public int orAll(List<Integer> lits) {
        return reduce(lits, false);
    }

    private int reduce(List<Integer> lits, boolean isAnd) {
        if (lits.isEmpty()) {
            return isAnd ? TRUE : FALSE;
        }
        List<Integer> level = new ArrayList<>(lits);
        while (level.size() > 1) {
            List<Integer> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(isAnd ? and(level.get(i), level.get(i + 1)) : or(level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0);
    }

    public void output(String name, int lit) {
        outputNames.add(name);
        outputs.add(lit);
    }

    public int andCount() {
        return fanin0.size();
    }

    public Aig build() {
        return new Aig(inputNames, outputNames, outputs.stream().mapToInt(Integer::intValue).toArray(),
                fanin0.stream().mapToInt(Integer::intValue).toArray(), fanin1.stream().mapToInt(Integer::intValue).toArray());
    }
}
