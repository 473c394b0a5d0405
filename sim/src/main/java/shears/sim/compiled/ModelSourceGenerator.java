package shears.sim.compiled;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Memory;
import shears.rtl.ir.Netlist;
import shears.rtl.ir.NetlistModule;
import shears.rtl.ir.Op;
import shears.sim.bits.WideBits;

/**
 * Generates the Java source of a {@link CompiledModel} subclass for a flat netlist: settle() is the
 * levelised cell list as straight-line statements over the state arrays (narrow constants inlined),
 * edge() computes every next value then commits. Statements are split into methods of at most
 * {@link #STATEMENTS_PER_METHOD}, which keeps each well below HotSpot's 8000-byte JIT limit.
 */
final class ModelSourceGenerator {
    static final int STATEMENTS_PER_METHOD = 120;
    static final int STATEMENTS_PER_PART = 2400;
    private static final String WB = "shears.sim.bits.WideBits";

    private final NetlistModule m;
    private final int[] order;
    private final List<String> settle = new ArrayList<>();
    private final List<String> edgeCompute = new ArrayList<>();
    private final List<String> edgeCommit = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();
    private final List<Integer> wideNextWords = new ArrayList<>();
    private int narrowNext;

    /** Nets kept in Java locals of their settle method instead of the state array. */
    private final boolean[] local;
    /** Settle-method index of each net's producer, -1 for non-combinational nets. */
    private final int[] methodOf;

    /**
     * @param storeAll keep every net in the state array (needed for toggle counting); otherwise an
     *                 anonymous narrow net read only inside its own settle method lives in a local
     */
    ModelSourceGenerator(Netlist flat, boolean storeAll) {
        this.m = flat.top();
        this.order = flat.combOrder(m.name());
        int n = m.size();
        this.local = new boolean[n];
        this.methodOf = new int[n];
        java.util.Arrays.fill(methodOf, -1);
        for (int k = 0; k < order.length; k++) {
            methodOf[order[k]] = k / STATEMENTS_PER_METHOD;
        }
        if (!storeAll) {
            boolean[] escapes = new boolean[n];
            for (int i = 0; i < n; i++) {
                Cell c = m.cell(i);
                boolean comb = c.op().isCombinational();
                for (int k = 0; k < c.inputCount(); k++) {
                    int in = c.in(k);
                    if (in >= 0 && (!comb || methodOf[in] != methodOf[i])) {
                        escapes[in] = true;
                    }
                }
            }
            m.outputs().forEach(o -> escapes[o.net()] = true);
            for (Memory mem : m.memories()) {
                if (mem.write() != null) {
                    escapes[mem.write().enable()] = true;
                    escapes[mem.write().addr()] = true;
                    escapes[mem.write().data()] = true;
                }
            }
            for (int i = 0; i < n; i++) {
                Cell c = m.cell(i);
                local[i] = methodOf[i] >= 0 && !escapes[i] && c.name() == null && c.width() <= 64;
            }
        }
    }

    int narrowNextSlots() {
        return narrowNext;
    }

    int[] wideNextWords() {
        return wideNextWords.stream().mapToInt(Integer::intValue).toArray();
    }

