package shears.rtl.ir;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Structural checks every netlist passes: operand widths per {@link Op}, ranges, names, hierarchy, no loops. */
public final class NetlistVerifier {
    private NetlistVerifier() {}

    public static void verify(Netlist netlist) {
        for (NetlistModule m : netlist.modules()) {
            verifyModule(netlist, m);
        }
        checkNoRecursion(netlist, netlist.topName(), new HashSet<>());
        for (NetlistModule m : netlist.modules()) {
            List<Integer> loop = Levelizer.findLoop(m);
            if (!loop.isEmpty()) {
                throw new NetlistException(m.name() + ": combinational loop through nets " + loop);
            }
        }
    }

    private static void checkNoRecursion(Netlist nl, String module, Set<String> path) {
        if (!path.add(module)) {
            throw new NetlistException("recursive instantiation of " + module);
        }
        for (Instance i : nl.module(module).instances()) {
            checkNoRecursion(nl, i.module(), path);
        }
        path.remove(module);
    }

    private static void verifyModule(Netlist nl, NetlistModule m) {
        String where = m.name();
        if (!Identifiers.isLegalPath(m.name()) || m.name().contains(".")) {
            throw new NetlistException("illegal module name " + m.name());
        }
        Set<String> names = new HashSet<>();
        int n = m.size();
        for (int i = 0; i < n; i++) {
            Cell c = m.cell(i);
            String at = where + " net " + i + " (" + c + ")";
            if (c.name() != null) {
                if (!Identifiers.isLegalPath(c.name())) {
                    throw new NetlistException(at + ": illegal name");
                }
                if (!names.add(c.name())) {
                    throw new NetlistException(at + ": duplicate name " + c.name());
                }
            }
            for (int k = 0; k < c.inputCount(); k++) {
                int in = c.in(k);
                boolean optional = (c.op() == Op.REG && k > 0) || (c.op() == Op.MEM_READ && k == 1);
                if (in == Cell.NONE && optional) {
                    continue;
                }
                if (in < 0 || in >= n) {
                    throw new NetlistException(at + ": input " + k + " out of range");
                }
            }
            checkWidths(m, c, at);
        }
        for (OutputPort o : m.outputs()) {
            if (Identifiers.problem(o.name()) != null) {
                throw new NetlistException(where + ": illegal output name " + o.name());
            }
            if (!names.add(o.name())) {
                throw new NetlistException(where + ": output name " + o.name() + " clashes with another name");
            }
            if (o.net() < 0 || o.net() >= n) {
                throw new NetlistException(where + ": output " + o.name() + " drives from missing net");
            }
        }
        for (Memory mem : m.memories()) {
            if (!names.add(mem.name())) {
                throw new NetlistException(where + ": memory name " + mem.name() + " clashes");
            }
            Memory.WritePort w = mem.write();
            if (w != null) {
                expectWidth(m, w.enable(), 1, where + " memory " + mem.name() + " write enable");
                expectWidth(m, w.addr(), mem.addrWidth(), where + " memory " + mem.name() + " write address");
                expectWidth(m, w.data(), mem.width(), where + " memory " + mem.name() + " write data");
            }
        }
        for (int k = 0; k < m.instances().size(); k++) {
            Instance inst = m.instances().get(k);
            if (!names.add(inst.name())) {
                throw new NetlistException(where + ": instance name " + inst.name() + " clashes");
            }
            NetlistModule child = nl.module(inst.module());
            Map<String, Integer> given = new HashMap<>();
            for (Instance.Connection c : inst.inputs()) {
                if (given.put(c.port(), c.net()) != null) {
                    throw new NetlistException(
                            where + ": instance " + inst.name() + " connects " + c.port() + " twice");
                }
            }
            for (Cell in : child.inputs()) {
                Integer net = given.remove(in.name());
                if (net == null) {
                    throw new NetlistException(
                            where + ": instance " + inst.name() + " leaves input " + in.name() + " open");
                }
                expectWidth(m, net, in.width(), where + ": instance " + inst.name() + " input " + in.name());
            }
            if (!given.isEmpty()) {
                throw new NetlistException(where + ": instance " + inst.name() + " has no inputs " + given.keySet());
            }
            for (Instance.Connection c : inst.outputs()) {
                OutputPort op = child.output(c.port());
                if (op == null) {
                    throw new NetlistException(where + ": " + inst.module() + " has no output " + c.port());
                }
                Cell out = m.cell(c.net());
                if (out.op() != Op.INST_OUT
                        || out.aux() != k
                        || out.width() != child.cell(op.net()).width()) {
                    throw new NetlistException(where + ": instance " + inst.name() + " output " + c.port()
                            + " is not a matching INST_OUT");
                }
            }
        }
        checkClocking(m, names);
    }

