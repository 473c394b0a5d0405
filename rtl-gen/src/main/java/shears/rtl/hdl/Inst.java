package shears.rtl.hdl;

import java.util.LinkedHashMap;
import java.util.Map;
import shears.rtl.ir.Cell;
import shears.rtl.ir.Clocking;
import shears.rtl.ir.Op;
import shears.rtl.ir.OutputPort;
import shears.rtl.ir.SourceLoc;

/** An instance of a finished {@link HdlModule} inside a module under construction. */
public final class Inst {
    final ModuleBuilder owner;
    final String name;
    final HdlModule module;
    final SourceLoc loc;
    final int index;
    final Map<String, Signal> inputs = new LinkedHashMap<>();
    final Map<String, SourceLoc> inputLocs = new LinkedHashMap<>();
    final Map<String, Node> outputs = new LinkedHashMap<>();

    Inst(ModuleBuilder owner, String name, HdlModule module, SourceLoc loc, int index) {
        this.owner = owner;
        this.name = name;
        this.module = module;
        this.loc = loc;
        this.index = index;
        Clocking clocking = module.netlistModule().clocking();
        if (module.netlistModule().inputNet(clocking.reset()) >= 0) {
            // Like the clock, the synchronous reset reaches every instance implicitly.
            Signal reset = owner.reset();
            inputs.put(clocking.reset(), clocking.resetActiveLow() ? reset.not() : reset);
            inputLocs.put(clocking.reset(), loc);
        }
    }

    public String name() {
        return name;
    }

    /** Drives the child's input {@code port}; narrower values are extended by their signedness. */
    public Inst in(String port, Signal value) {
        SourceLoc at = Locations.caller();
        owner.checkOpen(at);
        owner.checkSame(value);
        int net = module.netlistModule().inputNet(port);
        if (net < 0) {
            throw new DesignException("module " + module.name() + " has no input '" + port + "'", at);
        }
        if (inputs.containsKey(port)) {
            throw new DesignException(
                    "multiple drivers: input '" + port + "' of instance '" + name + "' is already driven (at "
                            + inputLocs.get(port) + ")",
                    at,
                    inputLocs.get(port));
        }
        Cell c = module.netlistModule().cell(net);
        if (value.width() > c.width() || value.isSigned() != c.signed()) {
            throw new DesignException(
                    "width mismatch: " + value.describe() + " " + value.type() + " drives input '" + port
                            + "' of instance '" + name + "' which is " + (c.signed() ? "SInt<" : "UInt<") + c.width()
                            + ">",
                    at);
        }
        inputs.put(port, value.ext(c.width()));
        inputLocs.put(port, at);
        return this;
    }

    /** The child's output {@code port} as a signal of this module. */
    public Signal out(String port) {
        SourceLoc at = Locations.caller();
        Node existing = outputs.get(port);
        if (existing != null) {
            return existing;
        }
        owner.checkOpen(at);
        OutputPort op = module.netlistModule().output(port);
        if (op == null) {
            throw new DesignException("module " + module.name() + " has no output '" + port + "'", at);
        }
        Cell c = module.netlistModule().cell(op.net());
        Node n = owner.node(Op.INST_OUT, new HdlType(c.width(), c.signed()), index, null);
        n.ref = this;
        n.name = null;
        outputs.put(port, n);
        return n;
    }
}
