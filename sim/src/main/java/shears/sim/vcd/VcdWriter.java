package shears.sim.vcd;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.rtl.ir.OutputPort;
import shears.sim.SimState;

/**
 * IEEE 1364 value-change dump of a flat netlist's ports and named nets, with one scope per module
 * instance (flattened names "u_pe0.acc" go into scope {@code u_pe0}). Each cycle c is written at
 * time 10·c with its settled values and {@code clk} low; {@code clk} rises at 10·c + 5. Only changes
 * are written. Deterministic: no date, scopes and variables in sorted order.
 */
public final class VcdWriter implements AutoCloseable {
    private final Writer out;
    private final List<Var> vars = new ArrayList<>();
    private final String clockId;
    private final String clockName;
    private final String topName;
    private boolean headerDone;
    private long lastTime = -1;

    private record Var(String id, int net, int width, String[] path) {}

    private static final class Scope {
        final Map<String, Scope> children = new TreeMap<>();
        final Map<String, Var> vars = new TreeMap<>();
    }

    private final Scope root = new Scope();
    private long[] lastNarrow;
    private long[][] lastWide;
    private boolean first = true;

    public VcdWriter(Writer out, Netlist flat) {
        this.out = out;
        NetlistModule m = flat.top();
        this.topName = m.name();
        int next = 0;
        clockId = id(next++);
        clockName = flat.top().clocking().clock();
        for (OutputPort o : m.outputs()) {
            add(new Var(id(next++), o.net(), m.cell(o.net()).width(), new String[] {o.name()}));
        }
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            if (c.name() == null || (c.op() == Op.CONST)) {
                continue;
            }
            add(new Var(id(next++), i, c.width(), c.name().split("\\.")));
        }
        lastNarrow = new long[m.size()];
        lastWide = new long[m.size()][];
    }

    private void add(Var v) {
        vars.add(v);
        Scope s = root;
        for (int k = 0; k < v.path.length - 1; k++) {
            s = s.children.computeIfAbsent(v.path[k], x -> new Scope());
        }
        s.vars.put(v.path[v.path.length - 1], v);
    }

    private static String id(int n) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('!' + n % 94));
            n /= 94;
        } while (n > 0);
        return sb.toString();
    }

    private void header(String top) throws IOException {
        out.write("$version Shears $end\n$timescale 1ns $end\n");
        out.write("$scope module " + top + " $end\n");
        out.write("$var wire 1 " + clockId + " " + clockName + " $end\n");
        writeScope(root);
        out.write("$upscope $end\n$enddefinitions $end\n");
        headerDone = true;
    }

    private void writeScope(Scope s) throws IOException {
        for (Map.Entry<String, Var> e : s.vars.entrySet()) {
            Var v = e.getValue();
            out.write("$var wire " + v.width + " " + v.id + " " + e.getKey()
                    + (v.width > 1 ? " [" + (v.width - 1) + ":0]" : "") + " $end\n");
        }
        for (Map.Entry<String, Scope> e : s.children.entrySet()) {
            out.write("$scope module " + e.getKey() + " $end\n");
            writeScope(e.getValue());
            out.write("$upscope $end\n");
        }
    }

    /** Writes the settled values of cycle {@code cycle}. */
    public void sample(long cycle, SimState state) throws IOException {
        if (!headerDone) {
            header(topName);
        }
        long t = cycle * 10;
        if (t <= lastTime) {
            return;
        }
        out.write("#" + t + "\n");
        out.write("0" + clockId + "\n");
        for (Var v : vars) {
            if (state.w[v.net] == null) {
                long x = state.v[v.net];
                if (first || x != lastNarrow[v.net]) {
                    writeValue(v, Long.toBinaryString(x));
                    lastNarrow[v.net] = x;
                }
            } else {
                long[] x = state.w[v.net];
                if (first || lastWide[v.net] == null || !java.util.Arrays.equals(x, lastWide[v.net])) {
                    writeValue(v, new java.math.BigInteger(1, toBytes(x)).toString(2));
                    lastWide[v.net] = x.clone();
                }
            }
        }
        first = false;
        out.write("#" + (t + 5) + "\n1" + clockId + "\n");
        lastTime = t;
    }

    private void writeValue(Var v, String bits) throws IOException {
        if (v.width == 1) {
            out.write(bits + v.id + "\n");
        } else {
            out.write("b" + bits + " " + v.id + "\n");
        }
    }

    private static byte[] toBytes(long[] words) {
        byte[] b = new byte[words.length * 8];
        for (int i = 0; i < words.length; i++) {
            long w = words[words.length - 1 - i];
            for (int k = 0; k < 8; k++) {
                b[i * 8 + k] = (byte) (w >>> (56 - 8 * k));
            }
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