    private static void checkClocking(NetlistModule m, Set<String> names) {
        Clocking clocking = m.clocking();
        if (names.contains(clocking.clock())) {
            throw new NetlistException(
                    m.name() + ": '" + clocking.clock() + "' is the clock and cannot name anything else");
        }
        int reset = m.inputNet(clocking.reset());
        if (reset >= 0 && m.cell(reset).width() != 1) {
            throw new NetlistException(m.name() + ": reset input '" + clocking.reset() + "' is "
                    + m.cell(reset).width() + " bits wide, expected 1");
        }
    }

    private static void expectWidth(NetlistModule m, int net, int width, String what) {
        if (net < 0 || net >= m.size()) {
            throw new NetlistException(what + ": missing net");
        }
        if (m.cell(net).width() != width) {
            throw new NetlistException(what + ": width " + m.cell(net).width() + ", expected " + width);
        }
    }

    private static void checkWidths(NetlistModule m, Cell c, String at) {
        int w = c.width();
        switch (c.op()) {
            case INPUT, CONST -> {}
            case ADD, SUB, MUL, AND, OR, XOR -> {
                same(m, c.in(0), w, at);
                same(m, c.in(1), w, at);
            }
            case NOT, ALIAS -> same(m, c.in(0), w, at);
            case SHL, SHR, SRA -> same(m, c.in(0), w, at);
            case EQ, NE, LTU, LEU, LTS, LES -> {
                require(w == 1, at, "comparison result must be 1 bit");
                require(m.cell(c.in(0)).width() == m.cell(c.in(1)).width(), at, "compared operands differ in width");
            }
            case MUX -> {
                same(m, c.in(0), 1, at);
                same(m, c.in(1), w, at);
                same(m, c.in(2), w, at);
            }
            case SLICE ->
                require(c.aux() >= 0 && (long) c.aux() + w <= m.cell(c.in(0)).width(), at, "slice out of range");
            case CONCAT -> {
                require(c.inputCount() >= 1, at, "concat needs parts");
                long sum = 0;
                for (int k = 0; k < c.inputCount(); k++) {
                    sum += m.cell(c.in(k)).width();
                }
                require(sum == w, at, "concat width " + w + " != sum of parts " + sum);
            }
            case ZEXT, SEXT -> require(m.cell(c.in(0)).width() <= w, at, "extension narrows");
            case RED_AND, RED_OR, RED_XOR -> require(w == 1, at, "reduction result must be 1 bit");
            case REG -> {
                same(m, c.in(0), w, at);
                if (c.in(1) != Cell.NONE) {
                    same(m, c.in(1), 1, at);
                }
                if (c.in(2) != Cell.NONE) {
                    same(m, c.in(2), 1, at);
                    require(c.value() != null, at, "register with reset input needs a reset value");
                }
            }
            case MEM_READ -> {
                require(c.aux() >= 0 && c.aux() < m.memories().size(), at, "no such memory");
                Memory mem = m.memories().get(c.aux());
                require(w == mem.width(), at, "read width differs from memory width");
                same(m, c.in(0), mem.addrWidth(), at);
                if (c.in(1) != Cell.NONE) {
                    same(m, c.in(1), 1, at);
                }
            }
            case INST_OUT -> require(c.aux() >= 0 && c.aux() < m.instances().size(), at, "no such instance");
        }
    }

    private static void same(NetlistModule m, int net, int w, String at) {
        require(
                m.cell(net).width() == w,
                at,
                "operand net " + net + " has width " + m.cell(net).width() + ", expected " + w);
    }

    private static void require(boolean ok, String at, String msg) {
        if (!ok) {
            throw new NetlistException(at + ": " + msg);
        }
    }
}