    String generate(String simpleName) {
        for (int i : order) {
            settle.add(cell(i, m.cell(i)));
        }
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            if (c.op() == Op.REG) {
                reg(i, c);
            } else if (c.op() == Op.MEM_READ) {
                read(i, c);
            }
        }
        List<String> writes = new ArrayList<>();
        for (int k = 0; k < m.memories().size(); k++) {
            Memory mem = m.memories().get(k);
            if (mem.write() != null) {
                writes.add(write(k, mem));
            }
        }
        List<String> edge = new ArrayList<>(edgeCompute);
        edge.addAll(writes);
        edge.addAll(edgeCommit);
        StringBuilder sb = new StringBuilder();
        sb.append("package shears.sim.compiled.gen;\n\n");
        sb.append("@SuppressWarnings(\"all\")\npublic final class ")
                .append(simpleName)
                .append(" extends shears.sim.compiled.CompiledModel {\n");
        for (String f : fields) {
            sb.append("    ").append(f).append('\n');
        }
        sb.append("    public ")
                .append(simpleName)
                .append("(shears.sim.SimState s, int n, int[] wn) { super(s, n, wn); }\n");
        methods(sb, "settle", settle);
        methods(sb, "edge", edge);
        sb.append("}\n");
        return sb.toString();
    }

    /**
     * Emits {@code name()} as calls into nested part classes of at most {@link #STATEMENTS_PER_PART}
     * statements each (every class file has its own 65535-entry constant pool, which one class for a
     * 100k-cell netlist would overflow), each part split into methods of {@link #STATEMENTS_PER_METHOD}.
     */
    private void methods(StringBuilder sb, String name, List<String> statements) {
        int parts = (statements.size() + STATEMENTS_PER_PART - 1) / STATEMENTS_PER_PART;
        StringBuilder body = new StringBuilder();
        for (int p = 0; p < parts; p++) {
            String part = name + "Part" + p;
            sb.append("    private final ")
                    .append(part)
                    .append(' ')
                    .append(part.toLowerCase())
                    .append(" = new ")
                    .append(part)
                    .append("(v, w, nx, nxw, memN, memW);\n");
            body.append("        ").append(part.toLowerCase()).append(".run();\n");
            List<String> slice = statements.subList(
                    p * STATEMENTS_PER_PART, Math.min(statements.size(), (p + 1) * STATEMENTS_PER_PART));
            int chunks = (slice.size() + STATEMENTS_PER_METHOD - 1) / STATEMENTS_PER_METHOD;
            sb.append("    private static final class ").append(part).append(" {\n");
            sb.append(
                    "        private final long[] v; private final long[][] w; private final long[] nx; private final long[][] nxw;\n");
            sb.append("        private final long[][] memN; private final long[][][] memW;\n");
            sb.append("        ")
                    .append(part)
                    .append("(long[] v, long[][] w, long[] nx, long[][] nxw, long[][] memN, long[][][] memW) {\n");
            sb.append(
                    "            this.v = v; this.w = w; this.nx = nx; this.nxw = nxw; this.memN = memN; this.memW = memW;\n        }\n");
            sb.append("        void run() {\n");
            for (int k = 0; k < chunks; k++) {
                sb.append("            m").append(k).append("();\n");
            }
            sb.append("        }\n");
            for (int k = 0; k < chunks; k++) {
                sb.append("        private void m").append(k).append("() {\n");
                sb.append(
                        "            final long[] v = this.v; final long[][] w = this.w; final long[] nx = this.nx;\n");
                sb.append(
                        "            final long[][] nxw = this.nxw; final long[][] memN = this.memN; final long[][][] memW = this.memW;\n");
                int end = Math.min(slice.size(), (k + 1) * STATEMENTS_PER_METHOD);
                for (int st = k * STATEMENTS_PER_METHOD; st < end; st++) {
                    sb.append("            ").append(slice.get(st)).append('\n');
                }
                sb.append("        }\n");
            }
            sb.append("    }\n");
        }
        sb.append("    public void ").append(name).append("() {\n").append(body).append("    }\n");
    }

    private boolean wide(int net) {
        return m.cell(net).width() > 64;
    }

    private int width(int net) {
        return m.cell(net).width();
    }

    /** Expression for a narrow net's value; constants are inlined, method-local nets are locals. */
    private String n(int net) {
        Cell c = m.cell(net);
        if (c.op() == Op.CONST && c.width() <= 64) {
            return hex(c.value().longValue());
        }
        return local[net] ? "t" + net : "v[" + net + "]";
    }

    private String wv(int net) {
        return "w[" + net + "]";
    }

    private static String hex(long x) {
        return "0x" + Long.toHexString(x) + "L";
    }

    private static String masked(String expr, int w) {
        return w >= 64 ? expr : "(" + expr + ") & " + hex(WideBits.mask(w));
    }

    private static String sx(String expr, int w) {
        return w >= 64 ? expr : "((" + expr + " << " + (64 - w) + ") >> " + (64 - w) + ")";
    }

    private String shiftAmount(int net) {
        return wide(net) ? WB + ".shiftAmount(" + wv(net) + ")" : WB + ".shiftAmount(" + n(net) + ")";
    }

    private String cell(int i, Cell c) {
        boolean anyWide = c.width() > 64;
        for (int k = 0; k < c.inputCount(); k++) {
            anyWide |= wide(c.in(k));
        }
        return anyWide ? wideCell(i, c) : narrowCell(i, c);
    }

    /** Left-hand side for a narrow result: a new local or the state array slot. */
    private String narrowDst(int i) {
        return local[i] ? "final long t" + i + " = " : "v[" + i + "] = ";
    }

    private String narrowCell(int i, Cell c) {
        int w = c.width();
        String d = narrowDst(i);
        String a = c.inputCount() > 0 ? n(c.in(0)) : null;
        String b = c.inputCount() > 1 ? n(c.in(1)) : null;
        return switch (c.op()) {
            case ADD -> d + masked(a + " + " + b, w) + ";";
            case SUB -> d + masked(a + " - " + b, w) + ";";
            case MUL -> d + masked(a + " * " + b, w) + ";";
            case AND -> d + a + " & " + b + ";";
            case OR -> d + a + " | " + b + ";";
            case XOR -> d + a + " ^ " + b + ";";
            case NOT -> d + masked("~" + a, w) + ";";
            case SHL -> d + WB + ".shlNarrow(" + a + ", " + shiftAmount(c.in(1)) + ", " + w + ");";
            case SHR -> d + WB + ".shrNarrow(" + a + ", " + shiftAmount(c.in(1)) + ", " + w + ");";
            case SRA -> d + WB + ".sraNarrow(" + a + ", " + shiftAmount(c.in(1)) + ", " + w + ");";
            case EQ -> d + "(" + a + " == " + b + ") ? 1L : 0L;";
            case NE -> d + "(" + a + " != " + b + ") ? 1L : 0L;";
            case LTU -> d + "Long.compareUnsigned(" + a + ", " + b + ") < 0 ? 1L : 0L;";
            case LEU -> d + "Long.compareUnsigned(" + a + ", " + b + ") <= 0 ? 1L : 0L;";
            case LTS -> d + "(" + sx(a, width(c.in(0))) + " < " + sx(b, width(c.in(0))) + ") ? 1L : 0L;";
            case LES -> d + "(" + sx(a, width(c.in(0))) + " <= " + sx(b, width(c.in(0))) + ") ? 1L : 0L;";
            case MUX -> d + "(" + a + " != 0L) ? " + b + " : " + n(c.in(2)) + ";";
            case SLICE -> d + masked(a + " >>> " + c.aux(), w) + ";";
            case CONCAT -> {
                List<String> parts = new ArrayList<>();
                int shift = w;
                for (int k = 0; k < c.inputCount(); k++) {
                    shift -= width(c.in(k));
                    parts.add(shift == 0 ? n(c.in(k)) : "(" + n(c.in(k)) + " << " + shift + ")");
                }
                yield d + String.join(" | ", parts) + ";";
            }
            case ZEXT, ALIAS -> d + a + ";";
            case SEXT -> d + masked(sx(a, width(c.in(0))), w) + ";";
            case RED_AND -> d + "(" + a + " == " + hex(WideBits.mask(width(c.in(0)))) + ") ? 1L : 0L;";
            case RED_OR -> d + "(" + a + " != 0L) ? 1L : 0L;";
            case RED_XOR -> d + "Long.bitCount(" + a + ") & 1L;";
            default -> throw new IllegalStateException(c.op() + " in combinational order");
        };
    }

    private String wideCell(int i, Cell c) {
        int w = c.width();
        boolean outWide = w > 64;
        String d = wv(i);
        String a = c.inputCount() > 0 ? (wide(c.in(0)) ? wv(c.in(0)) : null) : null;
        String b = c.inputCount() > 1 ? (wide(c.in(1)) ? wv(c.in(1)) : null) : null;
        switch (c.op()) {
            case ADD:
                return WB + ".add(" + d + ", " + a + ", " + b + ", " + w + ");";
            case SUB:
                return WB + ".sub(" + d + ", " + a + ", " + b + ", " + w + ");";
            case MUL:
                return WB + ".mul(" + d + ", " + a + ", " + b + ", " + w + ");";
            case AND:
                return WB + ".and(" + d + ", " + a + ", " + b + ");";
            case OR:
                return WB + ".or(" + d + ", " + a + ", " + b + ");";
            case XOR:
                return WB + ".xor(" + d + ", " + a + ", " + b + ");";
            case NOT:
                return WB + ".not(" + d + ", " + a + ", " + w + ");";
            case SHL:
            case SHR:
            case SRA: {
                if (!outWide) {
                    return narrowCell(i, c);
                }
                String k = shiftAmount(c.in(1));
                return c.op() == Op.SHL
                        ? WB + ".shl(" + d + ", " + a + ", " + k + ", " + w + ");"
                        : WB + ".shr(" + d + ", " + a + ", " + k + ", " + w + ", " + (c.op() == Op.SRA) + ");";
            }
            case EQ:
            case NE:
            case LTU:
            case LEU:
            case LTS:
            case LES: {
                int wa = width(c.in(0));
                String cmp = (c.op() == Op.LTS || c.op() == Op.LES)
                        ? WB + ".compareSigned(" + a + ", " + b + ", " + wa + ")"
                        : WB + ".compareUnsigned(" + a + ", " + b + ")";
                String rel = switch (c.op()) {
                    case EQ -> " == 0";
                    case NE -> " != 0";
                    case LTU, LTS -> " < 0";
                    default -> " <= 0";
                };
                return narrowDst(i) + "(" + cmp + rel + ") ? 1L : 0L;";
            }
            case MUX:
                return "System.arraycopy((" + n(c.in(0)) + " != 0L) ? " + wv(c.in(1)) + " : " + wv(c.in(2)) + ", 0, "
                        + d + ", 0, " + WideBits.words(w) + ");";
            case SLICE:
                return outWide
                        ? WB + ".slice(" + d + ", " + a + ", " + c.aux() + ", " + w + ");"
                        : narrowDst(i) + "" + WB + ".sliceToLong(" + a + ", " + c.aux() + ", " + w + ");";
            case CONCAT: {
                StringBuilder sb = new StringBuilder("java.util.Arrays.fill(" + d + ", 0L);");
                int lo = w;
                for (int k = 0; k < c.inputCount(); k++) {
                    int p = c.in(k);
                    lo -= width(p);
                    sb.append(
                            wide(p)
                                    ? " " + WB + ".deposit(" + d + ", " + lo + ", " + wv(p) + ", " + width(p) + ");"
                                    : " " + WB + ".depositLong(" + d + ", " + lo + ", " + n(p) + ", " + width(p)
                                            + ");");
                }
                return sb.toString();
            }
            case ZEXT:
            case ALIAS:
                return wide(c.in(0))
                        ? WB + ".zext(" + d + ", " + a + ");"
                        : WB + ".zextLong(" + d + ", " + n(c.in(0)) + ");";
            case SEXT:
                return wide(c.in(0))
                        ? WB + ".sext(" + d + ", " + a + ", " + width(c.in(0)) + ", " + w + ");"
                        : WB + ".sextLong(" + d + ", " + n(c.in(0)) + ", " + width(c.in(0)) + ", " + w + ");";
            case RED_AND:
                return narrowDst(i) + "" + WB + ".allOnes(" + a + ", " + width(c.in(0)) + ") ? 1L : 0L;";
            case RED_OR:
                return narrowDst(i) + "" + WB + ".anySet(" + a + ") ? 1L : 0L;";
            case RED_XOR:
                return narrowDst(i) + "" + WB + ".parity(" + a + ") ? 1L : 0L;";
            default:
                throw new IllegalStateException(c.op() + " in combinational order");
        }
    }

    private String constWords(BigInteger value, int width) {
        long[] words = WideBits.fromBig(value, width);
        String field = "k" + fields.size();
        StringBuilder sb = new StringBuilder("private static final long[] " + field + " = {");
        for (int k = 0; k < words.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(hex(words[k]));
        }
        fields.add(sb.append("};").toString());
        return field;
    }

    private void reg(int i, Cell c) {
        int en = c.in(1);
        int rst = c.in(2);
        if (c.width() <= 64) {
            int slot = narrowNext++;
            String dv = n(c.in(0));
            String next = en >= 0 ? "(" + n(en) + " != 0L) ? " + dv + " : v[" + i + "]" : dv;
            if (rst >= 0) {
                next = "(" + n(rst) + " != 0L) ? " + hex(c.value().longValue()) + " : "
                        + (en >= 0 ? "(" + next + ")" : next);
            }
            edgeCompute.add("nx[" + slot + "] = " + next + ";");
            edgeCommit.add("v[" + i + "] = nx[" + slot + "];");
        } else {
            int slot = wideNextWords.size();
            int words = WideBits.words(c.width());
            wideNextWords.add(words);
            String src = en >= 0 ? "(" + n(en) + " != 0L) ? " + wv(c.in(0)) + " : " + wv(i) : wv(c.in(0));
            if (rst >= 0) {
                src = "(" + n(rst) + " != 0L) ? " + constWords(c.value(), c.width()) + " : "
                        + (en >= 0 ? "(" + src + ")" : src);
            }
            edgeCompute.add("System.arraycopy(" + src + ", 0, nxw[" + slot + "], 0, " + words + ");");
            edgeCommit.add("System.arraycopy(nxw[" + slot + "], 0, w[" + i + "], 0, " + words + ");");
        }
    }

    private void read(int i, Cell c) {
        Memory mem = m.memories().get(c.aux());
        int k = c.aux();
        boolean pow2 = Integer.bitCount(mem.depth()) == 1;
        String addr = n(c.in(0));
        String en = c.in(1) >= 0 ? n(c.in(1)) + " != 0L" : "true";
        String inRange = pow2 ? "true" : "(" + addr + " < " + mem.depth() + "L)";
        if (c.width() <= 64) {
            int slot = narrowNext++;
            edgeCompute.add("nx[" + slot + "] = (" + en + ") ? ((" + inRange + ") ? memN[" + k + "][(int) " + addr
                    + "] : 0L) : v[" + i + "];");
            edgeCommit.add("v[" + i + "] = nx[" + slot + "];");
        } else {
            int slot = wideNextWords.size();
            int words = WideBits.words(c.width());
            wideNextWords.add(words);
            edgeCompute.add("if (" + en + ") { if (" + inRange + ") System.arraycopy(memW[" + k + "][(int) " + addr
                    + "], 0, nxw[" + slot + "], 0, " + words + "); else java.util.Arrays.fill(nxw[" + slot + "], 0L); }"
                    + " else System.arraycopy(w[" + i + "], 0, nxw[" + slot + "], 0, " + words + ");");
            edgeCommit.add("System.arraycopy(nxw[" + slot + "], 0, w[" + i + "], 0, " + words + ");");
        }
    }

    private String write(int k, Memory mem) {
        Memory.WritePort wp = mem.write();
        boolean pow2 = Integer.bitCount(mem.depth()) == 1;
        String addr = n(wp.addr());
        String cond = n(wp.enable()) + " != 0L" + (pow2 ? "" : " && " + addr + " < " + mem.depth() + "L");
        if (mem.width() <= 64) {
            return "if (" + cond + ") memN[" + k + "][(int) " + addr + "] = " + n(wp.data()) + ";";
        }
        return "if (" + cond + ") System.arraycopy(" + wv(wp.data()) + ", 0, memW[" + k + "][(int) " + addr + "], 0, "
                + WideBits.words(mem.width()) + ");";
    }
}
