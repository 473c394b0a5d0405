package shears.rtl.hdl;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shears.rtl.ir.Clocking;
import shears.rtl.ir.Identifiers;
import shears.rtl.ir.Op;
import shears.rtl.ir.SourceLoc;

/**
 * Builds one hardware module. There is no global "current module": generators hold the builder and
 * pass it explicitly. Assignments come in two kinds:
 * <ul>
 *   <li>{@link #assign}: a continuous single driver; a second driver of any kind is an error.</li>
 *   <li>{@link #set}: procedural; may appear many times, under {@link #when} conditions; the last
 *       assignment that fires wins. A wire or output must be set on every path; a register holds its
 *       value when no assignment fires.</li>
 * </ul>
 * {@link #build()} lowers the module to a netlist module and freezes the builder.
 */
public final class ModuleBuilder {
    private final String name;
    private final SourceLoc loc;
    final List<Signal> signals = new ArrayList<>();
    final Map<Signal, List<Assignment>> assignments = new LinkedHashMap<>();
    final List<Mem> memories = new ArrayList<>();
    final List<Inst> instances = new ArrayList<>();
    final List<Output> outputs = new ArrayList<>();
    private final Map<String, SourceLoc> names = new HashMap<>();
    private final Clocking clocking;
    private Signal guard;
    private Signal reset;
    private HdlModule built;

    /** One assignment to a target: value (already at the target's width), guard (null: always), kind. */
    record Assignment(Signal value, Signal guard, boolean continuous, SourceLoc loc) {}

    public ModuleBuilder(String name) {
        this(name, Clocking.DEFAULT, Locations.caller());
    }

    /**
     * A module whose clock and reset ports are named by {@code clocking}, e.g. {@link Clocking#AXI}
     * for a top level that drops into a vendor block design. Instances inside it keep their own.
     */
    public ModuleBuilder(String name, Clocking clocking) {
        this(name, clocking, Locations.caller());
    }

    private ModuleBuilder(String name, Clocking clocking, SourceLoc loc) {
        this.loc = loc;
        String problem = Identifiers.problem(name);
        if (problem != null) {
            throw new DesignException("module name: " + problem, loc);
        }
        this.name = name;
        this.clocking = clocking;
    }

    public Clocking clocking() {
        return clocking;
    }

    public String name() {
        return name;
    }

    int register(Signal s) {
        signals.add(s);
        return signals.size() - 1;
    }

    // ---- declarations ------------------------------------------------------------------------

    public Input input(String portName, HdlType type) {
        SourceLoc at = Locations.caller();
        checkOpen(at);
        if (clocking.reset().equals(portName)) {
            throw new DesignException("'" + portName + "' is the module reset; use reset()", at);
        }
        claimName(portName, at);
        return new Input(this, portName, type, at);
    }

    public Output output(String portName, HdlType type) {
        SourceLoc at = Locations.caller();
        checkOpen(at);
        claimName(portName, at);
        Output o = new Output(this, portName, type, at);
        outputs.add(o);
        return o;
    }

    public Wire wire(String wireName, HdlType type) {
        SourceLoc at = Locations.caller();
        checkOpen(at);
        claimName(wireName, at);
        return new Wire(this, wireName, type, at);
    }

    /** A register with no reset (starts at 0 in simulation; undefined in silicon). */
    public Reg reg(String regName, HdlType type) {
        return makeReg(regName, type, null);
    }

    /** A register with a synchronous reset to {@code resetValue} on the module's {@code rst} input. */
    public Reg reg(String regName, HdlType type, long resetValue) {
        return makeReg(regName, type, BigInteger.valueOf(resetValue));
    }

    public Reg reg(String regName, HdlType type, BigInteger resetValue) {
        return makeReg(regName, type, resetValue);
    }

    private Reg makeReg(String regName, HdlType type, BigInteger resetValue) {
        SourceLoc at = Locations.caller();
        checkOpen(at);
        claimName(regName, at);
        BigInteger bits = resetValue == null ? null : toBits(resetValue, type, at, "reset value of '" + regName + "'");
        Signal rst = resetValue == null ? null : reset();
        return new Reg(this, regName, type, bits, rst, at);
    }

    /**
     * The module's synchronous reset, high while resetting, created on first use: the input named by
     * {@link #clocking()}, inverted when that input is active low.
     */
    public Signal reset() {
        if (reset == null) {
            SourceLoc at = Locations.caller();
            checkOpen(at);
            names.put(clocking.reset(), at);
            Input port = new Input(this, clocking.reset(), HdlType.uint(1), at);
            reset = clocking.resetActiveLow() ? port.not() : port;
        }
        return reset;
    }

