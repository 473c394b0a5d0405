package shears.sim.interp;

import shears.rtl.ir.Cell;
import shears.rtl.ir.Memory;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.sim.AbstractSimulator;
import shears.sim.SimOptions;
import shears.sim.bits.WideBits;

/**
 * The reference engine: walks the levelised cell list every cycle and interprets each op. Narrow
 * nets take a {@code long} path; wider ones go through {@link WideBits} with freshly sized operands.
 * Written for clarity, not speed; the compiled engine must match it exactly.
 */
public final class Interpreter extends AbstractSimulator {
    private final NetlistModule m;
    private final Cell[] cells;
    private final int[] order;
    private final int[] regs;
    private final int[] reads;
    private final long[] nextNarrow;
    private final long[][] nextWide;

    public Interpreter(Netlist flat, SimOptions options) {
        super(flat, options);
        this.m = flat.top();
        this.cells = m.cells().toArray(new Cell[0]);
        this.order = flat.combOrder(m.name());
        this.regs = java.util.stream.IntStream.range(0, cells.length)
                .filter(i -> cells[i].op() == Op.REG)
                .toArray();
        this.reads = java.util.stream.IntStream.range(0, cells.length)
                .filter(i -> cells[i].op() == Op.MEM_READ)
                .toArray();
        this.nextNarrow = new long[cells.length];
        this.nextWide = new long[cells.length][];
        for (int i = 0; i < cells.length; i++) {
            if (cells[i].width() > 64) {
                nextWide[i] = new long[WideBits.words(cells[i].width())];
            }
        }
    }

    @Override
    public String engine() {
        return "interp";
    }

    /** Operand as words of its own width (a copy for narrow nets). */
    private long[] words(int net) {
        return state.isWide(net) ? state.w[net] : new long[] {state.v[net]};
    }

    private long[] wordsAt(int net, int width) {
        long[] src = words(net);
        long[] d = new long[WideBits.words(width)];
        System.arraycopy(src, 0, d, 0, Math.min(src.length, d.length));
        return d;
    }

    @Override
    protected void settle() {
        for (int i : order) {
            Cell c = cells[i];
            if (c.width() <= 64 && narrowInputs(c)) {
                state.v[i] = evalNarrow(c);
            } else {
                evalWide(i, c);
            }
        }
    }

    private boolean narrowInputs(Cell c) {
        for (int k = 0; k < c.inputCount(); k++) {
            if (state.isWide(c.in(k))) {
                return false;
            }
        }
        return true;
    }

    private long evalNarrow(Cell c) {
        long[] v = state.v;
        int w = c.width();
        long mask = WideBits.mask(w);
        long a = c.inputCount() > 0 ? v[c.in(0)] : 0;
        long b = c.inputCount() > 1 ? v[c.in(1)] : 0;
        switch (c.op()) {
            case ADD:
                return (a + b) & mask;
            case SUB:
                return (a - b) & mask;
            case MUL:
                return (a * b) & mask;
            case AND:
                return a & b;
            case OR:
                return a | b;
            case XOR:
                return a ^ b;
            case NOT:
                return ~a & mask;
            case SHL: {
                int k = WideBits.shiftAmount(b);
                return k >= w ? 0 : (a << k) & mask;
            }
            case SHR: {
                int k = WideBits.shiftAmount(b);
                return k >= w ? 0 : a >>> k;
            }
            case SRA: {
                int k = Math.min(WideBits.shiftAmount(b), 63);
                return (WideBits.sx(a, w) >> k) & mask;
            }
            case EQ:
                return a == b ? 1 : 0;
            case NE:
                return a != b ? 1 : 0;
            case LTU:
                return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            case LEU:
                return Long.compareUnsigned(a, b) <= 0 ? 1 : 0;
            case LTS: {
                int wa = cells[c.in(0)].width();
                return WideBits.sx(a, wa) < WideBits.sx(b, wa) ? 1 : 0;
            }
            case LES: {
                int wa = cells[c.in(0)].width();
                return WideBits.sx(a, wa) <= WideBits.sx(b, wa) ? 1 : 0;
            }
            case MUX:
                return a != 0 ? b : v[c.in(2)];
            case SLICE:
                return c.aux() >= 64 ? 0 : (a >>> c.aux()) & mask;
            case CONCAT: {
                long r = 0;
                for (int k = 0; k < c.inputCount(); k++) {
                    int wk = cells[c.in(k)].width();
                    r = (wk == 64 ? 0 : r << wk) | v[c.in(k)];
                }
                return r & mask;
            }
            case ZEXT:
            case ALIAS:
                return a;
            case SEXT:
                return WideBits.sx(a, cells[c.in(0)].width()) & mask;
            case RED_AND:
                return a == WideBits.mask(cells[c.in(0)].width()) ? 1 : 0;
            case RED_OR:
                return a != 0 ? 1 : 0;
            case RED_XOR:
                return Long.bitCount(a) & 1;
            default:
                throw new IllegalStateException(c.op() + " in combinational order");
        }
    }

