package shears.rtl.aig;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import shears.rtl.util.InputFiles;
import shears.rtl.util.InputFormatException;

/**
 * AIGER 1.0/1.9 files, ASCII ({@code aag}) and binary ({@code aig}), combinational only: latches
 * and the 1.9 bad/constraint/justice/fairness sections are rejected. The symbol table names inputs
 * and outputs ({@code i0}, {@code o0}, ...); unnamed ones become {@code i<k>} / {@code o<k>}.
 * Reading rebuilds the graph with structural hashing; writing emits binary AIGER.
 */
public final class Aiger {
    private Aiger() {}

    public static Aig read(Path file) {
        return parse(InputFiles.bytes(file), file.toString());
    }

    /** Reads ASCII text lines and binary varints from one buffer, tracking the line number. */
    private static final class Cursor {
        final byte[] b;
        final String name;
        int pos;
        int line; // lines read so far: the number of the last line read

        Cursor(byte[] b, String name) {
            this.b = b;
            this.name = name;
        }

        String line() {
            if (pos >= b.length) {
                throw err("unexpected end of file");
            }
            int start = pos;
            while (pos < b.length && b[pos] != '\n') {
                pos++;
            }
            String s = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
            if (pos < b.length) {
                pos++;
            }
            line++;
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        long varint() {
            long x = 0;
            int shift = 0;
            while (true) {
                if (pos >= b.length) {
                    throw errAt(line + 1, "truncated binary AND section");
                }
                int ch = b[pos++] & 0xFF;
                x |= (long) (ch & 0x7F) << shift;
                if ((ch & 0x80) == 0) {
                    return x;
                }
                shift += 7;
                if (shift > 56) {
                    throw errAt(line + 1, "malformed varint in binary AND section");
                }
            }
        }

        InputFormatException err(String message) {
            return errAt(line, message);
        }

        InputFormatException errAt(int lineNo, String message) {
            return new InputFormatException(name + ":" + lineNo + ": " + message);
        }
    }

