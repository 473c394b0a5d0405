package shears.rtl.pass;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import shears.rtl.ir.Cell;
import shears.rtl.ir.CellSemantics;
import shears.rtl.ir.KnownBits;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;

/**
 * Replaces every combinational cell whose output bits are all known ({@link KnownBits}: constant
 * inputs, x^x, x&lt;x, comparisons decided by known bits, ...) by a constant, and applies identities that need
 * no evaluation: a mux with a constant select, a mux with equal arms, an anonymous alias (replaced by
 * its source), x&amp;0, x|0, x^0, x+0, x-0, x*1. A named cell that folds keeps its name. A named alias of
 * an anonymous cell hands the name to that cell.
 */
public final class ConstantFolding extends ModulePass {
    @Override
    public String name() {
        return "constant-folding";
    }

    @Override
    NetlistModule apply(NetlistModule m) {
        int n = m.size();
        List<Cell> cells = new ArrayList<>(m.cells());
        int[] replace = ModuleRewriter.identity(n);
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        int[] order = shears.rtl.ir.Levelizer.combOrder(m);
        KnownBits[] kb = new KnownBits[n];
        for (int i = 0; i < n; i++) {
            Cell c = cells.get(i);
            kb[i] = c.op() == Op.CONST ? KnownBits.constant(c.value(), c.width()) : KnownBits.unknown(c.width());
        }
        for (int i : order) {
            Cell c = cells.get(i);
            int[] ins = new int[c.inputCount()];
            for (int k = 0; k < ins.length; k++) {
                ins[k] = ModuleRewriter.find(replace, c.in(k));
            }
            c = c.withInputs(ins);
            cells.set(i, c);
            KnownBits[] inKb = new KnownBits[ins.length];
            for (int k = 0; k < ins.length; k++) {
                inKb[k] = kb[ins[k]];
            }
            kb[i] = KnownBits.transfer(c, inKb);
            if (kb[i].isConstant()) {
                cells.set(i, Cell.constant(kb[i].value(), c.width(), c.signed(), c.name(), c.loc()));
                continue;
            }
            int same = identity(c, cells);
            if (same >= 0) {
                Cell target = cells.get(same);
                if (c.name() == null) {
                    replace[i] = same;
                    keep[i] = false;
                } else if (target.name() == null && target.op().isCombinational() && target.op() != Op.ALIAS) {
                    cells.set(same, target.withName(c.name()));
                    replace[i] = same;
                    keep[i] = false;
                } else if (c.op() != Op.ALIAS) {
                    cells.set(
                            i, new Cell(Op.ALIAS, c.width(), c.signed(), new int[] {same}, 0, null, c.name(), c.loc()));
                }
            }
        }
        boolean[] keepMem = new boolean[m.memories().size()];
        Arrays.fill(keepMem, true);
        return ModuleRewriter.rewrite(m, cells, replace, keep, keepMem);
    }

    /** The net this cell always equals, or -1. */
    private static int identity(Cell c, List<Cell> cells) {
        switch (c.op()) {
            case ALIAS:
                return c.in(0);
            case MUX: {
                Cell sel = cells.get(c.in(0));
                if (sel.op() == Op.CONST) {
                    return sel.value().signum() != 0 ? c.in(1) : c.in(2);
                }
                return c.in(1) == c.in(2) ? c.in(1) : -1;
            }
            case AND:
            case OR:
            case XOR:
            case ADD:
            case SUB:
            case MUL: {
                BigInteger neutral = c.op() == Op.MUL
                        ? BigInteger.ONE
                        : c.op() == Op.AND ? CellSemantics.mask(c.width()) : BigInteger.ZERO;
                if (isConst(cells.get(c.in(1)), neutral)) {
                    return c.in(0);
                }
                if (c.op() != Op.SUB && isConst(cells.get(c.in(0)), neutral)) {
                    return c.in(1);
                }
                return -1;
            }
            case ZEXT:
            case SEXT:
                return cells.get(c.in(0)).width() == c.width() ? c.in(0) : -1;
            default:
                return -1;
        }
    }

    private static boolean isConst(Cell c, BigInteger v) {
        return c.op() == Op.CONST && c.value().equals(v);
    }
}