    public Mem ram(String memName, HdlType type, int depth) {
        return memory(memName, type, depth, List.of(), false);
    }

    public Mem rom(String memName, HdlType type, List<BigInteger> contents) {
        return memory(memName, type, contents.size(), contents, true);
    }

    public Mem rom(String memName, HdlType type, long[] contents) {
        List<BigInteger> l = new ArrayList<>();
        for (long v : contents) {
            l.add(BigInteger.valueOf(v));
        }
        return memory(memName, type, contents.length, l, true);
    }

    private Mem memory(String memName, HdlType type, int depth, List<BigInteger> contents, boolean rom) {
        SourceLoc at = Locations.caller();
        checkOpen(at);
        claimName(memName, at);
        if (depth < 1) {
            throw new DesignException("memory '" + memName + "' needs depth >= 1, got " + depth, at);
        }
        List<BigInteger> init = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            init.add(toBits(contents.get(i), type, at, "word " + i + " of '" + memName + "'"));
        }
        Mem m = new Mem(this, memName, type, depth, List.copyOf(init), rom, at, memories.size());
        memories.add(m);
        return m;
    }

    public Inst instance(String instName, HdlModule module) {
        SourceLoc at = Locations.caller();
        checkOpen(at);
        claimName(instName, at);
        Inst i = new Inst(this, instName, module, at, instances.size());
        instances.add(i);
        return i;
    }

    // ---- constants and combinators -----------------------------------------------------------

    /** Unsigned constant of the smallest width holding {@code v} (&ge; 0). */
    public Signal lit(long v) {
        if (v < 0) {
            throw new DesignException("unsigned constant " + v + " is negative; use slit", Locations.caller());
        }
        return lit(BigInteger.valueOf(v), HdlType.uint(Math.max(1, 64 - Long.numberOfLeadingZeros(v))));
    }

    /** Signed constant of the smallest width holding {@code v}. */
    public Signal slit(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return lit(b, HdlType.sint(b.bitLength() + 1));
    }

    /** Constant of an explicit type; negative values need a signed type. */
    public Signal lit(long v, HdlType type) {
        return lit(BigInteger.valueOf(v), type);
    }

    public Signal lit(BigInteger v, HdlType type) {
        SourceLoc at = Locations.caller();
        checkOpen(at);
        return new Node(this, Op.CONST, type, 0, toBits(v, type, at, "constant"), new Signal[0], at);
    }

    /** Concatenation, most significant part first; unsigned result. */
    public Signal cat(Signal... parts) {
        int w = 0;
        for (Signal p : parts) {
            checkSame(p);
            w += p.width();
        }
        if (parts.length == 0) {
            throw new DesignException("cat() needs at least one part", Locations.caller());
        }
        return catTyped(HdlType.uint(w), parts);
    }

    Signal catTyped(HdlType type, Signal... parts) {
        Signal[] ps = new Signal[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ps[i] = parts[i].isSigned() ? parts[i].asUInt() : parts[i];
        }
        return node(Op.CONCAT, type, 0, null, ps);
    }

    /** {@code sel ? ifTrue : ifFalse}; data operands must share signedness; result has the wider width. */
    public Signal mux(Signal sel, Signal ifTrue, Signal ifFalse) {
        checkCondition(sel);
        checkSame(ifTrue);
        checkSame(ifFalse);
        if (ifTrue.isSigned() != ifFalse.isSigned()) {
            throw new DesignException(
                    "signedness mismatch in mux: " + ifTrue.describe() + " is " + ifTrue.type() + ", "
                            + ifFalse.describe() + " is " + ifFalse.type(),
                    Locations.caller());
        }
        int w = Math.max(ifTrue.width(), ifFalse.width());
        return node(Op.MUX, ifTrue.type().withWidth(w), 0, null, sel, ifTrue.ext(w), ifFalse.ext(w));
    }

    // ---- assignment and conditions -----------------------------------------------------------

    /** Continuous assignment: the only driver {@code target} may have. */
    public void assign(Target target, Signal value) {
        SourceLoc at = Locations.caller();
        if (guard != null) {
            throw new DesignException("assign is continuous and cannot sit inside when(); use set", at);
        }
        addAssignment(target, value, true, at);
    }

    /** Procedural assignment: last one that fires wins; may be guarded by {@link #when}. */
    public void set(Target target, Signal value) {
        addAssignment(target, value, false, Locations.caller());
    }

    public void set(Target target, long value) {
        SourceLoc at = Locations.caller();
        Signal c = new Node(
                this,
                Op.CONST,
                target.type(),
                0,
                toBits(BigInteger.valueOf(value), target.type(), at, "value for " + target.name()),
                new Signal[0],
                at);
        addAssignment(target, c, false, at);
    }

    private void addAssignment(Target target, Signal value, boolean continuous, SourceLoc at) {
        checkOpen(at);
        Signal t = (Signal) target;
        checkSame(t);
        checkSame(value);
        if (value.width() > t.width()) {
            throw new DesignException(
                    "width mismatch: " + value.describe() + " " + value.type() + " assigned to " + t.describe() + " "
                            + t.type() + "; use trunc(" + t.width() + ") to drop bits",
                    at);
        }
        if (value.isSigned() != t.isSigned()) {
            throw new DesignException(
                    "signedness mismatch: " + value.describe() + " " + value.type() + " assigned to " + t.describe()
                            + " " + t.type() + " (use asSInt/asUInt)",
                    at);
        }
        List<Assignment> list = assignments.computeIfAbsent(t, k -> new ArrayList<>());
        if (!list.isEmpty() && (continuous || list.get(0).continuous())) {
            SourceLoc first = list.get(0).loc();
            throw new DesignException(
                    "multiple drivers: " + t.describe() + " is already driven at " + first, at, first);
        }
        list.add(new Assignment(value.ext(t.width()), guard, continuous, at));
    }

    /** Runs {@code body} with its {@link #set} assignments guarded by {@code condition} (1 bit). */
    public WhenChain when(Signal condition, Runnable body) {
        checkCondition(condition);
        Signal parent = guard;
        runGuarded(parent, condition, body);
        return new WhenChain(this, parent, condition);
    }

    void runGuarded(Signal parent, Signal condition, Runnable body) {
        Signal saved = guard;
        guard = parent == null ? condition : parent.and(condition);
        try {
            body.run();
        } finally {
            guard = saved;
        }
    }

    void checkCondition(Signal c) {
        checkSame(c);
        if (c.width() != 1) {
            throw new DesignException(
                    "condition " + c.describe() + " must be 1 bit, is " + c.type(), Locations.caller());
        }
    }

    // ---- build -------------------------------------------------------------------------------

    /** Lowers and freezes the module. Calling it again returns the same result. */
    public HdlModule build() {
        if (built == null) {
            built = Lowering.lower(this);
        }
        return built;
    }

    // ---- internals ---------------------------------------------------------------------------

    Node node(Op op, HdlType type, int aux, BigInteger value, Signal... operands) {
        SourceLoc at = Locations.caller();
        checkOpen(at);
        for (Signal s : operands) {
            checkSame(s);
        }
        return new Node(this, op, type, aux, value, operands, at);
    }

    void checkSame(Signal s) {
        if (s.owner != this) {
            throw new DesignException(
                    s.describe() + " belongs to module " + s.owner.name() + ", not " + name, Locations.caller(), s.loc);
        }
    }

    void checkOpen(SourceLoc at) {
        if (built != null) {
            throw new DesignException("module " + name + " is already built", at);
        }
    }

    void claimName(String n, SourceLoc at) {
        String problem = Identifiers.problem(n);
        if (problem != null) {
            throw new DesignException(problem, at);
        }
        if (n.equals(clocking.clock())) {
            throw new DesignException("'" + n + "' is the module clock", at);
        }
        SourceLoc prev = names.putIfAbsent(n, at);
        if (prev != null) {
            throw new DesignException(
                    "name '" + n + "' is already used in module " + name + " (at " + prev + ")", at, prev);
        }
    }

    SourceLoc loc() {
        return loc;
    }

    static BigInteger toBits(BigInteger v, HdlType type, SourceLoc at, String what) {
        int w = type.width();
        boolean fits = type.signed() ? v.bitLength() + 1 <= w : v.signum() >= 0 && v.bitLength() <= w;
        if (!fits) {
            throw new DesignException(what + " " + v + " does not fit " + type, at);
        }
        return v.signum() >= 0 ? v : v.add(BigInteger.ONE.shiftLeft(w));
    }
}
