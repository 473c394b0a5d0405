package shears.rtl.hdl;

import shears.rtl.ir.SourceLoc;

/** A named combinational signal; must be driven on every path if it is read. */
public final class Wire extends Signal implements Target {
    private final String name;

    Wire(ModuleBuilder owner, String name, HdlType type, SourceLoc loc) {
        super(owner, type, loc);
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "wire '" + name + "'";
    }
}
