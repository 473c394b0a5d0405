package shears.rtl.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Orders combinational cells so each follows its combinational inputs, and finds combinational
 * loops. Iterative depth-first search, so deep chains do not overflow the stack; visiting roots in
 * index order makes the result deterministic.
 */
public final class Levelizer {
    private Levelizer() {}

    /** Combinational cells of {@code m}, each after its combinational inputs; throws on a loop. */
    public static int[] combOrder(NetlistModule m) {
        Result r = run(m);
        if (!r.loop.isEmpty()) {
            throw new NetlistException("combinational loop in " + m.name() + " through nets " + r.loop);
        }
        return r.order;
    }

    /** The nets of one combinational loop, in dependency order, or an empty list if there is none. */
    public static List<Integer> findLoop(NetlistModule m) {
        return run(m).loop;
    }

    private record Result(int[] order, List<Integer> loop) {}

    private static Result run(NetlistModule m) {
        int n = m.size();
        byte[] state = new byte[n]; // 0 new, 1 on stack, 2 done
        int[] order = new int[n];
        int count = 0;
        int[] stack = new int[n];
        int[] next = new int[n];
        for (int root = 0; root < n; root++) {
            if (state[root] != 0 || !m.cell(root).op().isCombinational()) {
                continue;
            }
            int sp = 0;
            stack[sp++] = root;
            state[root] = 1;
            next[root] = 0;
            while (sp > 0) {
                int c = stack[sp - 1];
                Cell cell = m.cell(c);
                if (next[c] < cell.inputCount()) {
                    int in = cell.in(next[c]++);
                    if (in < 0 || !m.cell(in).op().isCombinational()) {
                        continue;
                    }
                    if (state[in] == 1) {
                        List<Integer> loop = new ArrayList<>();
                        int k = sp - 1;
                        while (stack[k] != in) {
                            k--;
                        }
                        for (int j = k; j < sp; j++) {
                            loop.add(stack[j]);
                        }
                        Collections.reverse(loop);
                        return new Result(new int[0], loop);
                    }
                    if (state[in] == 0) {
                        state[in] = 1;
                        next[in] = 0;
                        stack[sp++] = in;
                    }
                } else {
                    state[c] = 2;
                    order[count++] = c;
                    sp--;
                }
            }
        }
        int[] exact = new int[count];
        System.arraycopy(order, 0, exact, 0, count);
        return new Result(exact, List.of());
    }
}
