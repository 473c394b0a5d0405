package shears.rtl.pass;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Levelizer;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;

/**
 * Merges anonymous combinational cells (and constants) that compute the same thing from the same
 * nets: same op, width, aux, value and inputs (commutative ops with sorted inputs). Named cells are
 * never merged away, but an anonymous duplicate of a named cell is.
 */
public final class CommonSubexpressionElimination extends ModulePass {
    @Override
    public String name() {
        return "cse";
    }

    private record Key(Op op, int width, int aux, BigInteger value, List<Integer> inputs) {}

    @Override
    NetlistModule apply(NetlistModule m) {
        int n = m.size();
        List<Cell> cells = new ArrayList<>(m.cells());
        int[] replace = ModuleRewriter.identity(n);
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        Map<Key, Integer> seen = new HashMap<>();
        // Constants first (they are sources), then combinational cells in dependency order.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (cells.get(i).op() == Op.CONST) {
                order.add(i);
            }
        }
        for (int i : Levelizer.combOrder(m)) {
            order.add(i);
        }
        for (int i : order) {
            Cell c = cells.get(i);
            int[] ins = new int[c.inputCount()];
            for (int k = 0; k < ins.length; k++) {
                ins[k] = ModuleRewriter.find(replace, c.in(k));
            }
            if (c.op().isCommutative() && ins[0] > ins[1]) {
                int t = ins[0];
                ins[0] = ins[1];
                ins[1] = t;
            }
            c = c.withInputs(ins);
            cells.set(i, c);
            List<Integer> key = new ArrayList<>(ins.length);
            for (int x : ins) {
                key.add(x);
            }
            Key k = new Key(c.op(), c.width(), c.aux(), c.value(), key);
            Integer prior = seen.get(k);
            if (prior == null) {
                seen.put(k, i);
            } else if (c.name() == null) {
                replace[i] = prior;
                keep[i] = false;
            } else if (cells.get(prior).name() == null) {
                // The named copy becomes the representative so the name survives.
                replace[prior] = i;
                keep[prior] = false;
                seen.put(k, i);
            }
        }
        boolean[] keepMem = new boolean[m.memories().size()];
        Arrays.fill(keepMem, true);
        return ModuleRewriter.rewrite(m, cells, replace, keep, keepMem);
    }
}