    public static Aig parse(byte[] bytes, String name) {
        Cursor c = new Cursor(bytes, name);
        String[] h = c.line().strip().split("\\s+");
        boolean binary;
        if (h[0].equals("aag")) {
            binary = false;
        } else if (h[0].equals("aig")) {
            binary = true;
        } else {
            throw new InputFormatException(name + ":1: not an AIGER file (header must start with 'aag' or 'aig')");
        }
        if (h.length < 6) {
            throw new InputFormatException(name + ":1: header needs M I L O A");
        }
        long[] f = new long[h.length - 1];
        for (int i = 1; i < h.length; i++) {
            try {
                f[i - 1] = Long.parseLong(h[i]);
            } catch (NumberFormatException e) {
                throw new InputFormatException(name + ":1: header field '" + h[i] + "' is not a number");
            }
            if (f[i - 1] < 0 || f[i - 1] > Integer.MAX_VALUE / 2) {
                throw new InputFormatException(name + ":1: header field '" + h[i] + "' out of range");
            }
        }
        int m = (int) f[0];
        int ni = (int) f[1];
        int nl = (int) f[2];
        int no = (int) f[3];
        int na = (int) f[4];
        if (nl > 0) {
            throw new InputFormatException(
                    name + ":1: sequential AIGER (" + nl + " latches) is not supported; combinational networks only");
        }
        for (int k = 5; k < f.length; k++) {
            if (f[k] != 0) {
                throw new InputFormatException(
                        name + ":1: AIGER 1.9 bad/constraint/justice/fairness sections are not supported");
            }
        }
        if ((long) ni + nl + na > m) {
            throw new InputFormatException(
                    name + ":1: M = " + m + " is smaller than I + L + A = " + ((long) ni + nl + na));
        }
        int[] inputLits = new int[ni];
        for (int i = 0; i < ni; i++) {
            inputLits[i] = binary ? 2 * (i + 1) : literal(c, c.line(), m);
            if ((inputLits[i] & 1) != 0 || inputLits[i] < 2) {
                throw c.err("input literal " + inputLits[i] + " must be even and non-constant");
            }
        }
        int[] outputLits = new int[no];
        for (int i = 0; i < no; i++) {
            outputLits[i] = literal(c, c.line(), m);
        }
        Map<Integer, int[]> ands = new HashMap<>();
        Map<Integer, Integer> definedAt = new HashMap<>();
        for (int i = 0; i < ni; i++) {
            if (definedAt.put(inputLits[i] >> 1, c.line) != null) {
                throw c.err("variable " + (inputLits[i] >> 1) + " defined twice");
            }
        }
        for (int i = 0; i < na; i++) {
            int lhs;
            int r0;
            int r1;
            if (binary) {
                lhs = 2 * (ni + nl + i + 1);
                long d0 = c.varint();
                long d1 = c.varint();
                r0 = (int) (lhs - d0);
                r1 = (int) (r0 - d1);
                if (d0 == 0 || r0 < 0 || r1 < 0) {
                    throw c.errAt(c.line + 1, "binary AND " + lhs + " has invalid deltas");
                }
            } else {
                String[] t = c.line().strip().split("\\s+");
                if (t.length != 3) {
                    throw c.err("AND line needs three literals");
                }
                lhs = literal(c, t[0], m);
                r0 = literal(c, t[1], m);
                r1 = literal(c, t[2], m);
                if ((lhs & 1) != 0 || lhs < 2) {
                    throw c.err("AND output literal " + lhs + " must be even and non-constant");
                }
            }
            if (definedAt.put(lhs >> 1, c.line) != null) {
                throw c.err("variable " + (lhs >> 1) + " defined twice");
            }
            ands.put(lhs >> 1, new int[] {r0, r1});
        }
        String[] inNames = new String[ni];
        String[] outNames = new String[no];
        while (c.pos < bytes.length) {
            String s = c.line();
            if (s.equals("c")) {
                break;
            }
            if (s.isEmpty()) {
                continue;
            }
            int sp = s.indexOf(' ');
            if (sp < 2 || (s.charAt(0) != 'i' && s.charAt(0) != 'o' && s.charAt(0) != 'l')) {
                throw c.err("malformed symbol line '" + s + "'");
            }
            int idx;
            try {
                idx = Integer.parseInt(s.substring(1, sp));
            } catch (NumberFormatException e) {
                throw c.err("malformed symbol line '" + s + "'");
            }
            String[] target = s.charAt(0) == 'i' ? inNames : s.charAt(0) == 'o' ? outNames : null;
            if (target == null || idx < 0 || idx >= target.length) {
                throw c.err("symbol '" + s + "' refers to no such input or output");
            }
            target[idx] = s.substring(sp + 1);
        }
        AigBuilder b = new AigBuilder();
        Map<Integer, Integer> lit = new HashMap<>();
        lit.put(0, AigBuilder.FALSE);
        for (int i = 0; i < ni; i++) {
            lit.put(inputLits[i] >> 1, b.input(inNames[i] != null ? inNames[i] : "i" + i));
        }
        // AND nodes in variable order first, so a topologically ordered file keeps its node order
        ands.keySet().stream().sorted().forEach(v -> resolve(2 * v, lit, ands, b, name, definedAt));
        for (int i = 0; i < no; i++) {
            int out = outputLits[i];
            b.output(outNames[i] != null ? outNames[i] : "o" + i, resolve(out, lit, ands, b, name, definedAt));
        }
        return b.build().withoutDeadNodes();
    }

