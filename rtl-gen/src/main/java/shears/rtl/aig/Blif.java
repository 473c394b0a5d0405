package shears.rtl.aig;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.rtl.util.InputFiles;
import shears.rtl.util.InputFormatException;

/**
 * Combinational BLIF: {@code .model}, {@code .inputs}, {@code .outputs}, {@code .names} with
 * single-output covers (rows of 0/1/- and an output value; an empty cover is constant 0), line
 * continuation with a backslash, {@code #} comments, {@code .end}. Latches are rejected (sequential
 * netlists are not supported), as are {@code .subckt}/{@code .gate}. Each cover becomes a balanced
 * OR of balanced cube ANDs, structurally hashed.
 */
public final class Blif {
    private Blif() {}

    private record Cover(List<String> inputs, List<String> rows, boolean onSet, int line) {}

    public static Aig read(Path file) {
        return parse(InputFiles.lines(file), file.toString());
    }

    public static Aig parse(List<String> raw, String name) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Map<String, Cover> covers = new LinkedHashMap<>();
        Map<String, Integer> declaredAt = new HashMap<>();
        Cover current = null;
        String currentOut = null;
        boolean model = false;
        for (int i = 0; i < raw.size(); i++) {
            int lineNo = i + 1;
            StringBuilder sb = new StringBuilder(stripComment(raw.get(i)));
            while (sb.toString().stripTrailing().endsWith("\\") && i + 1 < raw.size()) {
                int cut = sb.lastIndexOf("\\");
                sb.setLength(cut);
                sb.append(' ').append(stripComment(raw.get(++i)));
            }
            String line = sb.toString().strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] tok = line.split("\\s+");
            if (tok[0].startsWith(".")) {
                current = null;
                switch (tok[0]) {
                    case ".model" -> {
                        if (model) {
                            throw err(name, lineNo, "more than one .model (hierarchical BLIF is not supported)");
                        }
                        model = true;
                    }
                    case ".inputs" -> {
                        for (int k = 1; k < tok.length; k++) {
                            declare(name, lineNo, tok[k], declaredAt);
                            inputs.add(tok[k]);
                        }
                    }
                    case ".outputs" -> outputs.addAll(List.of(tok).subList(1, tok.length));
                    case ".names" -> {
                        if (tok.length < 2) {
                            throw err(name, lineNo, ".names needs at least an output signal");
                        }
                        String out = tok[tok.length - 1];
                        declare(name, lineNo, out, declaredAt);
                        current = new Cover(List.of(tok).subList(1, tok.length - 1), new ArrayList<>(), true, lineNo);
                        currentOut = out;
                        covers.put(out, current);
                    }
                    case ".end" -> {
                        i = raw.size();
                    }
                    case ".latch" ->
                        throw err(
                                name,
                                lineNo,
                                "sequential netlist: .latch is not supported (combinational networks only)");
                    case ".subckt", ".gate", ".mlatch" ->
                        throw err(name, lineNo, tok[0] + " is not supported (flat combinational BLIF only)");
                    case ".exdc" -> throw err(name, lineNo, ".exdc don't-care networks are not supported");
                    default -> throw err(name, lineNo, "unknown directive " + tok[0]);
                }
                continue;
            }
            if (current == null) {
                throw err(name, lineNo, "cover row outside a .names block: '" + line + "'");
            }
            int n = current.inputs().size();
            String pattern = n == 0 ? "" : tok[0];
            String value = n == 0 ? tok[0] : (tok.length > 1 ? tok[1] : "");
            if ((n > 0 && tok.length != 2)
                    || (n == 0 && tok.length != 1)
                    || pattern.length() != n
                    || !pattern.matches("[01-]*")
                    || !(value.equals("0") || value.equals("1"))) {
                throw err(name, lineNo, "bad cover row '" + line + "' for " + n + " inputs");
            }
            boolean on = value.equals("1");
            if (!current.rows().isEmpty() && on != current.onSet()) {
                throw err(name, lineNo, "cover mixes on-set and off-set rows");
            }
            if (current.rows().isEmpty() && !on) { // an off-set cover: the function is the complement
                current = new Cover(current.inputs(), current.rows(), false, current.line());
                covers.put(currentOut, current);
            }
            current.rows().add(pattern);
        }
        if (!model) {
            throw err(name, 1, "no .model line");
        }
        return build(name, inputs, outputs, covers, declaredAt);
    }

    private static void declare(String file, int line, String signal, Map<String, Integer> declaredAt) {
        Integer prev = declaredAt.putIfAbsent(signal, line);
        if (prev != null) {
            throw err(file, line, "signal '" + signal + "' is defined twice (first on line " + prev + ")");
        }
    }

    private static Aig build(
            String file,
            List<String> inputs,
            List<String> outputs,
            Map<String, Cover> covers,
            Map<String, Integer> declaredAt) {
        AigBuilder b = new AigBuilder();
        Map<String, Integer> lit = new HashMap<>();
        for (String in : inputs) {
            lit.put(in, b.input(in));
        }
        // iterative depth-first construction with cycle detection
        Map<String, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
        for (String out : outputs) {
            if (!lit.containsKey(out) && !covers.containsKey(out)) {
                throw err(file, 1, "output '" + out + "' is never defined");
            }
            Deque<String> stack = new ArrayDeque<>();
            stack.push(out);
            while (!stack.isEmpty()) {
                String s = stack.peek();
                if (lit.containsKey(s)) {
                    stack.pop();
                    continue;
                }
                Cover c = covers.get(s);
                if (state.getOrDefault(s, 0) == 0) {
                    state.put(s, 1);
                    for (String in : c.inputs()) {
                        if (!lit.containsKey(in)) {
                            if (!covers.containsKey(in)) {
                                throw err(file, c.line(), "signal '" + in + "' used by '" + s + "' is never defined");
                            }
                            if (state.getOrDefault(in, 0) == 1) {
                                throw err(file, c.line(), "combinational loop through '" + in + "' and '" + s + "'");
                            }
                            stack.push(in);
                        }
                    }
                    continue;
                }
                stack.pop();
                if (lit.containsKey(s)) {
                    continue;
                }
                List<Integer> cubes = new ArrayList<>();
                for (String row : c.rows()) {
                    List<Integer> cube = new ArrayList<>();
                    for (int k = 0; k < row.length(); k++) {
                        char ch = row.charAt(k);
                        if (ch != '-') {
                            int l = lit.get(c.inputs().get(k));
                            cube.add(ch == '1' ? l : AigBuilder.not(l));
                        }
                    }
                    cubes.add(b.andAll(cube));
                }
                int f = b.orAll(cubes);
                lit.put(s, c.onSet() ? f : AigBuilder.not(f));
                state.put(s, 2);
            }
        }
        for (String out : outputs) {
            b.output(out, lit.get(out));
        }
        return b.build().withoutDeadNodes();
    }

    private static String stripComment(String s) {
        int hash = s.indexOf('#');
        return hash >= 0 ? s.substring(0, hash) : s;
    }

    private static InputFormatException err(String file, int line, String message) {
        return new InputFormatException(file + ":" + line + ": " + message);
    }

    /** BLIF text of an AIG: one two-input cover per AND node ("n" + variable), outputs as buffers. */
    public static String write(Aig aig, String modelName) {
        String prefix = internalPrefix(aig);
        StringBuilder sb = new StringBuilder();
        sb.append(".model ").append(modelName).append('\n');
        sb.append(".inputs");
        for (String in : aig.inputNames()) {
            sb.append(' ').append(in);
        }
        sb.append("\n.outputs");
        for (String out : aig.outputNames()) {
            sb.append(' ').append(out);
        }
        sb.append('\n');
        for (int v = aig.inputCount() + 1; v <= aig.maxVar(); v++) {
            int a = aig.fanin0(v);
            int c = aig.fanin1(v);
            sb.append(".names ")
                    .append(signal(aig, a >> 1, prefix))
                    .append(' ')
                    .append(signal(aig, c >> 1, prefix))
                    .append(' ')
                    .append(prefix)
                    .append(v)
                    .append('\n');
            sb.append((a & 1) == 0 ? '1' : '0').append((c & 1) == 0 ? '1' : '0').append(" 1\n");
        }
        for (int i = 0; i < aig.outputCount(); i++) {
            int o = aig.output(i);
            String name = aig.outputNames().get(i);
            if (o >> 1 == 0) {
                sb.append(".names ").append(name).append('\n').append(o == AigBuilder.TRUE ? "1\n" : "");
            } else if (!(o == 2 * (o >> 1) && signal(aig, o >> 1, prefix).equals(name))) {
                sb.append(".names ")
                        .append(signal(aig, o >> 1, prefix))
                        .append(' ')
                        .append(name)
                        .append('\n');
                sb.append((o & 1) == 0 ? "1 1\n" : "0 1\n");
            }
        }
        sb.append(".end\n");
        return sb.toString();
    }

    private static String signal(Aig aig, int var, String prefix) {
        return var <= aig.inputCount() ? aig.inputNames().get(var - 1) : prefix + var;
    }

    /** "n", or "n_", "n__", ... : a prefix no input or output name starts with, for internal nodes. */
    static String internalPrefix(Aig aig) {
        String prefix = "n";
        while (true) {
            String p = prefix;
            boolean clash = java.util.stream.Stream.concat(aig.inputNames().stream(), aig.outputNames().stream())
                    .anyMatch(
                            s -> s.startsWith(p) && s.length() > p.length() && Character.isDigit(s.charAt(p.length())));
            if (!clash) {
                return prefix;
            }
            prefix += "_";
        }
    }
}
