package shears.rtl.testing;

import java.math.BigInteger;
import java.util.Arrays;
import shears.rtl.ir.Cell;
import shears.rtl.ir.CellSemantics;
import shears.rtl.ir.Memory;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;

/**
 * A deliberately naive simulator for tests: every value a {@link BigInteger}, every combinational
 * cell through {@link CellSemantics}, state updated exactly as the {@code Simulator} javadoc says.
 * It shares no code with the engines beyond the netlist, so it is an independent oracle.
 */
public final class ReferenceSim {
    private final NetlistModule m;
    private final int[] order;
    private final BigInteger[] v;
    private final BigInteger[][] mem;

    public ReferenceSim(Netlist netlist) {
        Netlist flat = netlist.flatten();
        this.m = flat.top();
        this.order = flat.combOrder(m.name());
        this.v = new BigInteger[m.size()];
        Arrays.fill(v, BigInteger.ZERO);
        for (int i = 0; i < m.size(); i++) {
            if (m.cell(i).op() == Op.CONST) {
                v[i] = m.cell(i).value();
            }
        }
        mem = new BigInteger[m.memories().size()][];
        for (int k = 0; k < mem.length; k++) {
            Memory me = m.memories().get(k);
            mem[k] = new BigInteger[me.depth()];
            for (int a = 0; a < me.depth(); a++) {
                mem[k][a] = me.initWord(a);
            }
        }
    }

    public NetlistModule module() {
        return m;
    }

    public void poke(String port, BigInteger value) {
        v[m.inputNet(port)] = value;
    }

    public void settle() {
        for (int i : order) {
            Cell c = m.cell(i);
            int[] widths = new int[c.inputCount()];
            BigInteger[] in = new BigInteger[c.inputCount()];
            for (int k = 0; k < in.length; k++) {
                widths[k] = m.cell(c.in(k)).width();
                in[k] = v[c.in(k)];
            }
            v[i] = CellSemantics.eval(c, widths, in);
        }
    }

    public BigInteger peek(String output) {
        return v[m.output(output).net()];
    }

    public BigInteger net(int i) {
        return v[i];
    }

    /** Edge only; call {@link #settle()} first. */
    public void edge() {
        BigInteger[] next = v.clone();
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            if (c.op() == Op.REG) {
                boolean rst = c.in(2) >= 0 && v[c.in(2)].signum() != 0;
                boolean en = c.in(1) < 0 || v[c.in(1)].signum() != 0;
                next[i] = rst ? c.value() : en ? v[c.in(0)] : v[i];
            } else if (c.op() == Op.MEM_READ) {
                boolean en = c.in(1) < 0 || v[c.in(1)].signum() != 0;
                if (en) {
                    BigInteger a = v[c.in(0)];
                    BigInteger[] words = mem[c.aux()];
                    next[i] = a.compareTo(BigInteger.valueOf(words.length)) < 0 ? words[a.intValue()] : BigInteger.ZERO;
                }
            }
        }
        for (int k = 0; k < mem.length; k++) {
            Memory.WritePort w = m.memories().get(k).write();
            if (w != null && v[w.enable()].signum() != 0) {
                BigInteger a = v[w.addr()];
                if (a.compareTo(BigInteger.valueOf(mem[k].length)) < 0) {
                    mem[k][a.intValue()] = v[w.data()];
                }
            }
        }
        System.arraycopy(next, 0, v, 0, v.length);
    }
}