    private void evalWide(int i, Cell c) {
        int w = c.width();
        long[] d = new long[WideBits.words(w)];
        switch (c.op()) {
            case ADD -> WideBits.add(d, words(c.in(0)), words(c.in(1)), w);
            case SUB -> WideBits.sub(d, words(c.in(0)), words(c.in(1)), w);
            case MUL -> WideBits.mul(d, words(c.in(0)), words(c.in(1)), w);
            case AND -> WideBits.and(d, words(c.in(0)), words(c.in(1)));
            case OR -> WideBits.or(d, words(c.in(0)), words(c.in(1)));
            case XOR -> WideBits.xor(d, words(c.in(0)), words(c.in(1)));
            case NOT -> WideBits.not(d, words(c.in(0)), w);
            case SHL -> WideBits.shl(d, words(c.in(0)), WideBits.shiftAmount(words(c.in(1))), w);
            case SHR -> WideBits.shr(d, words(c.in(0)), WideBits.shiftAmount(words(c.in(1))), w, false);
            case SRA -> WideBits.shr(d, words(c.in(0)), WideBits.shiftAmount(words(c.in(1))), w, true);
            case EQ, NE, LTU, LEU, LTS, LES -> {
                int wa = cells[c.in(0)].width();
                long[] a = wordsAt(c.in(0), wa);
                long[] b = wordsAt(c.in(1), wa);
                int cmp = (c.op() == Op.LTS || c.op() == Op.LES)
                        ? WideBits.compareSigned(a, b, wa)
                        : WideBits.compareUnsigned(a, b);
                boolean r = switch (c.op()) {
                    case EQ -> cmp == 0;
                    case NE -> cmp != 0;
                    case LTU, LTS -> cmp < 0;
                    default -> cmp <= 0;
                };
                d[0] = r ? 1 : 0;
            }
            case MUX -> System.arraycopy(words(state.v[c.in(0)] != 0 ? c.in(1) : c.in(2)), 0, d, 0, d.length);
            case SLICE -> WideBits.slice(d, words(c.in(0)), c.aux(), w);
            case CONCAT -> {
                int lo = w;
                for (int k = 0; k < c.inputCount(); k++) {
                    int wk = cells[c.in(k)].width();
                    lo -= wk;
                    WideBits.deposit(d, lo, words(c.in(k)), wk);
                }
            }
            case ZEXT, ALIAS -> WideBits.zext(d, words(c.in(0)));
            case SEXT -> WideBits.sext(d, words(c.in(0)), cells[c.in(0)].width(), w);
            case RED_AND -> d[0] = WideBits.allOnes(words(c.in(0)), cells[c.in(0)].width()) ? 1 : 0;
            case RED_OR -> d[0] = WideBits.anySet(words(c.in(0))) ? 1 : 0;
            case RED_XOR -> d[0] = WideBits.parity(words(c.in(0))) ? 1 : 0;
            default -> throw new IllegalStateException(c.op() + " in combinational order");
        }
        if (state.isWide(i)) {
            System.arraycopy(d, 0, state.w[i], 0, d.length);
        } else {
            state.v[i] = d[0];
        }
    }

    private boolean bit(int net) {
        return net >= 0 && state.v[net] != 0;
    }

    @Override
    protected void edge() {
        for (int i : regs) {
            Cell c = cells[i];
            int src;
            if (c.in(2) >= 0 && bit(c.in(2))) {
                src = -1;
            } else if (c.in(1) < 0 || bit(c.in(1))) {
                src = c.in(0);
            } else {
                src = i;
            }
            if (state.isWide(i)) {
                long[] val = src < 0 ? WideBits.fromBig(c.value(), c.width()) : state.w[src];
                System.arraycopy(val, 0, nextWide[i], 0, val.length);
            } else {
                nextNarrow[i] = src < 0 ? c.value().longValue() : state.v[src];
            }
        }
        for (int i : reads) {
            Cell c = cells[i];
            if (c.in(1) >= 0 && !bit(c.in(1))) {
                if (state.isWide(i)) {
                    System.arraycopy(state.w[i], 0, nextWide[i], 0, nextWide[i].length);
                } else {
                    nextNarrow[i] = state.v[i];
                }
                continue;
            }
            int depth = m.memories().get(c.aux()).depth();
            long addr = state.v[c.in(0)];
            boolean inRange = Long.compareUnsigned(addr, depth) < 0;
            if (state.isWide(i)) {
                long[] word = inRange ? state.memW[c.aux()][(int) addr] : new long[nextWide[i].length];
                System.arraycopy(word, 0, nextWide[i], 0, word.length);
            } else {
                nextNarrow[i] = inRange ? state.memN[c.aux()][(int) addr] : 0;
            }
        }
        for (int k = 0; k < m.memories().size(); k++) {
            Memory mem = m.memories().get(k);
            Memory.WritePort wp = mem.write();
            if (wp == null || !bit(wp.enable())) {
                continue;
            }
            long addr = state.v[wp.addr()];
            if (Long.compareUnsigned(addr, mem.depth()) >= 0) {
                continue;
            }
            if (mem.width() > 64) {
                state.memW[k][(int) addr] = state.w[wp.data()].clone();
            } else {
                state.memN[k][(int) addr] = state.v[wp.data()];
            }
        }
        for (int i : regs) {
            commit(i);
        }
        for (int i : reads) {
            commit(i);
        }
    }

    private void commit(int i) {
        if (state.isWide(i)) {
            System.arraycopy(nextWide[i], 0, state.w[i], 0, nextWide[i].length);
        } else {
            state.v[i] = nextNarrow[i];
        }
    }
}
