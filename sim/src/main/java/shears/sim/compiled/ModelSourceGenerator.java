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
 * combinational cells as straight-line statements over the state arrays (narrow constants inlined),
 * edge() computes every next value then commits.
 *
 * <p>The cells are ordered so that each cone is contiguous, then cut into methods by estimated
 * bytecode: a net read only inside its own method is a Java local, which the JIT keeps in a
 * register, so the fewer values cross a method boundary the fewer go through the state array.
 * {@link #BYTES_PER_METHOD} keeps each method below HotSpot's 8000-byte limit for compiling it at
 * all; {@link CompiledSimulator} checks the compiled classes and halves the budget should one still
 * exceed it. Methods are grouped into inner classes of at most {@link #STATEMENTS_PER_PART}
 * statements, since each class file has its own 65535-entry constant pool.
 *
 * <p>Also: wide arithmetic read back only within its low word is computed as a long (see {@link
 * #lowWordNets}), narrow memories live in arrays of the narrowest primitive type, and short wide
 * values are copied word by word.
 *
 * <p>Activity-driven evaluation (ESSENT's: skip partitions whose inputs did not change) was measured
 * here and lost: the RAMAN processing elements are busy in 63-85 % of cycles, and the change checks
 * are data-dependent branches that cost more than the straight-line code they skip.
 */
final class ModelSourceGenerator {
    /** Estimated bytecode per settle method; measured on the RAMAN top, the longest comes to 4.8 kB. */
    static final int BYTES_PER_METHOD = 6_000;

    static final int EDGE_STATEMENTS_PER_METHOD = 120;
    static final int STATEMENTS_PER_PART = 2400;
    private static final String LOCALS = "final long[] v = MODEL.this.v; final long[][] w = MODEL.this.w;"
            + " final long[] nx = MODEL.this.nx; final long[][] nxw = MODEL.this.nxw;"
            + " final long[][][] memW = MODEL.this.memW;";
    private static final String WB = "shears.sim.bits.WideBits";

    private final NetlistModule m;
    private final int[] order;
    private final List<String> edgeCompute = new ArrayList<>();
    private final List<String> edgeCommit = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();
    private final List<Integer> wideNextWords = new ArrayList<>();
    private int narrowNext;

    /** Nets kept in Java locals of their settle method instead of the state array. */
    private final boolean[] local;
    /** Wider-than-64-bit nets of which only the low word is ever read, computed as a long. */
    private final boolean[] lowWord;
    /**
     * Nets the edge reads: inputs of registers and read ports, and memory write ports. A narrow
     * register that is not one is written in place, with no next-value slot to commit from.
     */
    private final boolean[] readInEdge;
    /**
     * The net each net's value is read from: itself, or for an anonymous narrow zero-extension or
     * alias the net it copies (transitively). A copy costs a store when its value crosses a method,
     * and RAMAN's netlist is more than a quarter zero-extensions, so copies are not evaluated at all.
     */
    private final int[] alias;
    /** Settle-method index of each net's producer, -1 for non-combinational nets. */
    private final int[] methodOf;

    /**
     * @param storeAll keep every net in the state array (needed for toggle counting); otherwise an
     *                 anonymous narrow net read only inside its own settle method lives in a local
     * @param bytesPerMethod estimated bytecode bytes per settle method
     */
    ModelSourceGenerator(Netlist flat, boolean storeAll, int bytesPerMethod) {
        this.m = flat.top();
        this.order = clusteredOrder(m, flat.combOrder(m.name()));
        int n = m.size();
        boolean[] edgeReads = readInEdge(m);
        this.lowWord = storeAll ? new boolean[n] : lowWordNets(m, order, edgeReads);
        this.alias = storeAll ? java.util.stream.IntStream.range(0, n).toArray() : aliases(m, order);
        this.local = new boolean[n];
        this.readInEdge = new boolean[n];
        for (int i = 0; i < n; i++) {
            readInEdge[alias[i]] |= edgeReads[i];
        }
        this.methodOf = new int[n];
        java.util.Arrays.fill(methodOf, -1);
        int method = 0;
        int bytes = 0;
        for (int i : order) {
            int cost = bytecodeEstimate(m.cell(i));
            if (bytes > 0 && bytes + cost > bytesPerMethod) {
                method++;
                bytes = 0;
            }
            bytes += cost;
            methodOf[i] = method;
        }
        if (!storeAll) {
            // what the edge reads, outputs, and values read by another settle method
            boolean[] escapes = readInEdge.clone();
            m.outputs().forEach(o -> escapes[o.net()] = true);
            for (int i = 0; i < n; i++) {
                Cell c = m.cell(i);
                for (int k = 0; k < c.inputCount() && alias[i] == i && methodOf[i] >= 0; k++) {
                    int in = c.in(k) >= 0 ? alias[c.in(k)] : -1;
                    if (in >= 0 && methodOf[in] != methodOf[i]) {
                        escapes[in] = true;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                Cell c = m.cell(i);
                local[i] = methodOf[i] >= 0 && !escapes[i] && c.name() == null && !wide(i);
            }
        }
    }

    /**
     * A topological order of the combinational cells in which each cone is contiguous: depth-first
     * post-order from the inputs of registers and read ports, then memory write ports and outputs,
     * then whatever is left, in netlist order. Iterative, so deep logic cannot overflow the stack.
     */
    static int[] clusteredOrder(NetlistModule m, int[] levelOrder) {
        int n = m.size();
        boolean[] comb = new boolean[n];
        for (int i : levelOrder) {
            comb[i] = true;
        }
        List<Integer> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Cell c = m.cell(i);
            if (!c.op().isCombinational()) {
                for (int k = 0; k < c.inputCount(); k++) {
                    roots.add(c.in(k));
                }
            }
        }
        for (Memory mem : m.memories()) {
            if (mem.write() != null) {
                roots.add(mem.write().enable());
                roots.add(mem.write().addr());
                roots.add(mem.write().data());
            }
        }
        m.outputs().forEach(o -> roots.add(o.net()));
        for (int i : levelOrder) {
            roots.add(i);
        }
        int[] out = new int[levelOrder.length];
        int size = 0;
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        int[] nextInput = new int[n];
        for (int root : roots) {
            if (root < 0 || !comb[root] || seen[root]) {
                continue;
            }
            int top = 0;
            stack[top++] = root;
            seen[root] = true;
            while (top > 0) {
                int i = stack[top - 1];
                Cell c = m.cell(i);
                if (nextInput[i] < c.inputCount()) {
                    int in = c.in(nextInput[i]++);
                    if (in >= 0 && comb[in] && !seen[in]) {
                        seen[in] = true;
                        stack[top++] = in;
                    }
                } else {
                    out[size++] = i;
                    top--;
                }
            }
        }
        return out;
    }

    /**
     * The wide combinational nets whose readers use only their low 64 bits: slices within the low
     * word, or other such nets. For these operations the low word of the result depends only on the
     * low words of the operands, so a 65-bit {@code x - 1} sliced back to 64 bits costs one
     * subtraction instead of two array operations. Named nets and outputs keep their full value.
     */
    static boolean[] lowWordNets(NetlistModule m, int[] order, boolean[] stateInput) {
        int n = m.size();
        boolean[] ok = new boolean[n];
        for (int i : order) {
            Cell c = m.cell(i);
            boolean narrowSelect = c.op() != Op.MUX || m.cell(c.in(0)).width() <= 64;
            ok[i] = c.width() > 64
                    && c.name() == null
                    && narrowSelect
                    && switch (c.op()) {
                        case ADD, SUB, MUL, AND, OR, XOR, NOT, ZEXT, SEXT, ALIAS, MUX -> true;
                        default -> false;
                    };
        }
        m.outputs().forEach(o -> ok[o.net()] = false);
        for (int i = 0; i < n; i++) {
            ok[i] &= !stateInput[i];
        }
        // a net stays only if every reader keeps to its low word; readers come later in the order
        for (int k = order.length - 1; k >= 0; k--) {
            Cell c = m.cell(order[k]);
            boolean sliceLow = c.op() == Op.SLICE && c.aux() + c.width() <= 64;
            for (int j = 0; j < c.inputCount(); j++) {
                int in = c.in(j);
                boolean selectOfMux = c.op() == Op.MUX && j == 0;
                if (in >= 0 && ok[in] && !(sliceLow || (ok[order[k]] && !selectOfMux))) {
                    ok[in] = false;
                }
            }
        }
        return ok;
    }

    /** See {@link #alias}; {@code order} is topological, so a chain resolves in one pass. */
    static int[] aliases(NetlistModule m, int[] order) {
        int[] alias = java.util.stream.IntStream.range(0, m.size()).toArray();
        boolean[] output = new boolean[m.size()];
        m.outputs().forEach(o -> output[o.net()] = true);
        for (int i : order) {
            Cell c = m.cell(i);
            boolean copy = c.op() == Op.ZEXT || c.op() == Op.ALIAS;
            if (copy
                    && c.width() <= 64
                    && c.name() == null
                    && !output[i]
                    && m.cell(c.in(0)).width() <= 64) {
                alias[i] = alias[c.in(0)];
            }
        }
        return alias;
    }

    /** Nets the edge reads: inputs of registers and read ports, and memory write ports. */
    static boolean[] readInEdge(NetlistModule m) {
        boolean[] read = new boolean[m.size()];
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            if (!c.op().isCombinational()) {
                for (int k = 0; k < c.inputCount(); k++) {
                    if (c.in(k) >= 0) {
                        read[c.in(k)] = true;
                    }
                }
            }
        }
        for (Memory mem : m.memories()) {
            if (mem.write() != null) {
                read[mem.write().enable()] = true;
                read[mem.write().addr()] = true;
                read[mem.write().data()] = true;
            }
        }
        return read;
    }

    /**
     * Bytecode bytes a cell's statement is expected to take: a load per operand, the operation, a
     * mask and a store, more for calls into {@link WideBits}.
     */
    private int bytecodeEstimate(Cell c) {
        boolean anyWide = c.width() > 64;
        for (int k = 0; k < c.inputCount(); k++) {
            anyWide |= m.cell(c.in(k)).width() > 64;
        }
        int cost = 10 + 5 * c.inputCount();
        return anyWide ? cost + 16 : c.op() == Op.CONCAT ? cost + 5 * c.inputCount() : cost;
    }

    int narrowNextSlots() {
        return narrowNext;
    }

    int[] wideNextWords() {
        return wideNextWords.stream().mapToInt(Integer::intValue).toArray();
    }

    String generate(String simpleName) {
        List<List<String>> settle = new ArrayList<>();
        for (int i : order) {
            while (settle.size() <= methodOf[i]) {
                settle.add(new ArrayList<>());
            }
            if (alias[i] == i) {
                settle.get(methodOf[i]).add(cell(i, m.cell(i)));
            }
        }
        for (int i = 0; i < m.size(); i++) {
            Cell c = m.cell(i);
            if (c.op() == Op.REG) {
                reg(i, c);
            } else if (c.op() == Op.MEM_READ) {
                read(i, c);
            }
        }
        List<String> edge = new ArrayList<>(edgeCompute);
        for (int k = 0; k < m.memories().size(); k++) {
            Memory mem = m.memories().get(k);
            if (mem.write() != null) {
                edge.add(write(k, mem));
            }
            if (mem.width() <= 64) {
                MemoryType t = MemoryType.of(mem);
                fields.add("private final " + t.java + "[] mem" + k + " = " + t.copier + "(memN[" + k + "]);");
            }
        }
        edge.addAll(edgeCommit);
        List<List<String>> edgeMethods = new ArrayList<>();
        for (int k = 0; k < edge.size(); k += EDGE_STATEMENTS_PER_METHOD) {
            edgeMethods.add(edge.subList(k, Math.min(edge.size(), k + EDGE_STATEMENTS_PER_METHOD)));
        }
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
        methods(sb, "edge", edgeMethods);
        sb.append("}\n");
        return sb.toString().replace("MODEL", simpleName);
    }

    /**
     * Emits {@code name()} as calls into inner part classes of at most {@link #STATEMENTS_PER_PART}
     * statements each (every class file has its own 65535-entry constant pool, which one class for a
     * 100k-cell netlist would overflow), one method per body.
     */
    private static void methods(StringBuilder sb, String name, List<List<String>> bodies) {
        StringBuilder calls = new StringBuilder();
        int k = 0;
        for (int p = 0; k < bodies.size(); p++) {
            String part = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Part" + p;
            String field = name + "Part" + p;
            sb.append("    private final ")
                    .append(part)
                    .append(' ')
                    .append(field)
                    .append(" = new ")
                    .append(part)
                    .append("();\n");
            calls.append("        ").append(field).append(".run();\n");
            StringBuilder run = new StringBuilder("        void run() {\n");
            StringBuilder methods = new StringBuilder();
            int statements = 0;
            for (;
                    k < bodies.size()
                            && (statements == 0 || statements + bodies.get(k).size() <= STATEMENTS_PER_PART);
                    k++) {
                statements += bodies.get(k).size();
                run.append("            m").append(k).append("();\n");
                methods.append("        private void m")
                        .append(k)
                        .append("() {\n            ")
                        .append(LOCALS)
                        .append('\n');
                for (String st : bodies.get(k)) {
                    methods.append("            ").append(st).append('\n');
                }
                methods.append("        }\n");
            }
            sb.append("    private final class ")
                    .append(part)
                    .append(" {\n")
                    .append(run)
                    .append("        }\n")
                    .append(methods)
                    .append("    }\n");
        }
        sb.append("    public void ")
                .append(name)
                .append("() {\n")
                .append(calls)
                .append("    }\n");
    }

    /** True for a net held as words in {@code w}; a low-word net is held as a long like a narrow one. */
    private boolean wide(int net) {
        return m.cell(net).width() > 64 && !lowWord[net];
    }

    private int width(int net) {
        return m.cell(net).width();
    }

    /** Expression for a narrow net's value; constants are inlined, method-local nets are locals. */
    private String n(int copied) {
        int net = alias[copied];
        Cell c = m.cell(net);
        if (c.op() == Op.CONST) {
            return hex(c.value().longValue());
        }
        if (wide(net)) {
            return "w[" + net + "][0]";
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
        boolean anyWide = wide(i);
        for (int k = 0; k < c.inputCount() && !lowWord[i]; k++) {
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
                return copy("(" + n(c.in(0)) + " != 0L) ? " + wv(c.in(1)) + " : " + wv(c.in(2)), d, WideBits.words(w));
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

    /**
     * Copies {@code words} words from the array {@code src} evaluates to into {@code dst}: written out
     * word by word for the few words of a typical wide value, where {@code System.arraycopy}'s call
     * costs more than the copy.
     */
    private static String copy(String src, String dst, int words) {
        if (words > 8) {
            return "System.arraycopy(" + src + ", 0, " + dst + ", 0, " + words + ");";
        }
        StringBuilder sb = new StringBuilder("{ final long[] s_ = " + src + "; final long[] d_ = " + dst + ";");
        for (int k = 0; k < words; k++) {
            sb.append(" d_[").append(k).append("] = s_[").append(k).append("];");
        }
        return sb.append(" }").toString();
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
            if (readInEdge[i]) {
                edgeCompute.add("nx[" + slot + "] = " + next + ";");
                edgeCommit.add("v[" + i + "] = nx[" + slot + "];");
            } else {
                edgeCompute.add("v[" + i + "] = " + next + ";");
            }
        } else {
            int slot = wideNextWords.size();
            int words = WideBits.words(c.width());
            wideNextWords.add(words);
            String src = en >= 0 ? "(" + n(en) + " != 0L) ? " + wv(c.in(0)) + " : " + wv(i) : wv(c.in(0));
            if (rst >= 0) {
                src = "(" + n(rst) + " != 0L) ? " + constWords(c.value(), c.width()) + " : "
                        + (en >= 0 ? "(" + src + ")" : src);
            }
            edgeCompute.add(copy(src, "nxw[" + slot + "]", words));
            edgeCommit.add(copy("nxw[" + slot + "]", "w[" + i + "]", words));
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
            edgeCompute.add("nx[" + slot + "] = (" + en + ") ? ((" + inRange + ") ? " + memWord(k, mem, addr)
                    + " : 0L) : v[" + i + "];");
            edgeCommit.add("v[" + i + "] = nx[" + slot + "];");
        } else {
            int slot = wideNextWords.size();
            int words = WideBits.words(c.width());
            wideNextWords.add(words);
            edgeCompute.add("if (" + en + ") { if (" + inRange + ") System.arraycopy(memW[" + k + "][(int) " + addr
                    + "], 0, nxw[" + slot + "], 0, " + words + "); else java.util.Arrays.fill(nxw[" + slot + "], 0L); }"
                    + " else System.arraycopy(w[" + i + "], 0, nxw[" + slot + "], 0, " + words + ");");
            edgeCommit.add(copy("nxw[" + slot + "]", "w[" + i + "]", words));
        }
    }

    /**
     * The Java element type holding a narrow memory's words: the narrowest that fits, so the memories
     * of an accelerator stay in the data cache (a 1024 x 8 bank is 1 KiB, not 8).
     */
    enum MemoryType {
        BYTE("byte", "bytes", 0xFFL),
        SHORT("short", "shorts", 0xFFFFL),
        INT("int", "ints", 0xFFFF_FFFFL),
        LONG("long", "longs", -1L);

        final String java;
        final String copier;
        final long mask;

        MemoryType(String java, String copier, long mask) {
            this.java = java;
            this.copier = copier;
            this.mask = mask;
        }

        static MemoryType of(Memory mem) {
            int w = mem.width();
            return w <= 8 ? BYTE : w <= 16 ? SHORT : w <= 32 ? INT : LONG;
        }
    }

    /** A narrow memory's word at {@code addr}, zero-extended to a long. */
    private static String memWord(int k, Memory mem, String addr) {
        MemoryType t = MemoryType.of(mem);
        String word = "MODEL.this.mem" + k + "[(int) " + addr + "]";
        return t == MemoryType.LONG ? word : "(" + word + " & " + hex(t.mask) + ")";
    }

    private String write(int k, Memory mem) {
        Memory.WritePort wp = mem.write();
        boolean pow2 = Integer.bitCount(mem.depth()) == 1;
        String addr = n(wp.addr());
        String cond = n(wp.enable()) + " != 0L" + (pow2 ? "" : " && " + addr + " < " + mem.depth() + "L");
        if (mem.width() <= 64) {
            return "if (" + cond + ") MODEL.this.mem" + k + "[(int) " + addr + "] = (" + MemoryType.of(mem).java + ") "
                    + n(wp.data()) + ";";
        }
        return "if (" + cond + ") System.arraycopy(" + wv(wp.data()) + ", 0, memW[" + k + "][(int) " + addr + "], 0, "
                + WideBits.words(mem.width()) + ");";
    }
}