    private static int resolve(
            int root,
            Map<Integer, Integer> lit,
            Map<Integer, int[]> ands,
            AigBuilder b,
            String name,
            Map<Integer, Integer> definedAt) {
        Deque<Integer> stack = new ArrayDeque<>();
        Map<Integer, Boolean> onStack = new HashMap<>();
        stack.push(root >> 1);
        while (!stack.isEmpty()) {
            int v = stack.peek();
            if (lit.containsKey(v)) {
                stack.pop();
                continue;
            }
            int[] g = ands.get(v);
            if (g == null) {
                throw new InputFormatException(name + ": literal " + 2 * v + " is used but never defined");
            }
            if (!onStack.getOrDefault(v, false)) {
                onStack.put(v, true);
                for (int r : g) {
                    if (!lit.containsKey(r >> 1)) {
                        if (onStack.getOrDefault(r >> 1, false)) {
                            throw new InputFormatException(name + ":" + definedAt.get(v)
                                    + ": combinational cycle through variable " + (r >> 1));
                        }
                        stack.push(r >> 1);
                    }
                }
                continue;
            }
            stack.pop();
            lit.put(v, b.and(lit.get(g[0] >> 1) ^ (g[0] & 1), lit.get(g[1] >> 1) ^ (g[1] & 1)));
            onStack.put(v, false);
        }
        return lit.get(root >> 1) ^ (root & 1);
    }

    private static int literal(Cursor c, String text, int m) {
        try {
            long v = Long.parseLong(text.strip());
            if (v < 0 || v > 2L * m + 1) {
                throw c.err("literal " + v + " exceeds 2M + 1 = " + (2L * m + 1));
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw c.err("'" + text.strip() + "' is not a literal");
        }
    }

    /** Binary AIGER bytes with a symbol table for every input and output. */
    public static byte[] writeBinary(Aig aig) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String header = "aig " + aig.maxVar() + " " + aig.inputCount() + " 0 " + aig.outputCount() + " "
                + aig.andCount() + "\n";
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < aig.outputCount(); i++) {
            out.writeBytes((aig.output(i) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        for (int v = aig.inputCount() + 1; v <= aig.maxVar(); v++) {
            int a = aig.fanin0(v);
            int c = aig.fanin1(v);
            int r0 = Math.max(a, c);
            int r1 = Math.min(a, c);
            varint(out, 2L * v - r0);
            varint(out, (long) r0 - r1);
        }
        StringBuilder sym = new StringBuilder();
        for (int i = 0; i < aig.inputCount(); i++) {
            sym.append('i')
                    .append(i)
                    .append(' ')
                    .append(aig.inputNames().get(i))
                    .append('\n');
        }
        for (int i = 0; i < aig.outputCount(); i++) {
            sym.append('o')
                    .append(i)
                    .append(' ')
                    .append(aig.outputNames().get(i))
                    .append('\n');
        }
        sym.append("c\nwritten by Shears\n");
        out.writeBytes(sym.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** ASCII AIGER text. */
    public static String writeAscii(Aig aig) {
        StringBuilder sb = new StringBuilder();
        sb.append("aag ")
                .append(aig.maxVar())
                .append(' ')
                .append(aig.inputCount())
                .append(" 0 ")
                .append(aig.outputCount())
                .append(' ')
                .append(aig.andCount())
                .append('\n');
        for (int i = 1; i <= aig.inputCount(); i++) {
            sb.append(2 * i).append('\n');
        }
        for (int i = 0; i < aig.outputCount(); i++) {
            sb.append(aig.output(i)).append('\n');
        }
        for (int v = aig.inputCount() + 1; v <= aig.maxVar(); v++) {
            sb.append(2 * v)
                    .append(' ')
                    .append(Math.max(aig.fanin0(v), aig.fanin1(v)))
                    .append(' ')
                    .append(Math.min(aig.fanin0(v), aig.fanin1(v)))
                    .append('\n');
        }
        for (int i = 0; i < aig.inputCount(); i++) {
            sb.append('i').append(i).append(' ').append(aig.inputNames().get(i)).append('\n');
        }
        for (int i = 0; i < aig.outputCount(); i++) {
            sb.append('o')
                    .append(i)
                    .append(' ')
                    .append(aig.outputNames().get(i))
                    .append('\n');
        }
        return sb.toString();
    }

    private static void varint(ByteArrayOutputStream out, long x) {
        while ((x & ~0x7FL) != 0) {
            out.write((int) (x & 0x7F) | 0x80);
            x >>>= 7;
        }
        out.write((int) x);
    }

    /** Reads .aig/.aag by content, .blif by extension. */
    public static Aig readAny(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".blif") ? Blif.read(file) : read(file);
    }
}
