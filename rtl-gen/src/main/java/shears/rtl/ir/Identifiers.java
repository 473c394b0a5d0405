package shears.rtl.ir;

import java.util.Set;
import java.util.regex.Pattern;

/** Rules for builder names: they become Verilog identifiers, so they must be legal ones. */
public final class Identifiers {
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** Verilog-2005 and SystemVerilog keywords (Verilator parses both), plus names Shears emits itself. */
    private static final Set<String> RESERVED = Set.of(
            "always", "and", "assign", "automatic", "begin", "buf", "bufif0", "bufif1", "case", "casex", "casez",
            "cell", "cmos", "config", "deassign", "default", "defparam", "design", "disable", "edge", "else", "end",
            "endcase", "endconfig", "endfunction", "endgenerate", "endmodule", "endprimitive", "endspecify",
            "endtable", "endtask", "event", "for", "force", "forever", "fork", "function", "generate", "genvar",
            "highz0", "highz1", "if", "ifnone", "incdir", "include", "initial", "inout", "input", "instance",
            "integer", "join", "large", "liblist", "library", "localparam", "macromodule", "medium", "module", "nand",
            "negedge", "nmos", "nor", "noshowcancelled", "not", "notif0", "notif1", "or", "output", "parameter",
            "pmos", "posedge", "primitive", "pull0", "pull1", "pulldown", "pullup", "pulsestyle_onevent",
            "pulsestyle_ondetect", "rcmos", "real", "realtime", "reg", "release", "repeat", "rnmos", "rpmos",
            "rtran", "rtranif0", "rtranif1", "scalared", "showcancelled", "signed", "small", "specify", "specparam",
            "strong0", "strong1", "supply0", "supply1", "table", "task", "time", "tran", "tranif0", "tranif1", "tri",
            "tri0", "tri1", "triand", "trior", "trireg", "unsigned", "use", "uwire", "vectored", "wait", "wand",
            "weak0", "weak1", "while", "wire", "wor", "xnor", "xor",
            "bit", "logic", "byte", "int", "shortint", "longint", "string", "void", "enum", "struct", "union",
            "typedef", "class", "interface", "package", "import", "export", "program", "property", "sequence",
            "assert", "assume", "cover", "bind", "chandle", "const", "context", "do", "extends", "final", "foreach",
            "iff", "inside", "local", "modport", "new", "null", "priority", "protected", "pure", "rand", "randc",
            "ref", "return", "solve", "static", "super", "this", "timeprecision", "timeunit", "type", "unique",
            "var", "virtual", "wildcard", "with", "break", "continue", "alias", "let", "restrict", "global",
            // C++ keywords: Verilator turns port names into C++ members.
            "asm", "catch", "char", "delete", "double", "explicit", "float", "friend", "goto", "inline",
            "long", "mutable", "namespace", "operator", "private", "public", "register", "short", "sizeof",
            "switch", "template", "throw", "try", "typeid", "typename", "using", "volatile",
            "clk");

    private Identifiers() {
    }

    /** Null if {@code name} is a legal builder name, else the reason it is not. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty name";
        }
        if (!SIMPLE.matcher(name).matches()) {
            return "'" + name + "' is not an identifier (letter first, then letters, digits, '_')";
        }
        if (RESERVED.contains(name)) {
            return "'" + name + "' is reserved (Verilog keyword or the implicit clock)";
        }
        if (name.contains("__")) {
            return "'" + name + "' contains '__', which Shears uses for flattened hierarchy";
        }
        return null;
    }

    /** True for a legal name or a flattened "a.b.c" path of legal names. */
    public static boolean isLegalPath(String path) {
        for (String part : path.split("\\.", -1)) {
            if (problem(part) != null) {
                return false;
            }
        }
        return true;
    }
}
